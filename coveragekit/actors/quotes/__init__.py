"""Quotes: direct quotations and who said them.

----------------------------
A quotation is text between ``"…"``, ``“…”`` or ``«…»``; marks nested inside a quotation
belong to it, and a mark left open runs to the end of its paragraph (the style of
quotations over several paragraphs). A quotation is reported only when it is attributed
(``how``):

* "cue after": ``"…," Sheinbaum said`` / ``"…," said Sen. Tim Kaine`` / ``«…», dijo
  Castillo`` / ``«…», sostuvo.``;
* "cue before", in the same sentence: ``Sheinbaum said: "…"`` and partial quotations in
  indirect speech, ``Sheinbaum has declared that there will be "no invasion"``;
* "according to": ``"…," according to the Navy`` / ``Según la Secretaría de Marina, "…"``;
* "continued": a quotation in the same sentence as an attributed one (``"…," she said,
  "…"``), opening the sentence right after one in the same paragraph, or a paragraph left
  open whose attribution comes in the next paragraph takes that attribution.

The cue verbs are English and Spanish (said, says, told, warned, added, argued, wrote...;
dijo, afirmó, declaró, señaló, advirtió, sostuvo, agregó, añadió, aseguró, explicó...).
They, the phrases that introduce a source or a term, the titles and the function words the
rules read are tables in ``data/rules/`` (:mod:`coveragekit.actors.rules`; read and compiled
when quotes are first looked for, :class:`QuoteRules`). Quotations whose words read as a
title or a name ("One Hundred Years of Solitude", "El Mencho", "AEA") are not speech; a
quotation interrupted by a dash aside with a speech verb («…—dijo X—, …») is split into its
pieces; conjoined speakers ("said A and B") give one row each; a speaker named by a role
("la mandataria") is its holder at the article's date (:mod:`coveragekit.actors.roles`).
Negated and passive verbs ("did not say", "has been told") attribute nothing.

**Scare quotes are not quotations.** A quotation with no cue (``the so-called
"narcoterrorists"``, ``Mexico calls them "transfers"``) is a way of writing a word, not a
statement by someone: it is not reported, so the quoted-speaker tables have no rows
without a speaker. A quotation introduced as a term ("so-called", "the word", "described
as", "llamados", "la palabra", "calificó de") is skipped even when a cue verb is near.

**The speaker** is the name phrase as written, without leading titles ("President",
"Sen.", "Secretary of State"...): "la presidenta Claudia Sheinbaum" gives "Claudia
Sheinbaum", "Maria Lopez, a customs broker in El Paso" gives "Maria Lopez", "explicó su
presidenta, Sofía Elizondo" gives "Sofía Elizondo"; a description without a name stays
whole ("a spokesperson for the Navy", "US officials"). ``actor`` is the actor the speaker
phrase names through the :class:`ActorMatcher` (a person first, never a place; "" when
none): "a spokesperson for the Mexican Navy" is SEMAR's.

**Pronouns.** "he", "she", "él", "ella" and the omitted subject of Spanish (``«…», dijo.``,
``Entonces dijo que «…»``) are resolved to the subject of their own sentence when it names
someone, else to the most recent candidate in the same or the two previous paragraphs:
a speaker of an earlier quotation, the subject of a speech verb, a name opening a clause
("Mr. Olivas barely looked up", "Para el antropólogo Hernán Acosta, ..."), or a person of
the actor table not governed by a preposition. One-word names count only after a title
or as the surname of a full name met before, so "Critics said" is nobody's antecedent.
``resolved_from`` gives the pronoun, or "(omitted)". When nobody qualifies, the speaker is
the pronoun as written (empty for an omitted subject) and the actor is empty. This is a
heuristic, right for the usual news style and wrong when the nearest name is not the
antecedent; ``resolved_from`` marks the rows to check by hand. Other pronouns ("they",
"it") are kept as written, with an empty actor.

The finder is split by task: :mod:`.marks` finds the quotation marks, :mod:`.cues` compiles
the rule tables (:class:`QuoteRules`), :mod:`.speakers` reads the name phrases around a
speech verb, :mod:`.attribution` decides which quotation is whose and resolves pronouns.
"""

