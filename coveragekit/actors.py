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
* A person or a criminal group whose alias has a capital letter is not matched in text
  written all in lower case: "maduro" (ripe) and "rubio" (blond) are not Maduro and Rubio.
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
rules read are tables in ``data/rules/`` (:mod:`coveragekit.rules`; read when the module is
imported). Quotations whose words read as a title or a name ("One Hundred Years of
Solitude", "El Mencho", "AEA") are not speech; a quotation interrupted by a dash aside with a
speech verb («…—dijo X—, …») is split into its pieces; conjoined speakers ("said A and B")
give one row each; a speaker named by a role ("la mandataria") is its holder at the article's
date (:mod:`coveragekit.roles`).
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
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._frame import as_articles
from ._match import (  # noqa: F401 (re-exported: the folding helpers are used by other modules)
    _APOSTROPHES,
    _HYPHENS,
    _KEEP_CASE,
    _LOWER,
    _NON_ASCII,
    Mention,
    _alias_key,
    _as_text,
    _fold,
    _fold_case,
    _fold_case_match,
    _fold_match,
    _FoldTable,
    _is_acronym,
    _key_regex,
    _split_aliases,
    _trie_pattern,
)
from .datasets import read_once
from .errors import InputError, OptionError, TableError
from .roles import RoleMatcher, context_table_or_default, role_table_or_default
from .rules import compiled_rules
from .text import split_sentences

__all__ = [
    "ACTOR_COLUMNS",
    "KINDS",
    "MENTION_COLUMNS",
    "QUOTE_COLUMNS",
    "SPAN_COLUMNS",
    "ActorMatcher",
    "ActorTableError",
    "Mention",
    "cooccurrence",
    "default_actor_table",
    "find_mentions",
    "find_quotes",
    "mention_spans",
    "mentions_over_time",
    "quote_share",
    "read_actors",
    "validate_actors",
]

KINDS = ("person", "government", "agency", "military", "legislature", "cartel", "country", "place")
ACTOR_COLUMNS = ["actor", "kind", "country", "aliases"]
SPAN_COLUMNS = ["article_id", "field", "start", "end", "actor", "kind", "matched", "how"]
MENTION_COLUMNS = ["article_id", "actor", "kind", "n", "n_role"]
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


class ActorTableError(TableError, ValueError):
    """The actor table cannot be used: a missing column, an empty actor name, an unknown
    kind, or an alias that two actors claim. The message is one line naming the problem."""


# --------------------------------------------------------------------------- paths


def _data_dir() -> Path:
    """The folder holding the default tables: :func:`coveragekit.datasets.data_dir`."""
    from .datasets import data_dir

    return data_dir()


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
    >>> try:
    ...     validate_actors(t)
    ... except ActorTableError as err:
    ...     print(str(err).split(". ")[0])
    the alias "Gulf" is claimed by two actors, "Gulf Cartel" and "Gulf of Mexico"
    """
    if not isinstance(table, pd.DataFrame):
        raise ActorTableError(
            "the actor table is not a DataFrame",
            path=path,
            hint="read it with coveragekit.actors.read_actors()",
        )
    missing = [c for c in ACTOR_COLUMNS if c not in table.columns]
    if missing:
        raise ActorTableError(
            f"the actor table lacks the column(s) {', '.join(missing)}",
            path=path,
            hint=f"its header must be: {','.join(ACTOR_COLUMNS)}",
        )
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
            raise ActorTableError(
                f"{line} of the actor table has an empty actor name",
                path=path,
                hint="fill in the actor column or delete the row",
            )
        if kind not in KINDS:
            raise ActorTableError(
                f'the actor "{actor}" has the unknown kind "{kind}"',
                path=path,
                hint=f"use one of {', '.join(KINDS)}",
            )
        key = _alias_key(actor)
        if key in seen:
            raise ActorTableError(
                f'the actor "{actor}" is listed twice ({line} and an earlier row)',
                path=path,
                hint="merge the two rows",
            )
        seen[key] = i
        for alias in _split_aliases(actor, aliases):
            akey = _alias_key(alias)
            if not any(ch.isalnum() for ch in akey):
                raise ActorTableError(
                    f'the actor "{actor}" has the alias "{alias}", which has no letter or digit',
                    path=path,
                    hint="delete it",
                )
            if akey in owner and owner[akey][0] != actor:
                other = owner[akey][0]
                raise ActorTableError(
                    f'the alias "{alias}" is claimed by two actors, "{other}" and "{actor}"',
                    path=path,
                    hint="keep it under one actor, or make it longer so it names only one",
                )
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
        raise ActorTableError(
            f"the actor table cannot be read as CSV ({msg})",
            path=path,
            hint="save it from a spreadsheet as CSV UTF-8",
        ) from None
    df.columns = [str(c).strip() for c in df.columns]
    return validate_actors(df, path=path)


def default_actor_table() -> pd.DataFrame:
    """The kit's actor table, ``data/actors.csv`` (or ``$COVERAGEKIT_DATA/actors.csv``)."""
    return read_actors(_data_dir() / "actors.csv")


# --------------------------------------------------------------------------- the matcher


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
    >>> text = "Let us see: the Trump administration and Trump’s US allies."
    >>> for x in m.find(text):
    ...     print(x.start, x.end, x.actor, "|", x.alias_text)
    16 36 Trump administration | Trump administration
    41 46 Donald Trump | Trump
    49 51 United States | US
    """

    def __init__(self, table: pd.DataFrame):
        self.table = validate_actors(table)
        entries: dict[str, list[tuple[str, str, str, re.Pattern | None]]] = {}
        rows = []
        for actor, kind, aliases in zip(
            self.table["actor"], self.table["kind"], self.table["aliases"]
        ):
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
        self._memo: dict[str, list[Mention]] | None = None

    @contextmanager
    def remembering(self):
        """Within this block :meth:`find` keeps what it found in each text, so that
        verbs run one after the other on the same articles (:func:`mention_spans`, then
        :func:`find_quotes`, which looks for persons again) search each text once. The
        memory is dropped when the block ends.

        >>> m = ActorMatcher(pd.DataFrame({"actor": ["DEA"], "kind": ["agency"],
        ...                                "country": ["US"], "aliases": [""]}))
        >>> with m.remembering():
        ...     m.find("The DEA said so.") is m.find("The DEA said so.")
        True
        """
        outer, self._memo = self._memo, {} if self._memo is None else self._memo
        try:
            yield self
        finally:
            self._memo = outer

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
        if original.islower():
            # a person or a group written with a capital in the table is not named in
            # lower case: "maduro" (ripe), "rubio" (blond), "los lobos" (wolves)
            loose = [entry for entry in loose
                     if entry[2] not in ("person", "cartel") or entry[0].islower()]
        for entry in loose:
            if entry[0] == written:
                return entry
        return loose[0] if loose else None

    def _shorter(self, key: str, folded: str, s: int):
        """Shorter aliases that start where ``key`` did (when a case-sensitive one failed)."""
        shorter = self._prefixes.get(key)
        if shorter is None:
            shorter = self._prefixes[key] = [
                k for k in self._keys_by_length if len(k) < len(key) and key.startswith(k)
            ]
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
            alias_text``, sorted by ``start``; matches never overlap. Inside
            :meth:`remembering` the same list is returned for the same text: copy it
            before changing it.
        """
        text = _as_text(text)
        if not text:
            return []
        memo = self._memo
        if memo is None:
            return self._find(text)
        found = memo.get(text)
        if found is None:
            found = memo[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[Mention]:
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
            hint="pass the column names as keyword options, "
            "or load the articles with coveragekit.load()",
        )


def _default_matcher(path: str) -> ActorMatcher:
    return ActorMatcher(read_actors(path))


def _matcher(actors) -> ActorMatcher:
    if isinstance(actors, ActorMatcher):
        return actors
    if actors is None:
        path = _data_dir() / "actors.csv"
        try:
            return read_once(_default_matcher, str(path), files=[path])
        except OSError:
            raise ActorTableError(
                "the actor table does not exist",
                path=path,
                hint="pass actors= or set COVERAGEKIT_DATA",
            ) from None
    if isinstance(actors, pd.DataFrame):
        return ActorMatcher(actors)
    if isinstance(actors, (str, os.PathLike)):
        return ActorMatcher(read_actors(actors))
    raise OptionError(
        "actors= must be an actor table, a path to one, an ActorMatcher or None",
        hint="see coveragekit.actors.read_actors",
    )


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


def _role_matcher(matcher: ActorMatcher, roles) -> RoleMatcher | None:
    """The role matcher for ``roles`` (None: the kit's table; False: none) and the actor
    table of ``matcher``, kept on the matcher for the next call."""
    if isinstance(roles, RoleMatcher):
        return roles
    table = role_table_or_default(roles)
    if table is None:
        return None
    context = context_table_or_default() if roles is None else None
    memo = matcher.__dict__.setdefault("_role_matchers", {})
    got = memo.get(id(table))
    if got is None or got[0] is not table or got[1] is not context:
        got = memo[id(table)] = (table, context, RoleMatcher(table, matcher.table, context))
    return got[2]


@lru_cache(maxsize=4096)
def _alias_key_memo(alias: str) -> str:
    return _alias_key(alias)


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


def _article_dates(df: pd.DataFrame, date: str | None):
    if not date or date not in df.columns:
        return [None] * len(df)
    values = pd.to_datetime(df[date], errors="coerce", utc=True)
    return [None if pd.isna(v) else v for v in values]


def _article_langs(df: pd.DataFrame, lang: str | None):
    if not lang or lang not in df.columns:
        return [""] * len(df)
    return [_as_text(v) for v in df[lang]]


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
        The role table (:mod:`coveragekit.roles`); None reads ``data/roles.csv``, False
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
    >>> arts = pd.DataFrame({"article_id": ["a1", "a2"], "title": ["Sheinbaum’s reply", ""],
    ...     "text": ["Sheinbaum spoke in Mexico City.", "La presidenta de México dijo que no."],
    ...     "lang": ["en", "es"], "published_at": ["2025-03-01", "2025-03-02"]})
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
    matcher = _matcher(actors)
    role_matcher = _role_matcher(matcher, roles)
    fields = [(f, c) for f, c in (("title", title), ("text", text)) if c]
    cols: dict[str, list] = {c: [] for c in SPAN_COLUMNS}
    ids = [_as_text(v) for v in df["article_id"]]
    dates = _article_dates(df, date) if role_matcher is not None else [None] * len(df)
    langs = _article_langs(df, lang)
    for field, col in fields:
        for aid, value, day, lg in zip(ids, df[col], dates, langs):
            names = matcher.find(value)
            found = role_matcher.find(value, date=day, names=names, lang=lg) if day is not None else []
            for m, how in _with_roles(names, found, role_matcher.keys if role_matcher else (),
                                      role_matcher.context_keys if role_matcher else ()):
                cols["article_id"].append(aid)
                cols["field"].append(field)
                cols["start"].append(m.start)
                cols["end"].append(m.end)
                cols["actor"].append(m.actor)
                cols["kind"].append(m.kind)
                cols["matched"].append(m.alias_text)
                cols["how"].append(how)
    out = pd.DataFrame({c: pd.Series(v, dtype=_SPAN_DTYPES[c]) for c, v in cols.items()})
    return out.sort_values(["article_id", "field", "start"], kind="stable").reset_index(drop=True)


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
    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["DEA targets CJNG"],
    ...     "text": ["The idea: the DEA says the Jalisco New Generation Cartel (CJNG) grew."]})
    >>> find_mentions(arts, actors=table)
      article_id actor    kind  n  n_role
    0          a  CJNG  cartel  3       0
    1          a   DEA  agency  2       0
    """
    df = as_articles(df, verb="find_mentions()", text=text, title=title, id=id, need_lang=False)
    spans = mention_spans(df, actors=actors, text=text, title=title, roles=roles, date=date, lang=lang)
    return count_mentions(spans)


def count_mentions(spans: pd.DataFrame) -> pd.DataFrame:
    """The mention table (:data:`MENTION_COLUMNS`) of a span table (:func:`mention_spans`)."""
    keys = ["article_id", "actor", "kind"]
    role = (spans["how"] == "role").astype("int64") if "how" in spans.columns else 0
    out = (spans.assign(_role=role).groupby(keys, sort=False)
           .agg(n=("_role", "size"), n_role=("_role", "sum")).reset_index())
    out["n"] = out["n"].astype("int64")
    out["n_role"] = out["n_role"].astype("int64")
    return out.sort_values(["article_id", "actor"], kind="stable").reset_index(drop=True)[
        MENTION_COLUMNS
    ]


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
        raise OptionError(
            f"unknown period '{freq}'",
            hint="use day, week, month, quarter, year or a pandas frequency such as MS",
        ) from None
    naive = pd.to_datetime(ts, utc=True).dt.tz_convert(None)
    if isinstance(offset, pd.offsets.Tick) and offset.nanos < pd.Timedelta("1D").value:
        return naive.dt.floor(offset)
    day = naive.dt.normalize()
    uniq = pd.Series(day.dropna().unique())
    starts = {d: offset.rollback(d) for d in uniq}
    return day.map(starts).astype("datetime64[ns]")


def mentions_over_time(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    freq: str = "MS",
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
    m = pd.DataFrame(
        {
            "article_id": m["article_id"].astype(str).to_numpy(),
            "actor": m["actor"].astype(str).to_numpy(),
            "n": n.to_numpy(),
        }
    )
    keys = ["period"] + ([by] if by else [])
    a = pd.DataFrame(
        {
            "article_id": articles["article_id"].astype(str).to_numpy(),
            "period": _period_start(articles["published_at"], freq).to_numpy(),
        }
    )
    if by:
        a[by] = articles[by].to_numpy()
    a = a.drop_duplicates("article_id")
    totals = a.groupby(keys, dropna=False).size().rename("total")
    per = (
        m.groupby(["article_id", "actor"], sort=False)["n"]
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
    _require(mentions, ["article_id", "actor"], "cooccurrence()")
    m = _drop_places(mentions, include_places)
    # integer codes, the actors' numbered in name order, so that a pair is kept once
    # (code_a < code_b means name_a < name_b) and millions of mention rows are handled as
    # integers rather than strings
    article, _ = pd.factorize(m["article_id"].astype(str).to_numpy())
    actor, names = pd.factorize(m["actor"].astype(str).to_numpy(), sort=True)
    # each (article, actor) once, sorted by article then actor: the pairs of an article are
    # then each row with every later row of its article (no self-join of a table)
    k = np.int64(max(1, len(names)))
    both = np.sort(article.astype(np.int64) * k + actor)
    both = both[np.append(True, both[1:] != both[:-1])] if len(both) else both
    article, actor = both // k, both % k
    counts = np.bincount(actor, minlength=len(names))
    ends = np.searchsorted(article, article, side="right")  # each row's article ends here
    later = ends - np.arange(len(article)) - 1  # rows after it in its article
    left = np.repeat(np.arange(len(article)), later)
    right = left + 1 + (np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later))
    codes = actor[left] * k + actor[right]  # code_a < code_b
    if k * k <= 1 << 22:  # a count per possible pair fits in memory
        n = np.bincount(codes, minlength=int(k * k))
        pair = np.flatnonzero(n)
        n = n[pair]
    else:
        pair, n = np.unique(codes, return_counts=True)
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


# --------------------------------------------------------------------------- quotes: words
#
# The word rules are tables in ``data/rules/`` (see :mod:`coveragekit.rules` and the data
# README), written with their accents and folded when loaded: the quote rules read an
# accent-folded copy of the text that keeps case and length (``_fold_case``), and spans
# found in the copy are spans of the original.

_RULES = compiled_rules()
_W = _RULES.words
_CUE_WORDS = sorted(_RULES.verbs(), key=len, reverse=True)
# Speech verbs in lower case only: "United States" has no cue in it. Written as a trie
# (same matches: no verb followed by a non-letter is the start of another), which the
# regex engine scans several times faster than a list of ~150 alternatives.
_CUE = _trie_pattern(_CUE_WORDS) + r"(?![\w'])"
_ACCORDING = r"(?i:" + "|".join(_RULES.according_to) + r")(?!\w)"
_CUE_RE = re.compile(r"(?<![\w'-])" + _CUE)
_CUE_START_RE = re.compile(r"\s*(?P<cue>" + _CUE + r")")
_ACCORDING_START_RE = re.compile(r"\s*(?P<cue>" + _ACCORDING + r")")
_ACCORDING_RE = re.compile(r"(?<!\w)" + _ACCORDING)
# A quotation right after these is a word being named, not a statement (scare quotes).
_TERM_RE = re.compile(r"(?<!\w)(?i:" + "|".join(_RULES.terms) + r")[\s,]*$")
# "según sus palabras", "in his words": the subject's own words.
_OWN_WORDS = re.compile(r"(?i:su|sus|his|her|their)\s+(?i:palabras|words)$")
# Leading titles dropped from a speaker's name ("Secretary of State Marco Rubio").
_TITLE_RE = re.compile(
    r"(?:(?:" + "|".join(_RULES.modifiers) + r")\s+)*"
    r"(?:" + "|".join(_RULES.titles) + r")\s+(?=[A-Z])"
)
_PERSONAL_TITLE_END = re.compile(
    r"(?:" + "|".join(sorted(_W["personal_title"], key=lambda w: (-len(w), w))) + r")\.\s+$"
)


def _caseless(pattern: str) -> str:
    """``pattern`` (lower-case ASCII letters and escapes such as ``\\s``) with every
    letter spelled out as a class, "[tT]": it matches what ``(?i:pattern)`` matches (the
    classes hold the other letters (?i) equates, "İ" and "ı" with i, "ſ" with s, the
    Kelvin sign with k), and the regex engine runs it faster than (?i:...)."""
    special = {"i": "iIİı", "s": "sSſ", "k": "kK\u212a"}
    return re.sub(
        r"(?<!\\)[a-z]", lambda m: "[" + special.get(m[0], m[0] + m[0].upper()) + "]", pattern
    )


_CLAUSE_WORDS = _W["clause_word"]
# Clause boundaries: the subject of a speech verb is in the last clause before it. The
# words as a trie with their case spelled out, and every branch opening with a character
# class: the matches of "(?i:that|que|...)", "\.?[—–]" and "\s+-\s+", found faster.
_CLAUSE_RE = re.compile(
    r"[;:]\s+|,\s+|[—–]\s*|\.[—–]\s*|\s\s*-\s+|(?<!\w)"
    + _caseless(_trie_pattern(_CLAUSE_WORDS))
    + r"\s+"
)
_STRONG_RE = re.compile(r"[;:]\s+|\.?[—–]\s*|\s+-\s+")
_COMMA_RE = re.compile(r",\s*")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD_RE = re.compile(r"\S+")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")
_QUOTE_CHARS = '"“”«»'
_EDGE = "\"'“”«»‘’()[]¿¡—–:;,.!?…"

# The word lists (data/rules/words.csv; the list names are documented there).
_ABBREV = _W["abbreviation"]
_PREPS = _W["preposition"]
_ARTICLES = _W["determiner"]
_SINGULAR_DET = _W["singular_article"]
_ES_DETERMINERS = _W["spanish_determiner"]
_TOPIC_PREPS = _W["topic_preposition"]  # "Para Cavazos, ...", "For Quezada, ..."
_STOP = _W["phrase_end"]  # relative pronouns and conjunctions end a name phrase
_AUX = _W["auxiliary"]  # dropped between a subject and its verb (lower case only: not "May")
_CLITICS = _W["clitic"]  # "Un marino retirado ... lo resumió"
_NEGATIONS = _W["negation"]  # "did not say", "has been told": the subject is not the speaker
_COORD = _W["coordinator"]  # "... y resumió": the subject is omitted
_INTRO = _W["introducer"]
_PRONOUNS = _W["pronoun"]  # compared with the text as written: "él", not "el"
_OTHER_PRONOUNS = _W["other_pronoun"]
_CONNECTORS = _W["name_connector"]
_MONTHS_DAYS = _W["month_or_day"]
_PERIOD_WORDS = _MONTHS_DAYS | _W["period_word"]
_TIME_WORDS = _PERIOD_WORDS | _W["time_word"]  # a trailing "on Tuesday", "in a statement"
_NON_AGENTS = _MONTHS_DAYS | _W["non_agent"]
_ROLE_NOUNS = _W["role_noun"]  # "US officials", "Mexico's foreign ministry"
_NOT_NAMES = _W["not_a_name"]  # capitalised at the start of a sentence, but not anybody's name
_ORG_WORDS = _W["organisation_word"]  # an organisation or a place, not a person


# --------------------------------------------------------------------------- quotes: speakers


class _Word(NamedTuple):
    start: int
    end: int
    text: str  # as in the folded copy, without trailing punctuation
    low: str  # ``text.lower()``, computed once: the word lists are all in lower case


# _Word((start, end, text, low)) without the Python-level __new__ of a NamedTuple
# (_phrase_words makes hundreds of thousands of them).
_new_word = partial(tuple.__new__, _Word)

# Opening marks stripped from a word, and what cuts a word short (a comma only when
# ``cut_commas``); compiled once, as these run on every word of every phrase.
_LEAD = "\"'“”«»‘’([¿¡"
_CUT_RE = re.compile(r"[\"“”«»()—–;:!?…]")
_CUT_COMMA_RE = re.compile(r"[\"“”«»()—–;:!?…]|,")


def _is_initials(w: str) -> bool:
    """"J.", "U.S.": letters each followed by a period (the cheap test first)."""
    return w[-1:] == "." and _INITIALS_RE.fullmatch(w) is not None


def _is_name_word(w: str) -> bool:
    return bool(w) and (w[0].isupper() or _is_initials(w))


def _phrase_words(ft: str, start: int, end: int, *, cut_commas: bool = True) -> list[_Word] | None:
    """The words of ``ft[start:end]`` up to the first terminator (punctuation, quotation
    mark, relative pronoun or conjunction); None when they run past 12 words (no name
    phrase is that long)."""
    words: list[_Word] = []
    cut_re = _CUT_COMMA_RE if cut_commas else _CUT_RE
    for m in _WORD_RE.finditer(ft, start, end):
        s, e = m.span()
        raw = ft[s:e]
        if raw.isalpha():
            # the usual word: no mark to strip or cut, not an abbreviation (the general
            # case below gives the same)
            low = raw.lower()
            if low in _STOP and words:
                break
            words.append(_new_word((s, e, raw, low)))
            if len(words) > 12:
                return None
            continue
        if raw[0] in _LEAD:
            if words:
                break
            stripped = raw.lstrip(_LEAD)
            s += len(raw) - len(stripped)
            raw = stripped
            if not raw:
                continue
        low = raw.lower()
        if low in _ABBREV or _is_initials(raw):
            words.append(_new_word((s, e, raw, low)))
            continue
        if low in _STOP and words:
            break
        core = raw.rstrip(_EDGE)
        cut = cut_re.search(core)
        if cut:
            core = core[: cut.start()]
        if core:
            low = low if len(core) == len(raw) else core.lower()
            words.append(_new_word((s, s + len(core), core, low)))
        if len(core) < len(raw):
            break
        if len(words) > 12:
            return None
    return words


def _strip_title(ft: str, s: int, e: int) -> int:
    m = _TITLE_RE.match(ft, s, e)
    return m.end() if m and m.end() < e else s


def _name_chunk(words: list[_Word], i: int) -> int:
    """Index after the name starting at ``words[i]`` ("Juan Ramón de la Fuente"); ``i`` when
    ``words[i]`` starts no name."""
    j = i
    while j < len(words):
        w = words[j]
        if _is_name_word(w.text) and w.low not in _ARTICLES:
            j += 1
        elif j > i and w.low in _CONNECTORS:
            k = j
            while k < len(words) and words[k].low in _CONNECTORS:
                k += 1
            if k < len(words) and k - j <= 2 and _is_name_word(words[k].text):
                j = k
            else:
                break
        else:
            break
    return j


def _name_chunks(words: list[_Word]) -> list[int]:
    """``_name_chunk(words, i)`` for every ``i``, in one pass from the end (:func:`_pick`
    asks about every word of a phrase)."""
    n = len(words)
    runs = [n] * (n + 1)  # where a name that has reached words[j] ends
    out = [0] * n
    for j in range(n - 1, -1, -1):
        w = words[j]
        if _is_name_word(w.text) and w.low not in _ARTICLES:
            runs[j] = out[j] = runs[j + 1]
            continue
        out[j] = j
        runs[j] = j
        if w.low in _CONNECTORS:  # "de la" inside a name, not at its start
            k = j + 1
            while k < n and words[k].low in _CONNECTORS:
                k += 1
            if k < n and k - j <= 2 and _is_name_word(words[k].text):
                runs[j] = runs[k]
    return out


def _is_prep(words: list[_Word], i: int) -> bool:
    """English "a" is an article; Spanish "a" a preposition when a determiner follows."""
    w = words[i].low
    if w == "a":
        return i + 1 < len(words) and words[i + 1].low in _ES_DETERMINERS
    return w in _PREPS


def _described_name(words: list[_Word], i: int) -> bool:
    """Whether the name at ``words[i]`` follows a short description ("la economista",
    "Customs broker", "Para el antropólogo") or a topic preposition ("Para Cavazos")."""
    k = 1 if words[0].low in _TOPIC_PREPS else 0
    if i == 1 and k == 1:
        return True
    before = words[i - 1]
    if not before.text[:1].islower() or before.low in _ARTICLES or _is_prep(words, i - 1):
        return False
    if words[k].low in _SINGULAR_DET:  # "la especialista en seguridad nacional X"
        return i - k <= 7
    return i - k <= 3 and not any(_is_prep(words, j) for j in range(k, i))  # "Customs broker X"


# Unions of the word lists, built once.
_TIME_OR_ARTICLE = _TIME_WORDS | _ARTICLES
_SUBJECT_HEADS = _ARTICLES | _PRONOUNS | _OTHER_PRONOUNS
_NO_SUBJECT_END = _PREPS | _ARTICLES | _STOP
_PREP_OR_ARTICLE = _PREPS | _ARTICLES
# A phrase opening with one of these names nobody ("and", "which", "March", "nothing").
_NO_SPEAKER = _STOP | (_NON_AGENTS - {"it", "this", "that"})


def _pick(words: list[_Word] | None, ft: str, original: str):
    """The speaker in a phrase as ``(kind, start, end)``, kind one of "name",
    "descriptor", "pronoun" (he, she, él, ella) or "other" (they, it...); None if none."""
    if not words:
        return None
    first = words[0]
    if first.low in _NO_SPEAKER:
        return None
    low = original[first.start : first.end].lower()
    if low in _PRONOUNS:
        return ("pronoun", first.start, first.end)
    if low in _OTHER_PRONOUNS:
        return ("other", first.start, first.end)
    t_end = _strip_title(ft, first.start, words[-1].end)
    if t_end > first.start:  # "Secretary of State Marco Rubio": the name after the title
        words = [w for w in words if w.start >= t_end]
        first = words[0]
    n = len(words)

    def name(i: int, j: int = n) -> tuple:
        e = words[j - 1].end
        if ft[e - 2 : e] == "'s":  # a possessor: "Claudia Sheinbaum's position"
            e -= 2
        return ("name", _strip_title(ft, words[i].start, e), e)

    # A name closing the phrase after a short description or a topic preposition: "la
    # economista Regina Salcedo", "Customs broker Arturo Villegas", "dijo en conferencia
    # Claudia Sheinbaum", "Para Cavazos". Not "a spokesperson for the Navy".
    chunks = _name_chunks(words)
    lead = chunks[0]
    for i in range(max(1, lead), n):
        if chunks[i] != n:
            continue
        if _described_name(words, i):
            return name(i)
        break
    if _is_prep(words, 0):
        return None
    if lead > 0:
        if lead == 1 and first.low.removesuffix("'s") in _NON_AGENTS:
            return None
        rest = words[lead:]
        if lead == 1 and rest and rest[0].low in _NOT_NAMES:
            return ("descriptor", first.start, rest[0].end)  # "Legal scholars"
        if (
            rest
            and len(rest) <= 2
            and rest[-1].low in _ROLE_NOUNS
            and all(w.text[:1].islower() for w in rest)
        ):
            return ("descriptor", first.start, rest[-1].end)  # "Mexico's foreign ministry"
        return name(0, lead)
    # a description, without a trailing time phrase: "a senior official (on Tuesday)"
    k = n
    for i in range(1, n - 1):
        if _is_prep(words, i) and any(w.low.rstrip(".") in _TIME_WORDS for w in words[i + 1 :]):
            k = i
            break
    if _is_prep(words, k - 1) or words[k - 1].low in _ARTICLES:
        return None
    return ("descriptor", first.start, words[k - 1].end)


def _speaker_after(ft: str, original: str, start: int, end: int):
    """The speaker after a cue: "said Walter Hennig, who...", "explicó su presidenta, Sofía
    Elizondo". None when there is none (an omitted subject: "«...», dijo.")."""
    words = _phrase_words(ft, start, end)
    for i in range(1, len(words or ())):
        # "opinó la investigadora Carolina Uribe sobre la decisión...": the described name
        # ends the speaker where a preposition follows it
        j = _name_chunk(words, i)
        if j > i and j < len(words) and _is_prep(words, j) and _described_name(words, i):
            words = words[:j]
            break
    got = _pick(words, ft, original)
    if got and got[0] == "descriptor":
        after = words[-1].end
        m = _COMMA_RE.match(ft, after, end)
        if m:  # a name in apposition after the comma
            nxt = _phrase_words(ft, m.end(), end)
            if nxt and _name_chunk(nxt, 0) == len(nxt):
                return ("name", _strip_title(ft, nxt[0].start, nxt[-1].end), nxt[-1].end)
    return got


