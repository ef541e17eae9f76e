"""Mentions: who is named in each article, together, and over time.

One row per mention (:func:`mention_spans`: where, as written, by name or by role), per
article and actor (:func:`find_mentions`), per period and actor
(:func:`mentions_over_time`) and per pair of actors named together (:func:`cooccurrence`).
Names are found by the :class:`~coveragekit.actors.matching.ActorMatcher`, roles ("the
Mexican president") by the :class:`~coveragekit.actors.roles.RoleMatcher` at the article's
date. Places are matched and listed with kind "place"; the summaries leave them out
unless ``include_places=True``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .._frame import as_articles, as_text, require_columns
from ..periods import period_start
from .matching import ActorMatcher, Mention, actor_matcher
from .roles import RoleMatcher, role_matcher_for
from .table import alias_key

__all__ = ["MENTION_COLUMNS", "SPAN_COLUMNS", "article_dates", "article_langs", "cooccurrence", "count_mentions",
           "drop_places", "find_mentions", "mention_spans", "mentions_over_time", "require_columns"]

SPAN_COLUMNS = ["article_id", "field", "start", "end", "actor", "kind", "matched", "how"]
MENTION_COLUMNS = ["article_id", "actor", "kind", "n", "n_role"]


_SPAN_DTYPES = {
    "article_id": "string",
    "field": "string",
    "start": "int64",
    "end": "int64",
    "actor": "string",
    "kind": "string",
    "matched": "string",
    "how": "string",
}


@lru_cache(maxsize=4096)
def _alias_key_memo(alias: str) -> str:
    return alias_key(alias)


def _with_roles(names: list[Mention], roles: list[Mention], role_keys=(), context_keys=()) -> list[tuple[Mention, str]]:
    """Name and role mentions together, by position, with how each was found. A name
    inside a role mention of the same actor ("the Secretary of War") gives way to it, and
    an alias of the actor table that is also a role alias (``role_keys``) counts only
    where the role rules accept it (its dates, its traps)."""
    if role_keys:
        names = [m for m in names if _alias_key_memo(m.alias) not in role_keys
                 or any(r.start <= m.start and m.end <= r.end for r in roles)]
    if not roles:
        return [(m, "name") for m in names]
    kept = [(m, "name") for m in names
            if not any(r.actor == m.actor and r.start < m.end and m.start < r.end for r in roles)]
    kept += [(r, "name" if _alias_key_memo(r.alias) in context_keys else "role") for r in roles]
    kept.sort(key=lambda x: (x[0].start, x[0].end))
    return kept


def article_dates(df: pd.DataFrame, date: str | None):
    """Each article's date as a UTC timestamp (None when it has none or no date column)."""
    if not date or date not in df.columns:
        return [None] * len(df)
    values = pd.to_datetime(df[date], errors="coerce", utc=True)
    return [None if pd.isna(v) else v for v in values]


def article_langs(df: pd.DataFrame, lang: str | None):
    """Each article's language code as text ("" without a language column)."""
    if not lang or lang not in df.columns:
        return [""] * len(df)
    return [as_text(v) for v in df[lang]]