from __future__ import annotations

import pandas as pd

from ..._frame import as_articles, as_text, require_columns
from ..matching import ActorMatcher, actor_matcher
from ..mentions import article_dates, article_langs, drop_places
from ..roles import role_matcher_for
from .attribution import quotes_of
from .cues import QuoteRules, quote_rules
from .marks import Quote
from .speakers import PhraseMentions, actor_of

__all__ = ["QUOTE_COLUMNS", "QuoteRules", "find_quotes", "quote_rules", "quote_share"]

QUOTE_COLUMNS = [
    "article_id",
    "speaker",
    "actor",
    "quote",
    "cue",
    "start",
    "end",
    "how",
    "resolved_from",
]


def find_quotes(
    df: pd.DataFrame,
    *,
    actors=None,
    text: str = "text",
    lang: str | None = "lang",
    roles=None,
    date: str | None = "published_at",
    id: str = "article_id",
    rules=None,
) -> pd.DataFrame:
    """Direct quotations and who said them, one row per quotation (long).

    The rules (which quotations count, how the speaker is found, scare quotes, pronouns)
    are in the module documentation.

    Parameters
    ----------
    df : DataFrame
        Articles with ``article_id`` and the ``text`` column; ``lang`` ("en", "es") picks
        the sentence rules when present.
    actors : DataFrame, path, ActorMatcher or None
        The actor table used to name the speaker's actor; None reads ``data/actors.csv``.
    text : str, default "text"
    lang : str or None, default "lang"
    roles : DataFrame, path, RoleMatcher, None or False
        The role table: a speaker named by a role ("la mandataria", "the Mexican
        president") is its holder at the article's date (``date`` column). None reads
        ``data/roles.csv``; False leaves roles out.
    date : str or None, default "published_at"
    rules : QuoteRules, Rules, folder or None
        The rule tables (speech verbs, cue phrases, titles, word lists): None the kit's
        ``data/rules/`` as this process read them (:func:`coveragekit.actors.rules.compiled_rules`),
        or a folder holding the four tables (:func:`coveragekit.actors.rules.read_rules`).
        The role finder keeps the kit's role word lists (``role_*`` in ``words.csv``).

    Returns
    -------
    DataFrame
        ``article_id, speaker, actor, quote, cue, start, end, how, resolved_from``:
        ``speaker`` the name phrase as written ("" when an omitted subject could not be
        resolved), ``actor`` the actor it names ("" when none), ``quote`` the words
        inside the marks (without a final comma) with ``text[start:end] == quote``,
        ``cue`` the verb or "according to"/"según" as written, ``how`` one of "cue after",
        "cue before", "according to", "continued", and ``resolved_from`` the pronoun (or
        "(omitted)") the speaker was resolved from, else "". Sorted by article_id, start.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["Claudia Sheinbaum"], "kind": ["person"],
    ...                       "country": ["MX"], "aliases": ["Sheinbaum"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "lang": ["en", "es", "en"], "text": [
    ...     'Sheinbaum spoke on Tuesday. "We will not accept it," she said. '
    ...     'Critics mocked the so-called "reform."',
    ...     '«No habrá invasión», dijo Sheinbaum.', "Sheinbaum spoke."]})
    >>> q = find_quotes(arts, actors=table)
    >>> q[["article_id", "speaker", "quote", "cue", "resolved_from"]].values.tolist()
    [['a', 'Sheinbaum', 'We will not accept it', 'said', 'she'], ['b', 'Sheinbaum', 'No habrá invasión', 'dijo', '']]
    >>> q["actor"].tolist()
    ['Claudia Sheinbaum', 'Claudia Sheinbaum']
    """
    df = as_articles(df, verb="find_quotes()", text=text, title=None, id=id, need_lang=False)
    finder = _Finder(quote_rules(rules), actor_matcher(actors), roles)
    langs = article_langs(df, lang)
    dates = article_dates(df, date) if finder.roles is not None else [None] * len(df)
    rows = []
    for aid, value, lg, day in zip(df["article_id"], df[text], langs, dates):
        rows += finder.rows(as_text(aid), as_text(value), lg, day)
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    for c in QUOTE_COLUMNS:
        out[c] = out[c].astype("int64" if c in ("start", "end") else "string")
    return out.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