def _speaker_before(ft: str, original: str, start: int, end: int):
    """The subject in ``ft[start:end]``, which ends right before a cue.

    A speaker tuple (see :func:`_pick`), "none" for an omitted subject ("Entonces dijo",
    "... y resumió"), or None when the text does not read as a subject.
    """
    nxt = ft[end : end + 12].split()[:1]
    gerund = bool(nxt) and nxt[0].endswith("ing")
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
        return "none"
    end = words[-1][1]
    if ft[start:end].endswith(","):
        # an apposition: "Maria Lopez, a customs broker in El Paso, said"
        pos = start
        for m in _COMMA_RE.finditer(ft, start, end):
            seg = _phrase_words(ft, pos, m.start())
            pos = m.end()
            if seg is None:
                return None
            if not seg:
                continue
            if (
                seg[0].low in _INTRO
                or _is_prep(seg, 0)
                or all(w.low in _TIME_OR_ARTICLE or w.text.isdigit() for w in seg)
            ):
                continue  # "On Tuesday, ...", "Sin embargo, ...", "Last week, ..."
            return _pick(seg, ft, original)
        return None
    # The last clause before the cue; when it opens with a verb ("un comerciante que pidió
    # no ser nombrado resumió"), the clause before the relative pronoun.
    cuts = [start] + [m.end() for m in _CLAUSE_RE.finditer(ft, start, end)]
    cuts += [m.end() for m in _CUE_RE.finditer(ft, cuts[-1], end)]
    words = []
    for cut in reversed(cuts):
        words = _phrase_words(ft, cut, end, cut_commas=False)
        if words is None or len(words) > 10:
            return None
        while words and words[0].low in _INTRO:
            words = words[1:]
        if not words:
            return "none"
        head = words[0].text
        if (
            cut == start
            or not head[:1].islower()
            or words[0].low in _SUBJECT_HEADS
        ):
            break
        m = re.search(r"\S+\s*$", ft[start:cut])
        if not m or m.group(0).strip().lower() not in {"que", "that", "who", "quien", "which"}:
            break
        end = start + m.start()
    if words[-1].low in _NO_SUBJECT_END:
        return None
    # "Earlier this month the Pentagon told", "a confidential notice saying": the last
    # noun phrase before the verb.
    for i in range(len(words) - 1, 0, -1):
        if (
            words[i].low in _SINGULAR_DET
            and not _is_prep(words, i - 1)
            and (gerund or any(w.low in _PERIOD_WORDS for w in words[:i]))
        ):
            words = words[i:]
            break
    return _pick(words, ft, original)