def mention_spans(
    df: pd.DataFrame,
    *,
    actors=None,
    text: str | None = "text",
    title: str | None = "title",
    roles=None,
    date: str | None = "published_at",
    lang: str | None = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Every actor mention in the titles and texts, one row per mention (long).

    Parameters
    ----------
    df : DataFrame
        Articles with ``article_id`` and the ``title`` and ``text`` columns.
    actors : DataFrame, path, ActorMatcher or None
        The actor table; None reads the kit's ``data/actors.csv``.
    text, title : str or None
        Column names; None leaves that field out.
    id : str, default "article_id"
        The column of article ids; a frame with no ``article_id`` gets one made
        (:func:`coveragekit._frame.made_ids`).
    roles : DataFrame, path, RoleMatcher, None or False
        The role table (:mod:`coveragekit.actors.roles`); None reads ``data/roles.csv``, False
        finds names only.
    date, lang : str or None
        The columns of the article's date (roles are resolved at it; without one, no
        role counts) and language.

    Returns
    -------
    DataFrame
        ``article_id, field, start, end, actor, kind, matched, how``: ``field`` is "title"
        or "text", ``df[field][start:end] == matched`` (the mention as written), ``how``
        "name" (an alias of the actor table) or "role" (a role of the role table, resolved
        to its holder at the article's date). Places are included, with kind "place".
        Sorted by article_id, field, start. The input is not modified.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Mexico", "Mexico City"],
    ...     "kind": ["person", "country", "place"], "country": ["MX", "MX", "MX"],
    ...     "aliases": ["Sheinbaum", "México", "Ciudad de México"]})
    >>> roles = pd.DataFrame({"role_alias": ["presidenta de México"], "lang": ["es"],
    ...     "actor": ["Claudia Sheinbaum"], "from": ["2024-10-01"], "to": [""], "scope": ["qualified"]})
    >>> arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "title": ["Sheinbaum’s reply", "", "Lluvias"],
    ...     "text": ["Sheinbaum spoke in Mexico City.", "La presidenta de México dijo que no.",
    ...              "Llueve en Monterrey."],
    ...     "lang": ["en", "es", "es"], "published_at": ["2025-03-01", "2025-03-02", "2025-03-02"]})
    >>> spans = mention_spans(arts, actors=table, roles=roles)
    >>> spans[["article_id", "field", "start", "actor", "matched", "how"]]
      article_id  field  start              actor                  matched   how
    0         a1   text      0  Claudia Sheinbaum                Sheinbaum  name
    1         a1   text     19        Mexico City              Mexico City  name
    2         a1  title      0  Claudia Sheinbaum                Sheinbaum  name
    3         a2   text      0  Claudia Sheinbaum  La presidenta de México  role
    4         a2   text     17             Mexico                   México  name
    """
    df = as_articles(df, verb="mention_spans()", text=text, title=title, id=id, need_lang=False)
    return _spans(df, actors=actors, text=text, title=title, roles=roles, date=date, lang=lang)


def _spans(df: pd.DataFrame, *, actors, text, title, roles, date, lang) -> pd.DataFrame:
    """:func:`mention_spans` of articles that have their columns (:func:`as_articles`)."""
    matcher = actor_matcher(actors)
    role_matcher = role_matcher_for(matcher, roles)
    fields = [(f, c) for f, c in (("title", title), ("text", text)) if c]
    cols: dict[str, list] = {c: [] for c in SPAN_COLUMNS}
    ids = [as_text(v) for v in df["article_id"]]
    dates = article_dates(df, date) if role_matcher is not None else [None] * len(df)
    langs = article_langs(df, lang)
    for field, col in fields:
        for aid, value, day, lg in zip(ids, df[col], dates, langs):
            for m, how in _mentions_of(matcher, role_matcher, value, day, lg):
                _append_span(cols, aid, field, m, how)
    out = pd.DataFrame({c: pd.Series(v, dtype=_SPAN_DTYPES[c]) for c, v in cols.items()})
    return out.sort_values(["article_id", "field", "start"], kind="stable").reset_index(drop=True)


def _mentions_of(matcher: ActorMatcher, role_matcher: RoleMatcher | None, value, day, lang: str):
    """The name and role mentions of one field, with how each was found."""
    names = matcher.find(value)
    found = role_matcher.find(value, date=day, names=names, lang=lang) if day is not None else []
    return _with_roles(names, found, role_matcher.keys if role_matcher else (),
                       role_matcher.context_keys if role_matcher else ())


def _append_span(cols: dict[str, list], aid: str, field: str, m: Mention, how: str) -> None:
    cols["article_id"].append(aid)
    cols["field"].append(field)
    cols["start"].append(m.start)
    cols["end"].append(m.end)
    cols["actor"].append(m.actor)
    cols["kind"].append(m.kind)
    cols["matched"].append(m.alias_text)
    cols["how"].append(how)


def find_mentions(
    df: pd.DataFrame,
    *,
    actors=None,
    text: str | None = "text",
    title: str | None = "title",
    roles=None,
    date: str | None = "published_at",
    lang: str | None = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Mentions per article and actor, title and text together (long).

    Parameters are those of :func:`mention_spans`.

    Returns
    -------
    DataFrame
        ``article_id, actor, kind, n, n_role``: one row per (article, actor) mentioned at
        least once, ``n`` the number of mentions, ``n_role`` how many of them name the
        actor by a role ("the Mexican president"). Places are included (kind "place").
        Sorted by article_id, actor.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["DEA", "CJNG"], "kind": ["agency", "cartel"],
    ...     "country": ["US", "MX"], "aliases": ["", "Jalisco New Generation Cartel"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "title": ["DEA targets CJNG", "", "Cartel news"],
    ...     "text": ["The idea: the DEA says the Jalisco New Generation Cartel (CJNG) grew.",
    ...              "La DEA y el CJNG.", "Nothing here."]})
    >>> find_mentions(arts, actors=table)
      article_id actor    kind  n  n_role
    0          a  CJNG  cartel  3       0
    1          a   DEA  agency  2       0
    2          b  CJNG  cartel  1       0
    3          b   DEA  agency  1       0
    """
    df = as_articles(df, verb="find_mentions()", text=text, title=title, id=id, need_lang=False)
    spans = _spans(df, actors=actors, text=text, title=title, roles=roles, date=date, lang=lang)
    return count_mentions(spans)


