"""Actors: who is named in the coverage, who is named together, and who gets quoted.

The actor table (``data/actors.csv``; see the data README) has one row per actor:
``actor, kind, country, aliases`` with ``kind`` one of :data:`KINDS` and the aliases
separated by ``|``. The actor's name is an alias too.

Matching rules (:class:`ActorMatcher`)
--------------------------------------
* Case- and accent-insensitive: both the text and the aliases are folded character by
  character (accents removed, lower case, ``’`` read as ``'``), so "Nicolas" matches
  "Nicolás" and offsets into the folded text are offsets into the original.
* Whole words: a match may not be preceded or followed by a letter or digit. English
  possessives count ("Sheinbaum's", "Sheinbaum’s").
* A space in an alias matches any run of white space.
* An alias written in capitals with at most 5 letters (digits and punctuation do not
  count: ``US``, ``U.S.``, ``CJNG``, ``MS-13``, ``EE. UU.``) is matched only in exactly that
  case: "us" the pronoun is not the United States, "usa" (Spanish) not the USA.
* Longest match wins and matches do not overlap: every alias occurrence is a candidate,
  the longest candidates are kept first (the earlier one on a tie), and a candidate that
  overlaps a kept one is dropped. "Trump administration" is the government and not Trump,
  "Mexico City" the place and not Mexico, "Gulf of America" the Gulf of Mexico.
* Places (``kind == "place"``) are matched, so that they block false matches, and are
  reported with kind "place"; the summaries (:func:`mentions_over_time`,
  :func:`cooccurrence`, :func:`quote_share`) leave them out unless
  ``include_places=True``.

All aliases are compiled into one regular expression, a trie of the folded aliases (an
alternation factored by common prefix, so each position of the text costs a few
character comparisons however many aliases there are).

Quotes (:func:`find_quotes`)
----------------------------
A quotation is text between ``"…"``, ``“…”`` or ``«…»`` (quotes nested inside another
quotation belong to it). It is reported only when it is attributed:

* a cue after it: ``"…," Sheinbaum said`` / ``"…," said Sen. Tim Kaine`` /
  ``«…», dijo Castillo`` / ``«…», sostuvo.`` / ``"…," according to the Navy``;
* a cue before it in the same sentence: ``Sheinbaum said: "…"`` and partial quotes in
  indirect speech, ``Sheinbaum has declared that there will be "no invasion"``;
* continuation: an unattributed quotation in the same sentence as an attributed one
  (``"…," she said, "…"``), or opening the sentence right after one in the same
  paragraph, or a paragraph left open (multi-paragraph quotations) whose attribution comes
  in the next paragraph, takes that attribution (``how = "continued"``).

Scare quotes are **not** reported: a quotation with no cue (``the so-called
"narcoterrorists"``, ``Mexico calls them "transfers"``) is a way of writing a word, not a
statement by someone, and counting it would give the quoted-speaker tables rows with no
speaker. A quotation introduced as a term ("so-called", "the word", "llamados", "la
palabra"...) is skipped even when a cue verb is nearby.

The speaker is the name phrase as written, without leading titles ("President", "Sen.",
"Foreign Minister"...; "la presidenta Claudia Sheinbaum" gives "Claudia Sheinbaum"), cut
before appositions and relative clauses ("Maria Lopez, a customs broker in El Paso" gives
"Maria Lopez"); a descriptive phrase stays whole ("a spokesperson for the Navy"). The
pronouns he, she, él and ella, and the omitted subject of Spanish (``«…», dijo.``), are
resolved to the most recent speaker or named person before them (within the same and the
two previous paragraphs): a named speaker of an earlier quotation, the named subject of a
speech verb, or a person of the actor table. When nobody qualifies the pronoun is kept as
the speaker (the speaker is empty for an omitted subject) and the actor is empty;
``resolved_from`` says what was resolved.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import InputError, OptionError, TableError
from .text import split_sentences

__all__ = [
    "KINDS",
    "ACTOR_COLUMNS",
    "SPAN_COLUMNS",
    "MENTION_COLUMNS",
    "QUOTE_COLUMNS",
    "ActorTableError",
    "Mention",
    "ActorMatcher",
    "validate_actors",
    "read_actors",
    "default_actor_table",
    "mention_spans",
    "find_mentions",
    "mentions_over_time",
    "cooccurrence",
    "find_quotes",
    "quote_share",
]

KINDS = ("person", "government", "agency", "military", "legislature", "cartel", "country", "place")
ACTOR_COLUMNS = ["actor", "kind", "country", "aliases"]
SPAN_COLUMNS = ["article_id", "field", "start", "end", "actor", "kind", "matched"]
MENTION_COLUMNS = ["article_id", "actor", "kind", "n"]
QUOTE_COLUMNS = ["article_id", "speaker", "actor", "quote", "cue", "start", "end", "how",
                 "resolved_from"]


class ActorTableError(TableError, ValueError):
    """The actor table cannot be used: a missing column, an empty actor name, an unknown
    kind, or an alias that two actors claim. The message is one line naming the problem."""


class Mention(NamedTuple):
    """One actor mention found by :meth:`ActorMatcher.find`.

    ``text[start:end] == alias_text``: the mention as written; ``alias`` is the table's
    spelling of the alias that matched.
    """

    start: int
    end: int
    actor: str
    kind: str
    alias_text: str
    alias: str


# --------------------------------------------------------------------------- paths


def _data_dir() -> Path:
    """The folder holding the default tables: ``$COVERAGEKIT_DATA`` or the repository's
    ``data/``."""
    env = os.environ.get("COVERAGEKIT_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------- folding

_APOSTROPHES = "\u2019\u2018\u02bc\u2032"
_HYPHENS = "\u2010\u2011"


class _FoldTable(dict):
    """``str.translate`` table built lazily: one character in, at most one out."""

    def __init__(self, *, lower: bool, keep_marks: bool):
        super().__init__()
        self.lower = lower
        self.keep_marks = keep_marks

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in _APOSTROPHES:
            out = "'"
        elif c in _HYPHENS:
            out = "-"
        elif unicodedata.combining(c):
            out = c if self.keep_marks else ""
        else:
            base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
            out = base if len(base) == 1 else c
            if self.lower:
                low = out.lower()
                out = low if len(low) == 1 else out
        self[code] = out
        return out


_LOWER = _FoldTable(lower=True, keep_marks=False)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match) -> str:
    return _LOWER[ord(m.group())]


_KEEP_CASE = _FoldTable(lower=False, keep_marks=True)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching; return it with an offset map when lengths differ.

    The map has ``len(folded) + 1`` entries: the original index of each folded character,
    then ``len(text)``. It is None when folding kept every character in place (the usual
    case; only stray combining marks are dropped).
    """
    if text.isascii():
        return text.lower(), None
    low = text.lower()
    if len(low) == len(text):
        folded = _NON_ASCII.sub(_fold_match, low)
        if len(folded) == len(text):
            return folded, None
    pieces = [_LOWER[ord(c)] for c in text]
    offsets: list[int] = []
    for i, p in enumerate(pieces):
        if p:
            offsets.append(i)
    offsets.append(len(text))
    return "".join(pieces), offsets


def _fold_case(text: str) -> str:
    """Accents removed, case and length kept (for the quote rules)."""
    return text if text.isascii() else text.translate(_KEEP_CASE)


def _alias_key(alias: str) -> str:
    folded, _ = _fold(alias)
    return " ".join(folded.split())


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def _as_text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def _split_aliases(actor: str, aliases: str) -> list[str]:
    out = [actor]
    for a in (aliases or "").split("|"):
        a = a.strip()
        if a and a not in out:
            out.append(a)
    return out


# --------------------------------------------------------------------------- the table