class _PhraseMentions(dict):
    """``matcher.find(phrase)`` for short phrases (speaker names), memoised: the same names
    come back article after article. Read it as ``phrases[phrase]``; do not modify the
    lists."""

    def __init__(self, matcher: ActorMatcher, limit: int = 50_000):
        super().__init__()
        self.matcher = matcher
        self.limit = limit

    def __missing__(self, phrase: str) -> list[Mention]:
        if len(self) >= self.limit:  # bounded memory on a very large corpus
            self.clear()
        found = self[phrase] = self.matcher.find(phrase)
        return found


def _actor_of(phrase: str, phrases: _PhraseMentions) -> tuple[str, str]:
    """(actor, kind) a speaker phrase names: a person if it names one, else the first
    actor that is not a place, else ("", "")."""
    found = [m for m in phrases[phrase] if m.kind != "place"]
    pick = next((m for m in found if m.kind == "person"), found[0] if found else None)
    return (pick.actor, pick.kind) if pick else ("", "")


# --------------------------------------------------------------------------- quotes: quotations


class _Quote:
    """One quotation and its attribution while an article is read."""

    __slots__ = (
        "actor",
        "also",
        "aside",
        "close",
        "closed",
        "cue",
        "e",
        "how",
        "kind",
        "open",
        "para",
        "resolved_from",
        "s",
        "sent",
        "source",
        "span",
        "term",
    )

    def __init__(self, open_: int, close: int, s: int, e: int, closed: bool, para: int):
        self.open, self.close = open_, close  # the marks included
        self.s, self.e = s, e  # the words inside the marks
        self.closed, self.para = closed, para
        self.sent = -1
        self.term = False  # a scare quote or a term
        self.how = self.cue = self.actor = self.resolved_from = ""
        self.kind = ""  # name, descriptor, pronoun, other, none (omitted) or resolved
        self.span: tuple[int, int] | None = None  # the speaker as written
        self.source: _Quote | None = None  # the quotation a continuation takes its speaker from
        self.also: list[tuple[int, int]] = []  # further speakers: '"...," said A and B'
        self.aside: tuple[int, int, int] | None = None  # «... —dijo X—, ...»: cue start, end, aside end

    def attribute(self, got, cue: str, how: str) -> None:
        self.cue, self.how = cue, how
        if isinstance(got, tuple):
            self.kind, self.span = got[0], (got[1], got[2])
        else:
            self.kind, self.span = "none", None

    def continue_from(self, src: _Quote) -> None:
        while src.source is not None:
            src = src.source
        self.how, self.source = "continued", src


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA_RE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