class _Finder:
    """What :func:`find_quotes` reads for every article: the rules, the matchers, and the
    memo of speaker phrases shared between articles."""

    def __init__(self, rules: QuoteRules, matcher: ActorMatcher, roles):
        self.rules = rules
        self.matcher = matcher
        self.roles = role_matcher_for(matcher, roles)
        self.kinds = dict(zip(matcher.table["actor"], matcher.table["kind"]))
        self.phrases = PhraseMentions(matcher)

    def rows(self, aid: str, t: str, lang: str, day) -> list[tuple]:
        """The rows of one article (:data:`QUOTE_COLUMNS`): one per quotation and speaker."""
        if not t or not any(c in t for c in '"“«”'):
            return []
        people = (self.roles.find(t, date=day, names=self.matcher.find(t), lang=lang)
                  if day is not None else [])
        rows = []
        for q in quotes_of(self.rules, t, lang, self.matcher, self.phrases, people):
            s, e = _trimmed(t, q.s, q.e)
            speaker = t[q.span[0] : q.span[1]] if q.span else ""
            actor = self._actor(t, q, people)
            rows.append((aid, speaker, actor, t[s:e], q.cue, s, e, q.how, q.resolved_from))
            for a, b in q.also:  # one row per speaker: '"...," said A and B'
                name = t[a:b]
                rows.append((aid, name, actor_of(name, self.phrases)[0], t[s:e], q.cue, s, e,
                             q.how, q.resolved_from))
        return rows

    def _actor(self, t: str, q: Quote, people) -> str:
        """The speaker's actor: as the phrase names it; else a person alias covering it ("el
        canciller Gil"); a speaker named by a role takes the role's holder ("dijo la
        presidenta en Palacio Nacional")."""
        actor = q.actor
        if q.span and not actor:
            cover = [m for m in self.matcher.find(t) if m.kind == "person"
                     and m.start <= q.span[0] and q.span[1] <= m.end]
            if cover:
                actor = cover[0].actor
        if q.span and people and self.kinds.get(actor) != "person":
            inside = [r for r in people if r.kind == "person" and r.start < q.span[1] and q.span[0] < r.end]
            if inside:
                actor = inside[0].actor
        return actor


def _trimmed(t: str, s: int, e: int) -> tuple[int, int]:
    """The quotation's words without surrounding white space or a final comma."""
    while e > s and (t[e - 1].isspace() or t[e - 1] == ","):
        e -= 1
    while s < e and t[s].isspace():
        s += 1
    return s, e