def validate_actors(table: pd.DataFrame, *, path=None) -> pd.DataFrame:
    """Check an actor table and return a clean copy.

    Cells are stripped, missing cells read as "", ``kind`` is lower-cased.

    Parameters
    ----------
    table : DataFrame
        Columns ``actor, kind, country, aliases`` (others are kept).
    path : str or Path, optional
        Named in error messages.

    Returns
    -------
    DataFrame

    Raises
    ------
    ActorTableError
        For a missing column, an empty actor name, an unknown kind, an actor listed twice,
        an alias with no letter or digit, or an alias (after folding case and accents)
        claimed by two actors.

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["Gulf Cartel", "Gulf of Mexico"], "kind": ["cartel", "place"],
    ...                   "country": ["MX", "INT"], "aliases": ["Gulf", "Golfo de México|Gulf"]})
    >>> validate_actors(t)
    Traceback (most recent call last):
    ...
    coveragekit.actors.ActorTableError: the alias "Gulf" is claimed by two actors, "Gulf Cartel" and "Gulf of Mexico". Keep it under one actor, or make it longer so it names only one.
    """
    if not isinstance(table, pd.DataFrame):
        raise ActorTableError("the actor table is not a DataFrame", path=path,
                              hint="read it with coveragekit.actors.read_actors()")
    missing = [c for c in ACTOR_COLUMNS if c not in table.columns]
    if missing:
        raise ActorTableError(f"the actor table lacks the column(s) {', '.join(missing)}", path=path,
                              hint=f"its header must be: {','.join(ACTOR_COLUMNS)}")
    t = table.copy()
    for c in ACTOR_COLUMNS:
        t[c] = [_as_text(v).strip() for v in t[c]]
    t["kind"] = t["kind"].str.lower()
    t = t.reset_index(drop=True)
    owner: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for i, (actor, kind, aliases) in enumerate(zip(t["actor"], t["kind"], t["aliases"])):
        line = f"row {i + 1}" if path is None else f"line {i + 2}"
        if not actor:
            raise ActorTableError(f"{line} of the actor table has an empty actor name", path=path,
                                  hint="fill in the actor column or delete the row")
        if kind not in KINDS:
            raise ActorTableError(f'the actor "{actor}" has the unknown kind "{kind}"', path=path,
                                  hint=f"use one of {', '.join(KINDS)}")
        key = _alias_key(actor)
        if key in seen:
            raise ActorTableError(f'the actor "{actor}" is listed twice ({line} and an earlier row)',
                                  path=path, hint="merge the two rows")
        seen[key] = i
        for alias in _split_aliases(actor, aliases):
            akey = _alias_key(alias)
            if not any(ch.isalnum() for ch in akey):
                raise ActorTableError(f'the actor "{actor}" has the alias "{alias}", which has no letter '
                                      "or digit", path=path, hint="delete it")
            if akey in owner and owner[akey][0] != actor:
                other = owner[akey][0]
                raise ActorTableError(f'the alias "{alias}" is claimed by two actors, "{other}" and "{actor}"',
                                      path=path, hint="keep it under one actor, or make it longer so it "
                                      "names only one")
            owner.setdefault(akey, (actor, alias))
    return t


def read_actors(path) -> pd.DataFrame:
    """Read and check an actor table (CSV, UTF-8): ``actor, kind, country, aliases``.

    Raises :class:`ActorTableError` (see :func:`validate_actors`) naming the file.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActorTableError("the actor table does not exist", path=path) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ActorTableError(f"the actor table cannot be read as CSV ({msg})", path=path,
                              hint="save it from a spreadsheet as CSV UTF-8") from None
    df.columns = [str(c).strip() for c in df.columns]
    return validate_actors(df, path=path)


def default_actor_table() -> pd.DataFrame:
    """The kit's actor table, ``data/actors.csv`` (or ``$COVERAGEKIT_DATA/actors.csv``)."""
    return read_actors(_data_dir() / "actors.csv")


# --------------------------------------------------------------------------- the matcher


def _trie_pattern(keys) -> str:
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            branches.append(atom + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root)


def _key_regex(key: str) -> str:
    return r"\s+".join(re.escape(part) for part in key.split(" "))


class ActorMatcher:
    """Find actor mentions in text, by the rules in the module documentation.

    Compiled once from an actor table; :meth:`find` can then be called on any number of
    texts.

    Parameters
    ----------
    table : DataFrame
        An actor table (``actor, kind, country, aliases``); checked with
        :func:`validate_actors`.

    Attributes
    ----------
    table : DataFrame
        The checked table.
    aliases : DataFrame
        One row per alias: ``alias, actor, kind, case_sensitive``.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["Donald Trump", "Trump administration", "United States"],
    ...     "kind": ["person", "government", "country"], "country": ["US", "US", "US"],
    ...     "aliases": ["Trump", "", "US|U.S."]})
    >>> m = ActorMatcher(table)
    >>> [(x.actor, x.alias_text) for x in m.find("Let us see: the Trump administration and Trump’s US allies.")]
    [('Trump administration', 'Trump administration'), ('Donald Trump', 'Trump'), ('United States', 'US')]
    """

    def __init__(self, table: pd.DataFrame):
        self.table = validate_actors(table)
        entries: dict[str, list[tuple[str, str, str, re.Pattern | None]]] = {}
        rows = []
        for actor, kind, aliases in zip(self.table["actor"], self.table["kind"], self.table["aliases"]):
            for alias in _split_aliases(actor, aliases):
                cs = _is_acronym(alias)
                key = _alias_key(alias)
                exact = re.compile(_key_regex(" ".join(alias.split()))) if cs else None
                entries.setdefault(key, []).append((alias, actor, kind, exact))
                rows.append((alias, actor, kind, cs))
        self._entries = entries
        self._keys_by_length = sorted(entries, key=len, reverse=True)
        self._key_patterns: dict[str, re.Pattern] = {}
        self._prefixes: dict[str, list[str]] = {}
        trie = _trie_pattern(entries)
        self._pattern = re.compile(r"(?<![^\W_])(?=(" + trie + r")(?![^\W_]))")
        self.aliases = pd.DataFrame(rows, columns=["alias", "actor", "kind", "case_sensitive"])

    def __repr__(self) -> str:
        return f"ActorMatcher({self.table['actor'].nunique()} actors, {len(self.aliases)} aliases)"

    def _accept(self, key: str, original: str):
        """The table entry for ``key`` that the text as written satisfies, or None."""
        entries = self._entries.get(key)
        if not entries:
            return None
        for entry in entries:
            if entry[3] is not None and entry[3].fullmatch(original):
                return entry
        written = " ".join(original.split())
        loose = [entry for entry in entries if entry[3] is None]
        for entry in loose:
            if entry[0] == written:
                return entry
        return loose[0] if loose else None

    def _shorter(self, key: str, folded: str, s: int):
        """Shorter aliases that start where ``key`` did (when a case-sensitive one failed)."""
        shorter = self._prefixes.get(key)
        if shorter is None:
            shorter = self._prefixes[key] = [k for k in self._keys_by_length
                                             if len(k) < len(key) and key.startswith(k)]
        for k in shorter:
            pat = self._key_patterns.get(k)
            if pat is None:
                pat = self._key_patterns[k] = re.compile(_key_regex(k) + r"(?![^\W_])")
            m = pat.match(folded, s)
            if m:
                yield k, m.end()

    def find(self, text) -> list[Mention]:
        """The mentions in ``text``, in order of position.

        Parameters
        ----------
        text : str
            Any text; None or NaN count as "".

        Returns
        -------
        list of Mention
            ``(start, end, actor, kind, alias_text, alias)`` with ``text[start:end] ==
            alias_text``, sorted by ``start``; matches never overlap.
        """
        text = _as_text(text)
        if not text:
            return []
        folded, offsets = _fold(text)
        cands = []
        for m in self._pattern.finditer(folded):
            s, e = m.span(1)
            key = " ".join(folded[s:e].split())
            os_, oe = (s, e) if offsets is None else (offsets[s], offsets[e])
            entry = self._accept(key, text[os_:oe])
            if entry is None:
                for k, e2 in self._shorter(key, folded, s):
                    oe2 = e2 if offsets is None else offsets[e2]
                    entry = self._accept(k, text[os_:oe2])
                    if entry is not None:
                        oe = oe2
                        break
            if entry is not None:
                cands.append((os_, oe, entry))
        if not cands:
            return []
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        starts: list[int] = []
        ends: list[int] = []
        kept = []
        for s, e, entry in cands:
            i = bisect_left(starts, s)
            if i > 0 and ends[i - 1] > s:
                continue
            if i < len(starts) and starts[i] < e:
                continue
            starts.insert(i, s)
            ends.insert(i, e)
            kept.insert(i, Mention(s, e, entry[1], entry[2], text[s:e], entry[0]))
        return kept