# Where a quotation may open (with "”" too in a paragraph that uses only "”"), and the
# guillemets, nested or closing, inside one.
_OPEN_RE = re.compile('[«“"]')
_OPEN_RIGHT_RE = re.compile('[«“"”]')
_GUILLEMET_RE = re.compile("[«»]")
_NON_SPACE_RE = re.compile(r"\S")


def _stray_closer(text: str, i: int, ps: int, pe: int) -> bool:
    """Whether the straight mark at ``i`` can only close a quotation: right after a word or
    its punctuation and before white space or the end (a quotation opened with another
    mark, or in an earlier paragraph)."""
    return i > ps and text[i - 1] not in " \t\n([{—–-" and (i + 1 >= pe or text[i + 1].isspace())


def _quote_spans(text: str) -> list[_Quote]:
    """The top-level quotations, paragraph by paragraph. A mark left open runs to the end
    of its paragraph (the first paragraphs of a quotation over several paragraphs)."""
    quotes: list[_Quote] = []
    for p, (ps, pe) in enumerate(_paragraphs(text)):
        right_only = text.find("”", ps, pe) >= 0 and text.find("“", ps, pe) < 0  # ” for both
        opening = _OPEN_RIGHT_RE if right_only else _OPEN_RE
        i = ps
        while True:
            m = opening.search(text, i, pe)
            if m is None:
                break
            i = m.start()
            if m.group() == "«":
                depth, j = 1, i + 1
                while depth:
                    g = _GUILLEMET_RE.search(text, j, pe)
                    if g is None:
                        j = pe
                        break
                    depth += 1 if g.group() == "«" else -1
                    j = g.end()
                closed = depth == 0
                quotes.append(
                    _Quote(i, j if closed else pe, i + 1, j - 1 if closed else pe, closed, p)
                )
                i = j
            else:
                c = m.group()
                if c == '"' and _stray_closer(text, i, ps, pe):
                    i += 1  # 'me," a stunned...': the end of a quotation opened otherwise
                    continue
                j = text.find("”" if c == "“" else c, i + 1, pe)
                closed = j >= 0
                quotes.append(
                    _Quote(i, j + 1 if closed else pe, i + 1, j if closed else pe, closed, p)
                )
                i = j + 1 if closed else pe
    return quotes