def count_mentions(spans: pd.DataFrame) -> pd.DataFrame:
    """The mention table (:data:`MENTION_COLUMNS`) of a span table (:func:`mention_spans`):
    one row per article and actor, ``n`` its mentions, ``n_role`` those by a role.

    Examples
    --------
    >>> spans = pd.DataFrame({"article_id": ["a", "a", "b"],
    ...     "actor": ["Marco Rubio", "Marco Rubio", "Claudia Sheinbaum"],
    ...     "kind": ["person"] * 3, "how": ["name", "role", "name"]})
    >>> count_mentions(spans)
      article_id              actor    kind  n  n_role
    0          a        Marco Rubio  person  2       1
    1          b  Claudia Sheinbaum  person  1       0
    """
    keys = ["article_id", "actor", "kind"]
    role = (spans["how"] == "role").astype("int64") if "how" in spans.columns else 0
    out = (spans.assign(_role=role).groupby(keys, sort=False)
           .agg(n=("_role", "size"), n_role=("_role", "sum")).reset_index())
    out["n"] = out["n"].astype("int64")
    out["n_role"] = out["n_role"].astype("int64")
    return out.sort_values(["article_id", "actor"], kind="stable").reset_index(drop=True)[
        MENTION_COLUMNS
    ]


def drop_places(mentions: pd.DataFrame, include_places: bool) -> pd.DataFrame:
    if include_places or "kind" not in mentions.columns:
        return mentions
    return mentions[mentions["kind"] != "place"]


def mentions_over_time(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    period: str = "month",
    by: str | None = None,
    include_places: bool = False,
) -> pd.DataFrame:
    """Articles mentioning each actor per period (and group), long.

    Parameters
    ----------
    mentions : DataFrame
        From :func:`find_mentions` (``article_id, actor, kind, n``) or
        :func:`mention_spans` (one row per mention).
    articles : DataFrame
        The articles: ``article_id``, ``published_at`` and the ``by`` column.
    period : {"day", "week", "month", "quarter", "year"}, default "month"
        Periods are taken in UTC, weeks from Monday (:func:`coveragekit.periods.period_start`).
    by : str, optional
        A column of ``articles`` to split by (e.g. "outlet").
    include_places : bool, default False

    Returns
    -------
    DataFrame
        ``period, actor, [by], n_articles, n_mentions, share``: ``period`` is the period's
        start (naive, UTC), ``n_articles`` the articles of the period (and group) naming the
        actor, ``n_mentions`` their mentions, ``share`` = n_articles / all articles of the
        period (and group). Only (period, actor) pairs with a mention are listed. Sorted by
        period, [by], actor.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "published_at": pd.to_datetime(["2025-02-03", "2025-02-27", "2025-03-01"], utc=True)})
    >>> m = pd.DataFrame({"article_id": ["a", "b", "c"], "actor": ["Rubio"] * 3,
    ...                   "kind": ["person"] * 3, "n": [2, 1, 1]})
    >>> mentions_over_time(m, arts)
          period  actor  n_articles  n_mentions  share
    0 2025-02-01  Rubio           2           3    1.0
    1 2025-03-01  Rubio           1           1    1.0
    >>> q = mentions_over_time(m, arts, period="quarter")
    >>> q["period"].dt.strftime("%Y-%m-%d").tolist(), q["n_articles"].tolist()
    (['2025-01-01'], [3])
    """
    require_columns(mentions, ["article_id", "actor"], "mentions_over_time()")
    require_columns(articles, ["article_id", "published_at", by], "mentions_over_time()")
    keys = ["period"] + ([by] if by else [])
    a = _article_periods(articles, period, by)
    totals = a.groupby(keys, dropna=False).size().rename("total")
    per = (
        _mention_counts(drop_places(mentions, include_places))
        .groupby(["article_id", "actor"], sort=False)["n"]
        .sum()
        .reset_index()
        .merge(a, on="article_id", how="inner")
    )
    out = (
        per.groupby(keys + ["actor"], dropna=False)
        .agg(n_articles=("article_id", "nunique"), n_mentions=("n", "sum"))
        .reset_index()
    )
    out = out.merge(totals.reset_index(), on=keys, how="left")
    out["share"] = out["n_articles"] / out["total"]
    out["n_articles"] = out["n_articles"].astype("int64")
    out["n_mentions"] = out["n_mentions"].astype("int64")
    cols = ["period", "actor"] + ([by] if by else []) + ["n_articles", "n_mentions", "share"]
    return out.sort_values(keys + ["actor"], kind="stable").reset_index(drop=True)[cols]