# --------------------------------------------------------------------------- frame verbs


def _require(df: pd.DataFrame, columns, verb: str) -> None:
    missing = [c for c in columns if c and c not in df.columns]
    if missing:
        raise InputError(
            f"{verb} needs the column(s) {', '.join(missing)}, which the table lacks",
            hint="pass the column names as keyword options, or load the articles with coveragekit.load()",
        )


@lru_cache(maxsize=4)
def _default_matcher(path: str, mtime_ns: int, size: int) -> ActorMatcher:
    return ActorMatcher(read_actors(path))


def _matcher(actors) -> ActorMatcher:
    if isinstance(actors, ActorMatcher):
        return actors
    if actors is None:
        path = _data_dir() / "actors.csv"
        try:
            st = path.stat()
        except OSError:
            raise ActorTableError("the actor table does not exist", path=path,
                                  hint="pass actors= or set COVERAGEKIT_DATA") from None
        return _default_matcher(str(path), st.st_mtime_ns, st.st_size)
    if isinstance(actors, pd.DataFrame):
        return ActorMatcher(actors)
    if isinstance(actors, (str, os.PathLike)):
        return ActorMatcher(read_actors(actors))
    raise OptionError("actors= must be an actor table, a path to one, an ActorMatcher or None",
                      hint="see coveragekit.actors.read_actors")


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})


_SPAN_DTYPES = {"article_id": "string", "field": "string", "start": "int64", "end": "int64",
                "actor": "string", "kind": "string", "matched": "string"}


def mention_spans(df: pd.DataFrame, *, actors=None, text: str | None = "text",
                  title: str | None = "title") -> pd.DataFrame:
    """Every actor mention in the titles and texts, one row per mention (long).

    Parameters
    ----------
    df : DataFrame
        Articles with ``article_id`` and the ``title`` and ``text`` columns.
    actors : DataFrame, path, ActorMatcher or None
        The actor table; None reads the kit's ``data/actors.csv``.
    text, title : str or None
        Column names; None leaves that field out.

    Returns
    -------
    DataFrame
        ``article_id, field, start, end, actor, kind, matched``: ``field`` is "title" or
        "text", ``df[field][start:end] == matched`` (the mention as written). Places are
        included, with kind "place". Sorted by article_id, field, start. The input is not
        modified.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Mexico", "Mexico City"],
    ...     "kind": ["person", "country", "place"], "country": ["MX", "MX", "MX"],
    ...     "aliases": ["Sheinbaum", "México", "Ciudad de México"]})
    >>> arts = pd.DataFrame({"article_id": ["a1", "a2"], "title": ["Sheinbaum’s reply", ""],
    ...     "text": ["Sheinbaum spoke in Mexico City.", "Mexico said no."]})
    >>> mention_spans(arts, actors=table)
      article_id  field  start  end              actor     kind      matched
    0         a1   text      0    9  Claudia Sheinbaum   person    Sheinbaum
    1         a1   text     19   30        Mexico City    place  Mexico City
    2         a1  title      0    9  Claudia Sheinbaum   person    Sheinbaum
    3         a2   text      0    6             Mexico  country       Mexico
    """
    _require(df, ["article_id", text, title], "mention_spans()")
    matcher = _matcher(actors)
    fields = [(f, c) for f, c in (("title", title), ("text", text)) if c]
    cols: dict[str, list] = {c: [] for c in SPAN_COLUMNS}
    ids = [_as_text(v) for v in df["article_id"]]
    for field, col in fields:
        for aid, value in zip(ids, df[col]):
            for m in matcher.find(value):
                cols["article_id"].append(aid)
                cols["field"].append(field)
                cols["start"].append(m.start)
                cols["end"].append(m.end)
                cols["actor"].append(m.actor)
                cols["kind"].append(m.kind)
                cols["matched"].append(m.alias_text)
    out = pd.DataFrame({c: pd.Series(v, dtype=_SPAN_DTYPES[c]) for c, v in cols.items()})
    return out.sort_values(["article_id", "field", "start"], kind="stable").reset_index(drop=True)


def find_mentions(df: pd.DataFrame, *, actors=None, text: str | None = "text",
                  title: str | None = "title") -> pd.DataFrame:
    """Mentions per article and actor, title and text together (long).

    Parameters are those of :func:`mention_spans`.

    Returns
    -------
    DataFrame
        ``article_id, actor, kind, n``: one row per (article, actor) mentioned at least
        once, ``n`` the number of mentions. Places are included (kind "place"). Sorted by
        article_id, actor.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["DEA", "CJNG"], "kind": ["agency", "cartel"],
    ...     "country": ["US", "MX"], "aliases": ["", "Jalisco New Generation Cartel"]})
    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["DEA targets CJNG"],
    ...     "text": ["The idea: the DEA says the Jalisco New Generation Cartel (CJNG) grew."]})
    >>> find_mentions(arts, actors=table)
      article_id actor    kind  n
    0          a  CJNG  cartel  3
    1          a   DEA  agency  2
    """
    spans = mention_spans(df, actors=actors, text=text, title=title)
    out = (spans.groupby(["article_id", "actor", "kind"], sort=False).size().rename("n").reset_index())
    out["n"] = out["n"].astype("int64")
    return out.sort_values(["article_id", "actor"], kind="stable").reset_index(drop=True)[MENTION_COLUMNS]


def _drop_places(mentions: pd.DataFrame, include_places: bool) -> pd.DataFrame:
    if include_places or "kind" not in mentions.columns:
        return mentions
    return mentions[mentions["kind"] != "place"]


_FREQ_WORDS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}