def quote_share(
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    by: str | None = None,
    articles: pd.DataFrame | None = None,
    include_places: bool = False,
) -> pd.DataFrame:
    """Who is quoted and who is only talked about: per actor (and group).

    Parameters
    ----------
    quotes : DataFrame
        From :func:`find_quotes` (``article_id, actor``); quotes with no actor are left out.
    mentions : DataFrame
        From :func:`find_mentions` or :func:`mention_spans` (``article_id, actor, kind``).
    by : str, optional
        A group column (e.g. "outlet"): taken from ``articles`` when given, else it must be
        in both tables.
    articles : DataFrame, optional
        ``article_id`` and the ``by`` column.
    include_places : bool, default False

    Returns
    -------
    DataFrame
        ``[by], actor, n_quotes, n_articles_quoted, n_articles_mentioned, share_quoted``:
        an article that quotes an actor counts as mentioning it, so ``share_quoted`` =
        n_articles_quoted / n_articles_mentioned is between 0 and 1. Sorted by [by],
        n_articles_mentioned (descending), actor.

    Examples
    --------
    >>> q = pd.DataFrame({"article_id": ["1", "1", "2"], "actor": ["Sheinbaum", "Sheinbaum", ""]})
    >>> m = pd.DataFrame({"article_id": ["1", "2", "2"], "kind": ["person"] * 3,
    ...                   "actor": ["Sheinbaum", "Sheinbaum", "Trump"]})
    >>> quote_share(q, m)
           actor  n_quotes  n_articles_quoted  n_articles_mentioned  share_quoted
    0  Sheinbaum         2                  1                     2           0.5
    1      Trump         0                  0                     1           0.0
    """
    require_columns(
        quotes, ["article_id", "actor"] + ([by] if by and articles is None else []), "quote_share()"
    )
    require_columns(
        mentions,
        ["article_id", "actor"] + ([by] if by and articles is None else []),
        "quote_share()",
    )
    if by and articles is not None:
        require_columns(articles, ["article_id", by], "quote_share()")
    keys = [by] if by else []
    q, m = _quoted_and_named(quotes, drop_places(mentions, include_places), by, articles)
    if include_places is False and "kind" in mentions.columns and len(q):
        places = set(mentions.loc[mentions["kind"] == "place", "actor"].astype(str))
        q = q[~q["actor"].isin(places)]
    return _shares(q, m, keys)


def _pairs(d: pd.DataFrame, by: str | None, with_group: bool) -> pd.DataFrame:
    """``article_id, actor, [by]`` of a quote or mention table, as text."""
    out = pd.DataFrame(
        {
            "article_id": d["article_id"].astype(str).to_numpy(),
            "actor": d["actor"].fillna("").astype(str).to_numpy(),
        }
    )
    if with_group:
        out[by] = d[by].to_numpy()
    return out


def _quoted_and_named(quotes, mentions, by, articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (article, actor) pairs of the quotes with an actor and of the mentions, with
    their group taken from ``articles`` when it is given."""
    q = _pairs(quotes, by, bool(by) and articles is None)
    m = _pairs(mentions, by, bool(by) and articles is None)
    q = q[q["actor"] != ""]
    if by and articles is not None:
        groups = (
            articles[["article_id", by]].astype({"article_id": str}).drop_duplicates("article_id")
        )
        q, m = (
            q.merge(groups, on="article_id", how="left"),
            m.merge(groups, on="article_id", how="left"),
        )
    return q, m


def _shares(q: pd.DataFrame, m: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Quotes, articles quoting and articles naming each actor (an article that quotes an
    actor names it), and the share quoted."""
    n_quotes = q.groupby(keys + ["actor"]).size().rename("n_quotes")
    quoted = q.drop_duplicates(keys + ["actor", "article_id"])
    n_quoted = quoted.groupby(keys + ["actor"]).size().rename("n_articles_quoted")
    named = pd.concat([m[keys + ["actor", "article_id"]], quoted[keys + ["actor", "article_id"]]])
    n_named = (
        named.drop_duplicates().groupby(keys + ["actor"]).size().rename("n_articles_mentioned")
    )
    out = pd.concat([n_quotes, n_quoted, n_named], axis=1).fillna(0).reset_index()
    for c in ("n_quotes", "n_articles_quoted", "n_articles_mentioned"):
        out[c] = out[c].astype("int64")
    out["share_quoted"] = out["n_articles_quoted"] / out["n_articles_mentioned"]
    out = out.sort_values(
        keys + ["n_articles_mentioned", "actor"],
        ascending=[True] * len(keys) + [False, True],
        kind="stable",
    )
    cols = keys + ["actor", "n_quotes", "n_articles_quoted", "n_articles_mentioned", "share_quoted"]
    return out.reset_index(drop=True)[cols]