def _mask(text: str, quotes: list[_Quote]) -> str:
    """``text`` with the words inside quotation marks replaced by X (keeping spaces and a
    final ``.?!``), so that sentences are never split inside a quotation."""
    pieces, pos = [], 0
    for q in quotes:  # in order, never overlapping
        k = q.e
        while k > q.s and text[k - 1] in ".?!…,;: \n":
            k -= 1
        pieces.append(text[pos : q.s])
        pieces.append(_NON_SPACE_RE.sub("X", text[q.s : k]))
        pos = k
    pieces.append(text[pos:])
    return "".join(pieces)


def _attribute(q: _Quote, ft: str, text: str, pre: tuple[int, int], post: tuple[int, int]) -> None:
    """Find the cue and speaker of ``q`` in the text right after it (``post``) or before
    it in the same sentence (``pre``)."""
    bs, be = pre
    if be > bs and _is_term(ft, bs, be):
        q.term = True
        return
    ps, pe = post
    lead = re.match(r"[\s,.;—–-]*", ft[ps:pe])
    # A statement closed by its attribution: '"...," she said', '«...», dijo', '"...?" she asked'
    closed_by_cue = text[q.s : q.e].rstrip()[-1:] in {",", "?", "!", "…", "—", "-", "–"} or any(
        c in lead.group(0) for c in ",—–"
    )
    if closed_by_cue and pe > ps:
        s = ps + lead.end()
        m = _ACCORDING_START_RE.match(ft, s, pe)
        if m:
            got = _speaker_after(ft, text, m.end(), pe)
            if got and got[0] == "descriptor" and _OWN_WORDS.match(ft, got[1], got[2]):
                got = "none"
            if got:
                q.attribute(got, text[m.start("cue") : m.end("cue")], "according to")
                return
        m = _CUE_START_RE.match(ft, s, pe)
        if m:  # '"...," said Walter Hennig' / '«...», dijo.'
            got = _speaker_after(ft, text, m.end(), pe)
            q.attribute(got or "none", text[m.start("cue") : m.end("cue")], "cue after")
            _set_conjoined(q, ft, pe)
            return
        m = _CUE_RE.search(ft, s, min(pe, s + 160))
        if m:  # '"...," Sheinbaum said'
            head = _phrase_words(ft, s, m.start(), cut_commas=False)
            if not (head and (head[0].low in _STOP or _is_prep(head, 0))):
                got = _speaker_before(ft, text, s, m.start())
                if got and got != "none":
                    q.attribute(got, text[m.start() : m.end()], "cue after")
                    _set_conjoined(q, ft, m.start())
                    return
    if be <= bs:
        return
    # the last cue before the quotation: 'Sheinbaum said: "..."', 'Sheinbaum has declared
    # that there will be "no invasion"', 'Según la Secretaría de Marina, "..."'
    best = None
    for m in _CUE_RE.finditer(ft, bs, be):
        best = ("cue", m)
    for m in _ACCORDING_RE.finditer(ft, bs, be):
        if best is None or m.start() > best[1].start():
            best = ("according", m)
    if best is None:
        return
    kind, m = best
    cue = text[m.start() : m.end()]
    if kind == "according":
        got = _speaker_after(ft, text, m.end(), be)
        if got and got[0] == "descriptor" and _OWN_WORDS.match(ft, got[1], got[2]):
            got = "none"
        if got:
            q.attribute(got, cue, "according to")
        return
    # the cue must govern the quotation: no clause break in between
    between = ft[m.end() : be].rstrip(" \t\n:,—–")  # a dash may introduce the quotation
    if re.search(r"[;:()\[\]—–]", between) or len(between.split()) > 30:
        return
    got = _speaker_before(ft, text, bs, m.start())
    if got is not None:
        q.attribute(got, cue, "cue before")
        _set_conjoined(q, ft, m.start())