def _period_start(ts: pd.Series, freq: str) -> pd.Series:
    freq = _FREQ_WORDS.get(freq, freq)
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
    except ValueError:
        raise OptionError(f"unknown period '{freq}'",
                          hint="use day, week, month, quarter, year or a pandas frequency such as MS") from None
    naive = pd.to_datetime(ts, utc=True).dt.tz_convert(None)
    if isinstance(offset, pd.offsets.Tick) and offset.nanos < pd.Timedelta("1D").value:
        return naive.dt.floor(offset)
    day = naive.dt.normalize()
    uniq = pd.Series(day.dropna().unique())
    starts = {d: offset.rollback(d) for d in uniq}
    return day.map(starts).astype("datetime64[ns]")


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "MS",
                       by: str | None = None, include_places: bool = False) -> pd.DataFrame:
    """Articles mentioning each actor per period (and group), long.

    Parameters
    ----------
    mentions : DataFrame
        From :func:`find_mentions` (``article_id, actor, kind, n``) or
        :func:`mention_spans` (one row per mention).
    articles : DataFrame
        The articles: ``article_id``, ``published_at`` and the ``by`` column.
    freq : str, default "MS"
        A pandas frequency ("D", "W-MON", "MS", "QS"...) or day, week (from Monday),
        month, quarter, year. Periods are taken in UTC.
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
    """
    _require(mentions, ["article_id", "actor"], "mentions_over_time()")
    _require(articles, ["article_id", "published_at", by], "mentions_over_time()")
    m = _drop_places(mentions, include_places)
    n = m["n"].astype("int64") if "n" in m.columns else pd.Series(1, index=m.index, dtype="int64")
    m = pd.DataFrame({"article_id": m["article_id"].astype(str).to_numpy(),
                      "actor": m["actor"].astype(str).to_numpy(), "n": n.to_numpy()})
    keys = ["period"] + ([by] if by else [])
    a = pd.DataFrame({"article_id": articles["article_id"].astype(str).to_numpy(),
                      "period": _period_start(articles["published_at"], freq).to_numpy()})
    if by:
        a[by] = articles[by].to_numpy()
    a = a.drop_duplicates("article_id")
    totals = a.groupby(keys, dropna=False).size().rename("total")
    per = (m.groupby(["article_id", "actor"], sort=False)["n"].sum().reset_index()
           .merge(a, on="article_id", how="inner"))
    out = (per.groupby(keys + ["actor"], dropna=False)
           .agg(n_articles=("article_id", "nunique"), n_mentions=("n", "sum")).reset_index())
    out = out.merge(totals.reset_index(), on=keys, how="left")
    out["share"] = out["n_articles"] / out["total"]
    out["n_articles"] = out["n_articles"].astype("int64")
    out["n_mentions"] = out["n_mentions"].astype("int64")
    cols = ["period", "actor"] + ([by] if by else []) + ["n_articles", "n_mentions", "share"]
    return out.sort_values(keys + ["actor"], kind="stable").reset_index(drop=True)[cols]


def cooccurrence(mentions: pd.DataFrame, *, min_count: int = 1,
                 include_places: bool = False) -> pd.DataFrame:
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
    _require(mentions, ["article_id", "actor"], "cooccurrence()")
    m = _drop_places(mentions, include_places)
    m = pd.DataFrame({"article_id": m["article_id"].astype(str).to_numpy(),
                      "actor": m["actor"].astype(str).to_numpy()}).drop_duplicates()
    counts = m.groupby("actor").size()
    pairs = m.merge(m, on="article_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    out = pairs.groupby(["actor_a", "actor_b"]).size().rename("n_articles").reset_index()
    out = out[out["n_articles"] >= min_count]
    out["n_articles"] = out["n_articles"].astype("int64")
    out["n_a"] = out["actor_a"].map(counts).astype("int64")
    out["n_b"] = out["actor_b"].map(counts).astype("int64")
    out["weight"] = out["n_articles"] / (out["n_a"] + out["n_b"] - out["n_articles"])
    out = out.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- quotes

_EN_CUES = (
    "said says say stated states declared declares told tells warned warns added adds argued "
    "argues insisted insists wrote writes noted notes explained explains asked asks replied "
    "replies responded responds continued continues recalled recalls acknowledged admitted "
    "conceded cautioned claimed claims contended maintained observed predicted remarked "
    "stressed urged vowed announced concluded countered suggested complained testified "
    "posted tweeted saying adding warning arguing insisting noting"
)
# Folded (no accents): afirmo = afirmó, senalo = señaló.
_ES_CUES = (
    "dijo dice dicen dijeron decia afirmo afirma afirman afirmaron declaro declara declararon "
    "senalo senala senalan senalaron advirtio advierte advirtieron sostuvo sostiene agrego "
    "agrega anadio anade aseguro asegura aseguran aseguraron explico explica comento comenta "
    "resumio opino opina indico subrayo subraya insistio insiste apunto expreso manifesto "
    "reitero reitera preciso destaco considero conto cuenta relato relata recordo admitio "
    "reconocio lamento denuncio enfatizo detallo concluyo aclaro respondio responde escribio "
    "escribe sentencio puntualizo remato planteo pregunto ironizo informo informa anuncio anuncia "
    "dicho afirmado declarado senalado advertido sostenido agregado anadido asegurado "
    "insistido explicado reiterado subrayado"
)
_CUE_WORDS = sorted(set(_EN_CUES.split()) | set(_ES_CUES.split()), key=len, reverse=True)
_CUE = r"(?:" + "|".join(_CUE_WORDS) + r")(?![\w'])"
_ACCORDING = r"(?i:according\s+to|in\s+the\s+words\s+of|segun|de\s+acuerdo\s+con|en\s+palabras\s+de)(?!\w)"
_CUE_RE = re.compile(r"(?<![\w'-])" + _CUE)
_CUE_START_RE = re.compile(r"\s*(?P<cue>" + _CUE + r")")
_ACCORDING_START_RE = re.compile(r"\s*(?P<cue>" + _ACCORDING + r")")
_ACCORDING_RE = re.compile(r"(?<!\w)" + _ACCORDING)
_TERM_RE = re.compile(
    r"(?<!\w)(?i:so-called|so\s+called|the\s+words?|the\s+term|the\s+label|the\s+phrase|the\s+name|the\s+slogan|"
    r"dubbed|titled|known\s+as|llamad[oa]s?|denominad[oa]s?|autodenominad[oa]s?|supuest[oa]s?|"
    r"la\s+palabra|las\s+palabras|el\s+termino|la\s+etiqueta|la\s+frase|el\s+lema|el\s+mote|"
    r"titulad[oa]s?|conocid[oa]s?\s+como|alias|as|como|(?:calific|tild)\w*\s+(?:\w+\s+)?de)\s*$"
)
_ABBREV = set(
    "sen. sens. rep. gov. gen. adm. mr. mrs. ms. dr. prof. st. lt. col. capt. sgt. cmdr. maj. "
    "jr. sr. sra. srta. dra. lic. ing. gral. mtro. mtra. u.s. ee.uu. d.c. u.n. no. gob.".split()
)
_PREPS = set(
    "of for at in on from with by to during after before near about into over under "
    "de del en para por con desde ante durante tras a al sobre entre hacia".split()
)
_ARTICLES = set(
    "the a an el la los las un una unos unas su sus his her its their this that these those "
    "este esta estos estas ese esa esos esas aquel aquella".split()
)
_STOP = set(
    "who whom which that where whose when while and but as because if than "
    "quien quienes que cual cuales cuyo cuya donde cuando y e pero mientras porque si".split()
)
_AUX = set(
    "has had have having will would could may might can do does did also then later again once "
    "repeatedly previously already formally publicly recently finally "
    "ha han habia habian hubo tambien luego despues ya nuevamente".split()
)
_PERIOD_WORDS = set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today week month year "
    "morning night weekend lunes martes miercoles jueves viernes sabado domingo ayer hoy semana "
    "mes ano dia manana noche".split()
)
_NEGATIONS = {"not", "never", "no", "nunca", "been", "being", "was", "were", "is", "are", "be", "fue",
              "fueron", "sido", "es", "son"}  # negated or passive ("has been told"): not a speaker