def _mention_counts(m: pd.DataFrame) -> pd.DataFrame:
    """``article_id, actor, n`` of a mention table (``n`` 1 per row of a span table)."""
    n = m["n"].astype("int64") if "n" in m.columns else pd.Series(1, index=m.index, dtype="int64")
    return pd.DataFrame(
        {
            "article_id": m["article_id"].astype(str).to_numpy(),
            "actor": m["actor"].astype(str).to_numpy(),
            "n": n.to_numpy(),
        }
    )


def _article_periods(articles: pd.DataFrame, period: str, by: str | None) -> pd.DataFrame:
    """``article_id, period, [by]``, each article once."""
    a = pd.DataFrame(
        {
            "article_id": articles["article_id"].astype(str).to_numpy(),
            # nanoseconds, as this table has always had them
            "period": period_start(articles["published_at"], period).astype("datetime64[ns]").to_numpy(),
        }
    )
    if by:
        a[by] = articles[by].to_numpy()
    return a.drop_duplicates("article_id")


def cooccurrence(
    mentions: pd.DataFrame, *, min_count: int = 1, include_places: bool = False
) -> pd.DataFrame:
    """Pairs of actors named in the same article: an edge list for a network chart.

    Parameters
    ----------
    mentions : DataFrame
        ``article_id, actor`` (and ``kind``), e.g. from :func:`find_mentions`.
    min_count : int, default 1
        Keep pairs named together in at least this many articles.
    include_places : bool, default False

    Returns
    -------
    DataFrame
        ``actor_a, actor_b, n_articles, n_a, n_b, weight`` with ``actor_a < actor_b``:
        ``n_articles`` the articles naming both, ``n_a`` and ``n_b`` the articles naming
        each, and ``weight`` their Jaccard index, n_articles / (n_a + n_b - n_articles):
        1 when the two are always named together, near 0 when a pair is rare for both.
        (Jaccard needs no count of the articles that name nobody, which a mention table
        cannot give, and is bounded, so it maps straight to an edge width.) Sorted by
        n_articles (descending), actor_a, actor_b.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "3"],
    ...                   "actor": ["Rubio", "Sheinbaum", "Rubio", "Sheinbaum", "Rubio"]})
    >>> cooccurrence(m)
      actor_a    actor_b  n_articles  n_a  n_b    weight
    0   Rubio  Sheinbaum           2    3    2  0.666667
    """
    require_columns(mentions, ["article_id", "actor"], "cooccurrence()")
    m = drop_places(mentions, include_places)
    article, actor, names = _codes(m)
    k = np.int64(max(1, len(names)))
    counts = np.bincount(actor, minlength=len(names))
    pair, n = _pair_counts(article, actor, k)
    g = pd.DataFrame({"actor_a": pair // k, "actor_b": pair % k, "n_articles": n})
    g = g[g["n_articles"] >= min_count]
    a, b = g["actor_a"].to_numpy(), g["actor_b"].to_numpy()
    names = np.asarray(names, dtype=object)
    out = pd.DataFrame({"actor_a": names[a], "actor_b": names[b], "n_articles": g["n_articles"].to_numpy(),
                        "n_a": counts[a], "n_b": counts[b]})
    for c in ("n_articles", "n_a", "n_b"):
        out[c] = out[c].astype("int64")
    out["weight"] = out["n_articles"] / (out["n_a"] + out["n_b"] - out["n_articles"])
    out = out.sort_values(
        ["n_articles", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)


def _codes(m: pd.DataFrame):
    """Each (article, actor) once as integer codes, sorted by article then actor, and the
    actor names: actors are numbered in name order, so that a pair is kept once (code_a <
    code_b means name_a < name_b) and millions of mention rows are handled as integers
    rather than strings."""
    article, _ = pd.factorize(m["article_id"].astype(str).to_numpy())
    actor, names = pd.factorize(m["actor"].astype(str).to_numpy(), sort=True)
    k = np.int64(max(1, len(names)))
    both = np.sort(article.astype(np.int64) * k + actor)
    both = both[np.append(True, both[1:] != both[:-1])] if len(both) else both
    return both // k, both % k, names


def _pair_counts(article: np.ndarray, actor: np.ndarray, k: np.int64):
    """The pairs of actors named in one article, as codes ``a * k + b`` (a < b), and the
    number of articles naming each: the pairs of an article are each row with every later
    row of its article (no self-join of a table)."""
    ends = np.searchsorted(article, article, side="right")  # each row's article ends here
    later = ends - np.arange(len(article)) - 1  # rows after it in its article
    left = np.repeat(np.arange(len(article)), later)
    right = left + 1 + (np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later))
    codes = actor[left] * k + actor[right]  # code_a < code_b
    if k * k <= 1 << 22:  # a count per possible pair fits in memory
        n = np.bincount(codes, minlength=int(k * k))
        pair = np.flatnonzero(n)
        return pair, n[pair]
    return np.unique(codes, return_counts=True)