_LIKE_WORDS = {"as", "como"}


def _is_term(ft: str, bs: int, be: int) -> bool:
    """Whether the text before a quotation introduces it as a term or a title ("the
    so-called", "su libro", "Operation"); "as"/"como" only when no speech verb comes
    before them in the clause ("summed up the arrangement as", "lo resumió como": speech)."""
    m = _TERM_RE.search(ft, bs, be)
    if m is None:
        return False
    if m.group().strip(" ,\t\n").lower() in _LIKE_WORDS:
        return _CUE_RE.search(ft, bs, m.start()) is None
    return True


_SMALL_WORDS = _PREPS | _ARTICLES | _COORD | _CONNECTORS | _W["phrase_end"]


def _looks_like_a_name(words: str) -> bool:
    """A quotation that reads as a title, a name or an acronym rather than speech: every
    word capitalised but the small ones ("One Hundred Years of Solitude", "Lanza del Sur",
    "El Mencho"), or one word in capitals ("AEA")."""
    tokens = [t.strip("\"'“”«»‘’.,;:!?()") for t in words.split()]
    tokens = [t for t in tokens if t]
    if len(tokens) == 1:
        t = tokens[0]
        return len(t) >= 2 and t.isupper() and t.isalpha()
    if len(tokens) > 12 or any(c in words.rstrip(" .!?…") for c in ".!?"):
        return False
    content = [t for t in tokens if _fold_case(t).lower() not in _SMALL_WORDS]
    return len(content) >= 2 and all(t[:1].isupper() or t[:1].isdigit() for t in content)


_AND_RE = re.compile(r"\s+(?:and|y|e)\s+")


def _conjoined(ft: str, end: int, limit: int) -> list[tuple[int, int]]:
    """A second name joined to a speaker ending at ``end``: '"..." reply Burton and Nick',
    'said Dana Whitfield and Omar Haddad'. Its span, or nothing."""
    m = _AND_RE.match(ft, end, limit)
    if not m:
        return []
    words = _phrase_words(ft, m.end(), limit)
    if not words or words[0].low in _NOT_NAMES or words[0].low in _ARTICLES:
        return []
    j = _name_chunk(words, 0)
    if j == 0:
        return []
    e = words[j - 1].end
    if ft[e - 2 : e] == "'s":
        return []
    return [(_strip_title(ft, words[0].start, e), e)]


def _set_conjoined(q: _Quote, ft: str, limit: int) -> None:
    if q.kind == "name" and q.span is not None:
        q.also = _conjoined(ft, q.span[1], limit)


_ASIDE_RE = re.compile(r"\s*[—–]\s*")