_CLITICS = {"lo", "le", "les", "se", "me", "nos", "te"}
_COORD = {"and", "y", "e", "pero", "but", "or", "o"}
_NON_AGENTS = set(
    "everything nothing something anything too all much more little it this that these those "
    "todo nada algo esto eso "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "lunes martes miercoles jueves viernes sabado domingo".split()
)
_ROLE_NOUNS = set(
    "official officials spokesman spokeswoman spokesperson officers authorities lawmakers "
    "ministry government administration aides sources statement prosecutors diplomats "
    "funcionario funcionarios autoridades vocero vocera portavoz cancilleria gobierno "
    "ministerio fuentes".split()
)
_INTRO = set(
    "however meanwhile but and yet so later then also still earlier now instead "
    "sin embargo entonces luego despues ademas ayer hoy asimismo pero y e tambien mientras tanto "
    "ahora antes".split()
)
_PRONOUNS = {"he", "she", "él", "ella"}
_OTHER_PRONOUNS = {"they", "we", "i", "you", "it", "ellos", "ellas", "nosotros", "yo", "usted", "ustedes"}
_TIME_WORDS = set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "lunes martes miercoles jueves viernes sabado domingo ayer hoy statement interview "
    "comunicado entrevista conferencia post video "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio "
    "agosto septiembre octubre noviembre diciembre week month year day morning night semana mes "
    "ano dia manana tarde noche".split()
)
_NOT_NAMES = set(
    "critics officials analysts experts others some many most residents lawmakers investors "
    "economists scholars authorities sources witnesses legislators democrats republicans "
    "observers diplomats people both all several few supporters opponents activists families "
    "businesses brokers owners workers traders exporters importers farmers fishermen police "
    "prosecutors researchers advocates americans mexicans venezuelans colombians "
    "last next this these those that there here then now today yesterday tomorrow every each "
    "another asked otro otra este esta ese esa hoy ayer entonces cuando "
    "scholars lawyers leaders groups companies executives commanders members voters "
    "especialistas analistas expertos fuentes autoridades vecinos legisladores funcionarios "
    "criticos otros algunos muchos todos ambos varios".split()
)
_CONNECTORS = {"de", "del", "la", "las", "los", "y", "van", "von", "da", "di", "du", "bin", "al", "le"}
_TITLE_RE = re.compile(
    r"(?:(?:U\.S\.|US|American|Mexican|Venezuelan|Colombian|Ecuadorian|Former|former|Vice|Deputy|Acting"
    r"|then-)\s+)*"
    r"(?:President(?:-elect)?|Sen\.|Senator|Rep\.|Representative|Gov\.|Governor|Gen\.|Adm\.|Admiral|Mr\.|"
    r"Mrs\.|Ms\.|Dr\.|Prof\.|Professor|Judge|Mayor|Ambassador|Attorney\s+General|"
    r"Secretary\s+of\s+(?:State|War|Defense|Homeland\s+Security|the\s+Treasury|Commerce|the\s+Navy)|"
    r"(?:Defense|War|Treasury|Commerce|Economy|Security|Foreign|Interior|Homeland\s+Security)\s+"
    r"(?:Secretary|Minister)|Secretary|Minister|Speaker|Chairman|Chairwoman|Lt\.|Col\.|Capt\.|Sgt\.|"
    r"Presidente|Presidenta|Senador|Senadora|Canciller|Secretario|Secretaria|Ministro|Ministra|"
    r"Embajador|Embajadora|Gobernador|Gobernadora|Almirante|Sra\.|Sr\.|Dra\.|Lic\.|Ing\.|Gral\.)\s+"
    r"(?=[A-Z])"
)
_OWN_WORDS = re.compile(r"(?i:su|sus|his|her|their)\s+(?i:palabras|words)$")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD_RE = re.compile(r"\S+")
_QUOTE_CHARS = "\"“”«»"
_EDGE = "\"'“”«»‘’()[]¿¡—–-:;,.!?…"


class _Word(NamedTuple):
    start: int
    end: int
    text: str  # folded (accents removed, case kept), trailing punctuation stripped


def _is_name_word(w: str) -> bool:
    return bool(w) and (w[0].isupper() or re.fullmatch(r"(?:[A-Z]\.)+", w) is not None)


def _phrase_words(ft: str, start: int, end: int, *, cut_commas: bool = True) -> list[_Word] | None:
    """Words of ``ft[start:end]`` up to the first terminator (punctuation, relative word);
    None when that is more than 12 words (not a name phrase)."""
    words: list[_Word] = []
    for m in _WORD_RE.finditer(ft, start, end):
        raw = m.group(0)
        s, e = m.start(), m.end()
        lead = len(raw) - len(raw.lstrip("\"'“”«»‘’([¿¡"))
        if lead and words:
            break
        s += lead
        raw = raw[lead:]
        if not raw:
            continue
        if raw.lower() in _ABBREV or re.fullmatch(r"(?:[A-Za-z]\.)+", raw):
            words.append(_Word(s, e, raw))
            continue
        if raw.lower() in _STOP and words:
            break
        core = raw.rstrip(_EDGE.replace("-", ""))
        cut = re.search(r"[\"“”«»()—–;:!?…]" + ("|," if cut_commas else ""), core)
        if cut:
            core = core[: cut.start()]
        if core:
            words.append(_Word(s, s + len(core), core))
        if len(core) < len(raw):
            break
        if len(words) > 12:
            return None
    return words


def _strip_title(ft: str, s: int, e: int) -> int:
    m = _TITLE_RE.match(ft, s, e)
    return m.end() if m and m.end() < e else s


def _name_chunk(words: list[_Word], i: int) -> int:
    """Index after the name chunk starting at ``words[i]`` (``i`` when there is none)."""
    j = i
    while j < len(words):
        w = words[j].text
        if _is_name_word(w) and w.lower() not in _ARTICLES:
            j += 1
        elif j > i and w.lower() in _CONNECTORS and j + 1 < len(words) and _is_name_word(words[j + 1].text):
            j += 1
        else:
            break
    while j > i and words[j - 1].text.lower() in _CONNECTORS:
        j -= 1
    return j


_ES_DETERMINERS = {"el", "la", "los", "las", "lo", "este", "esta", "estos", "estas", "su", "sus",
                   "un", "una", "uno", "unos", "unas", "ese", "esa"}
_TOPIC_PREPS = {"para", "for"}


def _is_prep(words: list[_Word], i: int) -> bool:
    """English "a" is an article, Spanish "a" a preposition (when a determiner follows)."""
    w = words[i].text.lower()
    if w == "a":
        return i + 1 < len(words) and words[i + 1].text.lower() in _ES_DETERMINERS
    return w in _PREPS


def _described_name(words: list[_Word], i: int) -> bool:
    """Whether the name at ``words[i]`` follows a short description ("la economista",
    "Customs broker", "Para el antropólogo") or a topic preposition ("Para Cavazos")."""
    k = 1 if words[0].text.lower() in _TOPIC_PREPS else 0
    if i == 1 and k == 1:
        return True
    before = words[i - 1].text
    if not before[:1].islower() or before.lower() in _ARTICLES or _is_prep(words, i - 1):
        return False
    if words[k].text.lower() in _SINGULAR_DET:  # "la especialista en seguridad nacional"
        return i - k <= 7
    return i - k <= 3 and not any(_is_prep(words, j) for j in range(k, i))  # "Customs broker"


def _pick(words: list[_Word] | None, ft: str, original: str):
    """The speaker in a phrase, as (kind, start, end); kind is "name", "descriptor",
    "pronoun" (he, she, él, ella) or "other" (they, we...). None when there is none."""
    if not words:
        return None
    first = words[0]
    low = original[first.start:first.end].lower()
    if first.text.lower() in _STOP | _NON_AGENTS - {"it", "this", "that"}:
        return None
    if low in _PRONOUNS:
        return ("pronoun", first.start, first.end)
    if low in _OTHER_PRONOUNS:
        return ("other", first.start, first.end)
    n = len(words)

    def name(i: int, j: int = n) -> tuple:
        e = words[j - 1].end
        if ft[e - 2:e] == "'s":  # a possessor: "Claudia Sheinbaum's position"
            e -= 2
        return ("name", _strip_title(ft, words[i].start, e), e)

    # A name closing the phrase after a common noun or a preposition opening it: "la
    # economista Regina Salcedo", "Customs broker Arturo Villegas", "dijo en conferencia
    # Claudia Sheinbaum", "Para Cavazos". Not "a spokesperson for the Navy".
    lead = _name_chunk(words, 0)
    for i in range(max(1, lead), n):
        if _name_chunk(words, i) != n:
            continue
        if _described_name(words, i):
            return name(i)
        break
    if _is_prep(words, 0):
        return None
    if lead > 0:
        if lead == 1 and first.text.lower().rstrip("'s") in _NON_AGENTS:
            return None
        rest = words[lead:]
        if lead == 1 and rest and rest[0].text.lower() in _NOT_NAMES:
            return ("descriptor", first.start, rest[0].end)  # "Legal scholars", "Mexican officials"
        if rest and len(rest) <= 2 and rest[-1].text.lower() in _ROLE_NOUNS \
                and all(w.text[:1].islower() for w in rest):
            return ("descriptor", first.start, rest[-1].end)  # "US officials", "Mexico's foreign ministry"
        return name(0, lead)
    # a descriptor, without a trailing time phrase: "a senior official (on Tuesday)"
    k = n
    for i in range(1, n - 1):
        if _is_prep(words, i) and any(w.text.lower() in _TIME_WORDS for w in words[i + 1:]):
            k = i
            break
    if _is_prep(words, k - 1) or words[k - 1].text.lower() in _ARTICLES:
        return None
    return ("descriptor", first.start, words[k - 1].end)


def _speaker_after(ft: str, original: str, start: int, end: int):
    """The speaker after a cue ("said Walter Hennig, who..."); None for no subject."""
    words = _phrase_words(ft, start, end)
    got = _pick(words, ft, original)
    if got and got[0] == "descriptor":
        # "su presidenta, Sofía Elizondo": a name in apposition after the comma.
        after = words[-1].end
        m = re.match(r",\s*", ft[after:end])
        if m:
            nxt = _phrase_words(ft, after + m.end(), end)
            if nxt and _name_chunk(nxt, 0) == len(nxt):
                return ("name", _strip_title(ft, nxt[0].start, nxt[-1].end), nxt[-1].end)
    return got


_CLAUSE_RE = re.compile(
    r"[;:]\s+|,\s+|\.?[—–]\s*|\s+-\s+|(?<!\w)(?i:that|que|but|pero|when|while|as|because|after|before|since|"
    r"until|once|although|though|including|cuando|mientras|porque|aunque|luego\s+de\s+que|"
    r"despues\s+de\s+que|antes\s+de\s+que|desde\s+que)\s+")
_COMMA_RE = re.compile(r",\s*")
_STRONG_RE = re.compile(r"[;:]\s+|\.?[—–]\s*|\s+-\s+")


def _speaker_before(ft: str, original: str, start: int, end: int):
    """The subject in ``ft[start:end]``, which ends right before a cue.

    Returns a speaker tuple, ``"none"`` for an empty (omitted) subject, or None when the
    text does not look like a subject.
    """
    gerund = ft[end:end + 12].split()[:1]
    gerund = bool(gerund) and gerund[0].endswith("ing")
    region = ft[start:end]
    if any(c in region for c in _QUOTE_CHARS):
        # a quotation sits between the subject and the cue: only the text after it counts
        start += max(region.rfind(c) for c in _QUOTE_CHARS) + 1
    for m in _STRONG_RE.finditer(ft, start, end):
        start = m.end()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(ft, start, end)]
    while words and (words[-1][2] in _AUX or words[-1][2] in _CLITICS):
        words.pop()
    if words and words[-1][2].lower() in _NEGATIONS:
        return None
    if not words or words[-1][2].lower() in _COORD:
        return "none"  # "... y resumió:", "... and added"
    end = words[-1][1]
    if ft[start:end].endswith(","):
        # an apposition: "Maria Lopez, a customs broker in El Paso, said"
        pos = start
        for m in _COMMA_RE.finditer(ft, start, end):
            seg_words = _phrase_words(ft, pos, m.start())
            pos = m.end()
            if seg_words is None:
                return None
            if not seg_words:
                continue
            if seg_words[0].text.lower() in _INTRO or _is_prep(seg_words, 0) \
                    or seg_words[-1].text.lower() in _TIME_WORDS:
                continue
            return _pick(seg_words, ft, original)
        return None
    # the last clause before the cue; when it opens with a verb ("un comerciante que pidió
    # no ser nombrado resumió"), the clause before the relative pronoun
    cuts = [start] + [m.end() for m in _CLAUSE_RE.finditer(ft, start, end)]
    cuts += [m.end() for m in _CUE_RE.finditer(ft, cuts[-1], end)]
    for cut in reversed(cuts):
        words = _phrase_words(ft, cut, end, cut_commas=False)
        if words is None or len(words) > 10:
            return None
        while words and words[0].text.lower() in _INTRO:
            words = words[1:]
        if not words:
            return "none"
        head = words[0].text
        if not head[:1].islower() or head.lower() in _SINGULAR_DET | _ARTICLES | _PRONOUNS \
                | _OTHER_PRONOUNS or cut == start:
            break
        end = cut
        m = re.search(r"\S+\s*$", ft[start:cut])
        if not m or m.group(0).strip().lower() not in {"que", "that", "who", "quien", "which"}:
            break
        end = start + m.start()
    if words[-1].text.lower() in _PREPS | _ARTICLES | _STOP:
        return None
    # "Earlier this month the Pentagon told"; "a confidential notice saying": the last noun
    # phrase before the verb
    for i in range(len(words) - 1, 0, -1):
        det = words[i].text.lower()
        if det in _SINGULAR_DET and not _is_prep(words, i - 1) and (
                gerund or any(w.text.lower() in _PERIOD_WORDS for w in words[:i])):
            words = words[i:]
            break
    return _pick(words, ft, original)


class _Quote:
    __slots__ = ("open", "close", "s", "e", "closed", "para", "sent", "term", "speaker", "sp_span",
                 "sp_kind", "cue", "how", "actor", "resolved_from")

    def __init__(self, open_, close, s, e, closed, para):
        self.open, self.close, self.s, self.e, self.closed, self.para = open_, close, s, e, closed, para
        self.sent = -1
        self.term = False
        self.speaker = None  # (kind, start, end) or "none"
        self.sp_span = None
        self.sp_kind = ""
        self.cue = ""
        self.how = ""
        self.actor = ""
        self.resolved_from = ""


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA_RE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _quote_spans(text: str) -> list[_Quote]:
    quotes: list[_Quote] = []
    for p, (ps, pe) in enumerate(_paragraphs(text)):
        para = text[ps:pe]
        right_only = "”" in para and "“" not in para
        i = ps
        while i < pe:
            c = text[i]
            if c == "«":
                depth, j = 1, i + 1
                while j < pe and depth:
                    if text[j] == "«":
                        depth += 1
                    elif text[j] == "»":
                        depth -= 1
                    j += 1
                closed = depth == 0
                quotes.append(_Quote(i, j if closed else pe, i + 1, j - 1 if closed else pe, closed, p))
                i = j
                continue
            if c == "“" or c == '"' or (right_only and c == "”"):
                close = "”" if c == "“" else c
                j = text.find(close, i + 1, pe)
                closed = j >= 0
                quotes.append(_Quote(i, j + 1 if closed else pe, i + 1, j if closed else pe, closed, p))
                i = j + 1 if closed else pe
                continue
            i += 1
    return quotes


def _mask(text: str, quotes: list[_Quote]) -> str:
    """``text`` with quotation contents replaced by X (keeping spaces and the final
    punctuation), so the sentence splitter never splits inside a quotation."""
    chars = list(text)
    for q in quotes:
        k = q.e
        while k > q.s and text[k - 1] in ".?!…,;: \n":
            k -= 1
        for i in range(q.s, k):
            if not chars[i].isspace():
                chars[i] = "X"
    return "".join(chars)