def _split_asides(quotes: list[_Quote], text: str, ft: str) -> list[_Quote]:
    """Split a quotation interrupted by a dash aside with a speech verb, «A —dijo X—, B»,
    into its two pieces; the first takes the aside as its attribution, the second
    continues it."""
    out = []
    for q in quotes:
        out.append(q)
        for m in _ASIDE_RE.finditer(ft, q.s, q.e):
            cue = _CUE_START_RE.match(ft, m.end(), q.e)
            if not cue:
                continue
            close = re.compile(r"[—–]").search(ft, cue.end(), q.e)
            if close is None:
                continue
            rest = re.match(r"[\s,.;:]*", ft[close.end() : q.e]).end() + close.end()
            second = _Quote(close.end(), q.close, rest, q.e, q.closed, q.para)
            q.close, q.e, q.closed = m.start(), m.start(), True
            q.aside = (cue.start("cue"), cue.end("cue"), close.start())
            if rest < second.e:
                out.append(second)
            break
    return out


_INNER_MARKS = {"«": ("“", "”"), "“": ("‘", "’"), '"': ("‘", "’")}


def _nested(q: _Quote, text: str) -> list[_Quote]:
    """The quotations nested in ``q`` («... “...” ...», “... ‘...’ ...”)."""
    marks = _INNER_MARKS.get(text[q.open : q.open + 1])
    if marks is None:
        return []
    out, i = [], q.s
    while True:
        a = text.find(marks[0], i, q.e)
        if a < 0:
            return out
        b = text.find(marks[1], a + 1, q.e)
        if b < 0:
            return out
        if text[a + 1 : b].strip():
            out.append(_Quote(a, b + 1, a + 1, b, True, q.para))
        i = b + 1