def _attribute(q: _Quote, ft: str, text: str, pre: tuple[int, int], post: tuple[int, int]) -> None:
    inner = text[q.s:q.e].rstrip()
    ps, pe = post
    lead = re.match(r"[\s,.;—–-]*", ft[ps:pe])
    after_punct = ft[ps:ps + lead.end()]
    signal = inner[-1:] in {",", "?", "!", "…", "—", "-", "–"} or any(c in after_punct for c in ",—–")
    if signal and pe > ps:
        s = ps + lead.end()
        m = _ACCORDING_START_RE.match(ft, s, pe)
        if m:
            got = _speaker_after(ft, text, m.end(), pe)
            if got and got[0] == "descriptor" and _OWN_WORDS.match(ft, got[1], got[2]):
                got = "none"  # "según sus palabras": the subject's own words
            if got:
                q.speaker, q.cue, q.how = got, text[m.start("cue"):m.end("cue")], "according to"
                return
        m = _CUE_START_RE.match(ft, s, pe)
        if m:
            got = _speaker_after(ft, text, m.end(), pe)
            q.speaker = got if got else "none"
            q.cue, q.how = text[m.start("cue"):m.end("cue")], "cue after"
            return
        for m in _CUE_RE.finditer(ft, s, min(pe, s + 160)):
            first = ft[s:m.start()].split()[:1]
            if first and first[0].lower().strip(",") in _STOP | _PREPS:
                break
            got = _speaker_before(ft, text, s, m.start())
            if got and got != "none":
                q.speaker, q.cue, q.how = got, text[m.start():m.end()], "cue after"
                return
            break
    # a cue before the quotation, in the same sentence
    bs, be = pre
    if be <= bs:
        return
    if _TERM_RE.search(ft[bs:be].rstrip()):
        q.term = True
        return
    best = None
    for m in _CUE_RE.finditer(ft, bs, be):
        best = ("cue", m)
    for m in _ACCORDING_RE.finditer(ft, bs, be):
        if best is None or m.start() > best[1].start():
            best = ("according", m)
    if best is None:
        return
    kind, m = best
    # the cue must govern the quotation: no clause break in between ("X said: «...»" and
    # "X said there would be "..."" count; "X says..., the campaign...: a "..."" does not)
    between = ft[m.end():be].rstrip(" \t\n:,")
    if kind == "cue" and (re.search(r"[;:()\[\]—–]", between) or len(between.split()) > 30):
        return
    if kind == "according":
        got = _speaker_after(ft, text, m.end(), be)
        if got and got[0] == "descriptor" and _OWN_WORDS.match(ft, got[1], got[2]):
            got = "none"
        if got:
            q.speaker, q.cue, q.how = got, text[m.start():m.end()], "according to"
        return
    got = _speaker_before(ft, text, bs, m.start())
    if got is None:
        return
    q.speaker, q.cue, q.how = got, text[m.start():m.end()], "cue before"


def _set_speaker(q: _Quote, text: str) -> None:
    if q.speaker == "none" or q.speaker is None:
        q.sp_kind, q.sp_span = "none", None
    else:
        q.sp_kind, s, e = q.speaker
        q.sp_span = (s, e)


_ORG_WORDS = set(
    "times post house department ministry ministerio cancilleria cartel council court congress senate guard navy army "
    "bank university association asociacion secretaria gulf golfo city ciudad valley river street "
    "bridge puente center centro journal news wire press agency group party union nations states "
    "unidos america pacific caribbean federal national nacional puerto patrol command office "
    "fiscalia gobierno government administration tribunal committee commission comision institute "
    "instituto foundation fundacion company airport aeropuerto avenue avenida county condado "
    "estado republica border frontera".split()
)
_PERSONAL_TITLE_END = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Adm|Sr|Sra|Srta|Dra|Lic|Ing|Gral|Prof)\.\s+$")
_SINGULAR_DET = {"a", "an", "the", "un", "una", "el", "la"}


def _candidates(text: str, ft: str, sents, quotes, matcher) -> list[tuple[int, int, str, str]]:
    """People a pronoun may point back to: (position, paragraph, speaker, actor), in order.

    Speakers of earlier quotations and subjects of speech verbs (names, or descriptions
    opening with a/an/the/un/una/el/la), names opening a clause ("Mr. Olivas barely looked
    up", "la vocera Mónica Treviño informó", "Para Cavazos, ..."), and persons of the actor
    table that do not follow a preposition. A one-word name opening a clause counts only
    with a title ("Ms.", "Sr.") or when it is a surname met before in the text;
    organisations and places are left out.
    """
    spans = [(q.open, q.close) for q in quotes]
    opens = [a for a, _ in spans]

    def in_quote(pos: int) -> bool:
        i = bisect_right(opens, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    para_starts = [a for a, _ in _paragraphs(text)]
    raw: dict[int, tuple[int, str, bool]] = {}

    def add(s: int, e: int, kind: str, strong: bool) -> None:
        old = raw.get(s)
        if old is None or (strong and not old[2]):
            raw[s] = (e, kind, strong)

    for q in quotes:
        if q.how and q.how != "continued" and q.sp_kind in ("name", "descriptor"):
            add(q.sp_span[0], q.sp_span[1], q.sp_kind, True)
    for a, b in sents:
        for cs in [a] + [m.end() for m in _CLAUSE_RE.finditer(ft, a, b)]:
            if in_quote(cs):
                continue
            words = _phrase_words(ft, cs, b)
            got = _pick(words, ft, text)
            if got and got[0] == "name":
                topic = bool(words) and words[0].text.lower() in _TOPIC_PREPS
                add(got[1], got[2], "name", topic)
            elif words:
                for i in range(1, min(len(words), 6)):
                    j = _name_chunk(words, i)
                    if j > i and _described_name(words, i):
                        add(_strip_title(ft, words[i].start, words[j - 1].end), words[j - 1].end, "name", False)
                        break
        for m in _CUE_RE.finditer(ft, a, b):
            if in_quote(m.start()):
                continue
            got = _speaker_before(ft, text, a, m.start())
            if isinstance(got, tuple) and got[0] in ("name", "descriptor"):
                add(got[1], got[2], got[0], True)
    for mention in matcher.find(text):
        if mention.kind == "person" and not in_quote(mention.start):
            before = ft[:mention.start].split()[-1:]
            if not before or before[0].lower() not in _PREPS | _ARTICLES:
                add(mention.start, mention.end, "name", False)
    out = []
    surnames: set[str] = set()
    for s in sorted(raw):
        e, kind, strong = raw[s]
        name = text[s:e]
        found = matcher.find(name)
        actor, akind = _actor_of(name, matcher, with_kind=True)
        words = _fold_case(name).split()
        if kind == "descriptor":
            if words[0].lower() not in _SINGULAR_DET or any(w.lower() in _ORG_WORDS for w in words):
                continue
        elif akind != "person":
            if found or any(w.lower().rstrip("'s") in _ORG_WORDS for w in words):
                continue
            if len(words) == 1:
                titled = _PERSONAL_TITLE_END.search(ft[max(0, s - 8):s]) is not None
                if words[0].lower() in _NOT_NAMES or not (strong or titled or words[0] in surnames):
                    continue
            else:
                surnames.update(words[1:])
        out.append((s, bisect_right(para_starts, s) - 1, name, actor))
    return out


def _actor_of(phrase: str, matcher: ActorMatcher, *, with_kind: bool = False):
    """The actor a speaker phrase names: a person if it names one, else the first
    non-place actor, else ""."""
    found = [m for m in matcher.find(phrase) if m.kind != "place"]
    pick = next((m for m in found if m.kind == "person"), found[0] if found else None)
    actor, kind = (pick.actor, pick.kind) if pick else ("", "")
    return (actor, kind) if with_kind else actor


def _quotes_of(text: str, lang: str, matcher: ActorMatcher) -> list[_Quote]:
    quotes = _quote_spans(text)
    if not quotes:
        return []
    ft = _fold_case(text)
    masked = _mask(text, quotes)
    key = (lang or "").strip().lower()
    sents = split_sentences(masked, lang=key if key in ("en", "es") else "")
    if not sents:
        return []
    s_starts = [a for a, _ in sents]
    for q in quotes:
        q.sent = max(0, bisect_right(s_starts, q.open) - 1)
    for i, q in enumerate(quotes):
        a, b = sents[q.sent]
        prev_end = quotes[i - 1].close if i > 0 and quotes[i - 1].sent == q.sent else a
        nxt = quotes[i + 1].open if i + 1 < len(quotes) and quotes[i + 1].sent == q.sent else b
        if not text[q.s:q.e].strip():
            q.term = True
            continue
        _attribute(q, ft, text, (min(prev_end, q.open), q.open), (q.close, max(q.close, nxt)))
        if q.how and q.speaker == "none" and prev_end > a and quotes[i - 1].how:
            q.how = ""  # "... "x" and urged ... "y"": the subject of the first quotation
        if q.how:
            _set_speaker(q, text)
    # continuation
    for i, q in enumerate(quotes):
        if q.how or q.term:
            continue
        src = None
        for k in range(i - 1, -1, -1):
            p = quotes[k]
            if p.sent == q.sent and p.how:
                src = p
                break
            if p.sent != q.sent:
                break
        if src is None and i > 0:
            a = sents[q.sent][0]
            starts_sentence = not text[a:q.open].strip(" \t\n—–-")
            p = quotes[i - 1]
            same_para = p.para == q.para or (p.para == q.para - 1 and not p.closed)
            if starts_sentence and p.how and same_para and p.sent >= q.sent - 1:
                src = p
        if src is not None:
            _inherit(q, src)
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if not q.how and not q.term and not q.closed and nxt.how and nxt.para == q.para + 1:
            _inherit(q, nxt)
    # speakers and actors
    for q in quotes:
        if q.how and q.how != "continued" and q.sp_kind in ("name", "descriptor", "other"):
            s, e = q.sp_span
            q.actor = _actor_of(text[s:e], matcher) if q.sp_kind != "other" else ""
    cands = None
    for q in quotes:
        if not q.how or q.how == "continued":
            continue
        if q.sp_kind in ("pronoun", "none"):
            if cands is None:
                cands = _candidates(text, ft, sents, quotes, matcher)
            ref = q.open if q.sp_kind == "none" else min(q.open, q.sp_span[0])
            pick = None
            sent_start = sents[q.sent][0]
            for pos, para, name, actor in cands:
                if pos >= ref:
                    break
                if pos >= sent_start:  # the subject of the sentence comes first
                    if pick is None or pick[0] < sent_start:
                        pick = (pos, name, actor)
                elif para >= q.para - 2:
                    pick = (pos, name, actor)
            if pick:
                q.resolved_from = text[q.sp_span[0]:q.sp_span[1]] if q.sp_kind == "pronoun" else "(omitted)"
                q.sp_kind = "resolved"
                q.sp_span = (pick[0], pick[0] + len(pick[1]))
                q.actor = pick[2]
    for q in quotes:
        if q.how == "continued":
            src = q.speaker
            q.sp_kind, q.sp_span, q.actor, q.cue, q.resolved_from = (
                src.sp_kind, src.sp_span, src.actor, src.cue, src.resolved_from)
    return [q for q in quotes if q.how]


def _inherit(q: _Quote, src: _Quote) -> None:
    while src.how == "continued":
        src = src.speaker
    q.how = "continued"
    q.speaker = src


def find_quotes(df: pd.DataFrame, *, actors=None, text: str = "text", lang: str | None = "lang") -> pd.DataFrame:
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
    >>> arts = pd.DataFrame({"article_id": ["a"], "lang": ["en"], "text": [
    ...     'Sheinbaum spoke on Tuesday. "We will not accept it," she said. '
    ...     'Critics mocked the so-called "reform."']})
    >>> q = find_quotes(arts, actors=table)
    >>> q[["speaker", "actor", "quote", "cue", "resolved_from"]].to_dict("records")
    [{'speaker': 'Sheinbaum', 'actor': 'Claudia Sheinbaum', 'quote': 'We will not accept it', 'cue': 'said', 'resolved_from': 'she'}]
    """
    _require(df, ["article_id", text], "find_quotes()")
    matcher = _matcher(actors)
    langs = df[lang] if lang and lang in df.columns else [""] * len(df)
    rows = []
    for aid, value, lg in zip(df["article_id"], df[text], langs):
        t = _as_text(value)
        if not t or not any(c in t for c in "\"“«”"):
            continue
        for q in _quotes_of(t, _as_text(lg), matcher):
            s, e = q.s, q.e
            while e > s and (t[e - 1].isspace() or t[e - 1] == ","):
                e -= 1
            while s < e and t[s].isspace():
                s += 1
            speaker = t[q.sp_span[0]:q.sp_span[1]] if q.sp_span else ""
            rows.append((_as_text(aid), speaker, q.actor, t[s:e], q.cue, s, e, q.how, q.resolved_from))
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    for c in QUOTE_COLUMNS:
        out[c] = out[c].astype("int64" if c in ("start", "end") else "string")
    return out.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def quote_share(quotes: pd.DataFrame, mentions: pd.DataFrame, *, by: str | None = None,
                articles: pd.DataFrame | None = None, include_places: bool = False) -> pd.DataFrame:
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
    >>> m = pd.DataFrame({"article_id": ["1", "2", "2"], "actor": ["Sheinbaum", "Sheinbaum", "Trump"],
    ...                   "kind": ["person"] * 3})
    >>> quote_share(q, m)
           actor  n_quotes  n_articles_quoted  n_articles_mentioned  share_quoted
    0  Sheinbaum         2                  1                     2           0.5
    1      Trump         0                  0                     1           0.0
    """
    _require(quotes, ["article_id", "actor"], "quote_share()")
    _require(mentions, ["article_id", "actor"], "quote_share()")
    m = _drop_places(mentions, include_places)
    keys = [by] if by else []

    def frame(d: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame({"article_id": d["article_id"].astype(str).to_numpy(),
                            "actor": d["actor"].fillna("").astype(str).to_numpy()})
        if by and articles is None:
            out[by] = d[by].to_numpy()
        return out

    q, m = frame(quotes), frame(m)
    q = q[q["actor"] != ""]
    if by and articles is not None:
        _require(articles, ["article_id", by], "quote_share()")
        groups = articles[["article_id", by]].astype({"article_id": str}).drop_duplicates("article_id")
        q, m = q.merge(groups, on="article_id", how="left"), m.merge(groups, on="article_id", how="left")
    elif by:
        _require(quotes, [by], "quote_share()")
        _require(mentions, [by], "quote_share()")
    if include_places is False and "kind" in mentions.columns and len(q):
        places = set(mentions.loc[mentions["kind"] == "place", "actor"].astype(str))
        q = q[~q["actor"].isin(places)]
    n_quotes = q.groupby(keys + ["actor"]).size().rename("n_quotes")
    quoted = q.drop_duplicates(keys + ["actor", "article_id"])
    n_quoted = quoted.groupby(keys + ["actor"]).size().rename("n_articles_quoted")
    named = pd.concat([m[keys + ["actor", "article_id"]], quoted[keys + ["actor", "article_id"]]])
    n_named = named.drop_duplicates().groupby(keys + ["actor"]).size().rename("n_articles_mentioned")
    out = pd.concat([n_quotes, n_quoted, n_named], axis=1).fillna(0).reset_index()
    for c in ("n_quotes", "n_articles_quoted", "n_articles_mentioned"):
        out[c] = out[c].astype("int64")
    out["share_quoted"] = out["n_articles_quoted"] / out["n_articles_mentioned"]
    out = out.sort_values(keys + ["n_articles_mentioned", "actor"],
                          ascending=[True] * len(keys) + [False, True], kind="stable")
    cols = keys + ["actor", "n_quotes", "n_articles_quoted", "n_articles_mentioned", "share_quoted"]
    return out.reset_index(drop=True)[cols]