def _word_before(ft: str, pos: int) -> str:
    """The last white-space-delimited word of ``ft[:pos]`` ("" when none), without
    splitting the whole prefix."""
    j = pos
    while j > 0 and ft[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and not ft[i - 1].isspace():
        i -= 1
    return ft[i:j]


def _candidates(
    text: str, ft: str, sents, quotes, matcher, phrases: _PhraseMentions, until: int, people=()
) -> list[tuple[int, int, str, str]]:
    """People a pronoun or an omitted subject may point back to, in order of position:
    ``(position, paragraph, name as written, actor)``.

    Speakers of quotations and subjects of speech verbs (names, or descriptions opening
    with a/an/the/un/una/el/la), names opening a clause ("Mr. Olivas barely looked up",
    "la vocera Mónica Treviño informó", "Para Cavazos, ..."), and persons of the actor
    table that do not follow a preposition. A one-word name opening a clause counts only
    after a title ("Ms.", "Sr.") or when it is the surname of a name met before;
    organisations, places and words like "Critics" are left out.

    Only candidates before ``until`` (the last pronoun to resolve) are looked for: a
    candidate depends on earlier ones only, and later ones are never read.
    """
    spans = [(q.open, q.close) for q in quotes]
    opens = [a for a, _ in spans]

    def in_quote(pos: int) -> bool:
        i = bisect_right(opens, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    raw: dict[int, tuple[int, str, bool]] = {}  # start: (end, kind, strong)

    def add(s: int, e: int, kind: str, strong: bool) -> None:
        old = raw.get(s)
        if old is None or (strong and not old[2]):
            raw[s] = (e, kind, strong)

    for q in quotes:
        if q.how and q.source is None and q.kind in ("name", "descriptor"):
            add(*q.span, q.kind, True)
    for a, b in sents:
        if a >= until:  # whatever it adds starts at or after a
            break
        for cs in [a] + [m.end() for m in _CLAUSE_RE.finditer(ft, a, b)]:
            if in_quote(cs):
                continue
            words = _phrase_words(ft, cs, b)
            if not words or not any(_is_name_word(w.text) for w in words):
                continue  # no capital or initials: no name here (the usual clause)
            got = _pick(words, ft, text)
            if got and got[0] == "name":
                add(got[1], got[2], "name", words[0].low in _TOPIC_PREPS)
            elif words:
                for i in range(1, min(len(words), 6)):
                    j = _name_chunk(words, i)
                    if j > i and _described_name(words, i):
                        e = words[j - 1].end
                        add(_strip_title(ft, words[i].start, e), e, "name", False)
                        break
        for m in _CUE_RE.finditer(ft, a, b):
            if not in_quote(m.start()):
                got = _speaker_before(ft, text, a, m.start())
                if isinstance(got, tuple) and got[0] in ("name", "descriptor"):
                    add(got[1], got[2], got[0], True)
    for mention in people:  # role mentions of persons ("la mandataria") count as names
        if mention.start < until and mention.kind == "person" and not in_quote(mention.start):
            add(mention.start, mention.end, "name", False)
    for mention in matcher.find(text):
        if mention.start >= until:
            break
        if mention.kind == "person" and not in_quote(mention.start):
            before = _word_before(ft, mention.start)
            if not before or before.lower() not in _PREP_OR_ARTICLE:
                add(mention.start, mention.end, "name", False)
    para_starts = [a for a, _ in _paragraphs(text)]
    out = []
    surnames: set[str] = set()
    for s in sorted(raw):
        if s >= until:
            break
        e, kind, strong = raw[s]
        name = text[s:e]
        words = ft[s:e].split()  # ft keeps lengths: this is _fold_case(name)
        actor, akind = _actor_of(name, phrases)
        if kind == "descriptor":
            if words[0].lower() not in _SINGULAR_DET or any(w.lower() in _ORG_WORDS for w in words):
                continue
        elif akind != "person":
            if phrases[name] or any(w.lower().removesuffix("'s") in _ORG_WORDS for w in words):
                continue
            if len(words) == 1:
                titled = _PERSONAL_TITLE_END.search(ft[max(0, s - 8) : s]) is not None
                if words[0].lower() in _NOT_NAMES or not (strong or titled or words[0] in surnames):
                    continue
            else:
                surnames.update(words[1:])
        out.append((s, bisect_right(para_starts, s) - 1, name, actor))
    return out


def _resolve(q: _Quote, cands, sents, text: str) -> None:
    """Point a pronoun or an omitted subject at the subject of its sentence when there is
    one, else at the most recent candidate of the same or the two previous paragraphs."""
    ref = q.open if q.span is None else min(q.open, q.span[0])
    sent_start = sents[q.sent][0]
    pick = None
    for pos, para, name, actor in cands:
        if pos >= ref:
            break
        if pos >= sent_start:
            if pick is None or pick[0] < sent_start:
                pick = (pos, name, actor)
        elif para >= q.para - 2:
            pick = (pos, name, actor)
    if pick:
        q.resolved_from = "(omitted)" if q.span is None else text[q.span[0] : q.span[1]]
        q.kind, q.span, q.actor = "resolved", (pick[0], pick[0] + len(pick[1])), pick[2]


def _quotes_of(
    text: str, lang: str, matcher: ActorMatcher, phrases: _PhraseMentions | None = None, people=()
) -> list[_Quote]:
    """The attributed quotations of one text (``phrases``: a memo shared between texts;
    ``people``: role mentions, candidates for pronouns and omitted subjects)."""
    if phrases is None:
        phrases = _PhraseMentions(matcher)
    quotes = _quote_spans(text)
    if not quotes:
        return []
    ft = _fold_case(text)
    quotes = _split_asides(quotes, text, ft)
    key = (lang or "").strip().lower()
    sents = split_sentences(_mask(text, quotes), lang=key if key in ("en", "es") else "")
    if not sents:
        return []
    s_starts = [a for a, _ in sents]
    for q in quotes:
        q.sent = max(0, bisect_right(s_starts, q.open) - 1)
    for i, q in enumerate(quotes):
        if not text[q.s : q.e].strip() or _looks_like_a_name(text[q.s : q.e]):
            q.term = True
            continue
        if q.aside is not None:  # «A —dijo X—, B»
            cs, ce, ae = q.aside
            q.attribute(_speaker_after(ft, text, ce, ae) or "none", text[cs:ce], "cue after")
            _set_conjoined(q, ft, ae)
            continue
        a, b = sents[q.sent]
        prev = quotes[i - 1] if i > 0 and quotes[i - 1].sent == q.sent else None
        nxt = quotes[i + 1].open if i + 1 < len(quotes) and quotes[i + 1].sent == q.sent else b
        _attribute(q, ft, text, (prev.close if prev else a, q.open), (q.close, max(q.close, nxt)))
        if q.how and q.kind == "none" and prev is not None and prev.how:
            q.how = ""  # '... "x" and urged ... "y"': the speaker of "x" (continued below)
    # continuations: the same sentence as an attributed quotation, the sentence right after
    # one in the same paragraph, or a paragraph left open before an attributed one
    for i, q in enumerate(quotes):
        if q.how or q.term or i == 0:
            continue
        p = quotes[i - 1]
        if p.how and p.sent == q.sent:
            q.continue_from(p)
            continue
        opens_sentence = not text[sents[q.sent][0] : q.open].strip(" \t\n—–-")
        same_para = p.para == q.para or (p.para == q.para - 1 and not p.closed)
        if p.how and opens_sentence and same_para and p.sent >= q.sent - 1:
            q.continue_from(p)
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if not q.how and not q.term and not q.closed and nxt.how and nxt.para == q.para + 1:
            q.continue_from(nxt)
    for q in quotes:
        if q.how and q.source is None and q.kind in ("name", "descriptor"):
            q.actor = _actor_of(text[q.span[0] : q.span[1]], phrases)[0]
    pending = [
        q for q in quotes if q.how and q.source is None and q.kind in ("pronoun", "none")
    ]
    if pending:
        # a pronoun reads only the candidates before it (or before its own span)
        until = max(q.open if q.span is None else min(q.open, q.span[0]) for q in pending)
        cands = _candidates(text, ft, sents, quotes, matcher, phrases, until, people)
        for q in pending:
            _resolve(q, cands, sents, text)
    for q in quotes:
        if q.source is not None:
            src = q.source
            q.kind, q.span, q.actor, q.cue, q.resolved_from, q.also = (
                src.kind,
                src.span,
                src.actor,
                src.cue,
                src.resolved_from,
                src.also,
            )
    out = [q for q in quotes if q.how]
    for q in quotes:  # a quotation nested in another, with its own cue: «Mi hija me dijo: “...”»
        for inner in _nested(q, text):
            inner.sent = q.sent
            _attribute(inner, ft, text, (q.s, inner.open), (inner.close, q.e))
            if inner.how and inner.kind in ("name", "descriptor") and not inner.term:
                inner.actor = _actor_of(text[inner.span[0] : inner.span[1]], phrases)[0]
                out.append(inner)
    return sorted(out, key=lambda q: q.s)


def find_quotes(
    df: pd.DataFrame,
    *,
    actors=None,
    text: str = "text",
    lang: str | None = "lang",
    roles=None,
    date: str | None = "published_at",
    id: str = "article_id",
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
    >>> q[["speaker", "actor", "quote", "cue", "resolved_from"]]
         speaker              actor                  quote   cue resolved_from
    0  Sheinbaum  Claudia Sheinbaum  We will not accept it  said           she
    """
    df = as_articles(df, verb="find_quotes()", text=text, title=None, id=id, need_lang=False)
    matcher = _matcher(actors)
    role_matcher = _role_matcher(matcher, roles)
    kinds = dict(zip(matcher.table["actor"], matcher.table["kind"]))
    phrases = _PhraseMentions(matcher)
    langs = _article_langs(df, lang)
    dates = _article_dates(df, date) if role_matcher is not None else [None] * len(df)
    rows = []
    for aid, value, lg, day in zip(df["article_id"], df[text], langs, dates):
        t = _as_text(value)
        if not t or not any(c in t for c in '"“«”'):
            continue
        people = (role_matcher.find(t, date=day, names=matcher.find(t), lang=lg)
                  if day is not None else [])
        for q in _quotes_of(t, lg, matcher, phrases, people):
            s, e = q.s, q.e
            while e > s and (t[e - 1].isspace() or t[e - 1] == ","):
                e -= 1
            while s < e and t[s].isspace():
                s += 1
            speaker = t[q.span[0] : q.span[1]] if q.span else ""
            actor = q.actor
            if q.span and not actor:
                # a name inside a longer alias of a person: "el canciller Gil"
                cover = [m for m in matcher.find(t) if m.kind == "person"
                         and m.start <= q.span[0] and q.span[1] <= m.end]
                if cover:
                    actor = cover[0].actor
            if q.span and people and kinds.get(actor) != "person":
                # a speaker named by a role: its holder ("dijo la presidenta en Palacio Nacional")
                inside = [r for r in people if r.kind == "person" and r.start < q.span[1] and q.span[0] < r.end]
                if inside:
                    actor = inside[0].actor
            rows.append(
                (_as_text(aid), speaker, actor, t[s:e], q.cue, s, e, q.how, q.resolved_from)
            )
            for a, b in q.also:  # one row per speaker: '"...," said A and B'
                name = t[a:b]
                rows.append((_as_text(aid), name, _actor_of(name, phrases)[0], t[s:e], q.cue, s, e,
                             q.how, q.resolved_from))
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    for c in QUOTE_COLUMNS:
        out[c] = out[c].astype("int64" if c in ("start", "end") else "string")
    return out.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


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
    _require(
        quotes, ["article_id", "actor"] + ([by] if by and articles is None else []), "quote_share()"
    )
    _require(
        mentions,
        ["article_id", "actor"] + ([by] if by and articles is None else []),
        "quote_share()",
    )
    if by and articles is not None:
        _require(articles, ["article_id", by], "quote_share()")
    m = _drop_places(mentions, include_places)
    keys = [by] if by else []

    def frame(d: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(
            {
                "article_id": d["article_id"].astype(str).to_numpy(),
                "actor": d["actor"].fillna("").astype(str).to_numpy(),
            }
        )
        if by and articles is None:
            out[by] = d[by].to_numpy()
        return out

    q, m = frame(quotes), frame(m)
    q = q[q["actor"] != ""]
    if by and articles is not None:
        groups = (
            articles[["article_id", by]].astype({"article_id": str}).drop_duplicates("article_id")
        )
        q, m = (
            q.merge(groups, on="article_id", how="left"),
            m.merge(groups, on="article_id", how="left"),
        )
    if include_places is False and "kind" in mentions.columns and len(q):
        places = set(mentions.loc[mentions["kind"] == "place", "actor"].astype(str))
        q = q[~q["actor"].isin(places)]
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
