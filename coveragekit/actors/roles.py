"""Roles: "the Mexican president", "la mandataria", "the secretary of state" as mentions of
whoever held the office on the article's date.

The role table (``data/roles.csv``; see the data README) has one row per way of writing a
role and holder: ``role_alias, lang, actor, from, to, scope, notes``. ``actor`` is a name of
the actor table; ``from`` and ``to`` (``YYYY-MM-DD``, inclusive; empty for an open end)
bound the period in which the alias names that actor; ``notes`` names the source of the
dates.

Matching rules (:class:`RoleMatcher`)
-------------------------------------
* Aliases are matched like actor aliases: case- and accent-insensitive, whole words, the
  longest match wins. Only rows of the article's language (``en``, ``es``) and whose period
  holds the article's date count; an article without a date has no role mentions.
* The mention includes a determiner right before it ("the Mexican president", "la
  mandataria", "her foreign minister") and the words of the ``role_modifier`` list
  between the two ("the outgoing US president"); a contraction ("al secretario de
  Estado", "del presidente") is left out.
* **Traps** (the word lists are in ``data/rules/words.csv``): a role right after a word of
  ``role_not_holder`` names no holder ("a president", "the former president", "un
  expresidente" is one other word anyway, "Colombian attorney general"), nor one right
  before a word of ``role_after_not_holder`` ("the president of the fishing cooperative",
  "president-elect", "presidente electo"). A role followed by a capitalised name, after a
  comma or not ("President Trump", "la presidenta Claudia Sheinbaum", "Venezuela's foreign
  minister, Yván Gil") is a title: the name is the mention, not the role.
* **Scope.** A ``qualified`` alias names its office by itself ("Mexican president",
  "secretario de Estado"). A ``bare`` one ("the president", "la mandataria", "el
  canciller") is counted only after a determiner, and names, among the holders of the
  alias on that date, the one named most recently before it in the same text (by name or
  role); else the one whose country the text names most (the actors of the table with
  that ``country``); else the first of them in the table (the table lists the likelier
  holder first: Trump before the other presidents for "the president"). An
  ``anaphoric`` alias ("the secretary", "el secretario") names only a holder named before.
* Roles of actors missing from the actor table in use are left out (a custom actor table
  needs no role table of its own).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._fast.fold import fold
from .._fast.trie import trie_pattern
from .._frame import as_text
from ..datasets import data_dir, read_once, read_table
from ..errors import TableError
from .matching import Mention
from .rules import compiled_rules
from .table import alias_key

__all__ = ["ROLE_COLUMNS", "SCOPES", "RoleMatcher", "context_table_or_default", "default_role_table",
           "read_context_aliases", "read_roles", "role_matcher_for", "role_table_or_default"]

ROLE_COLUMNS = ["role_alias", "lang", "actor", "from", "to", "scope", "notes"]
CONTEXT_COLUMNS = ["alias", "lang", "actor", "notes"]
SCOPES = ("qualified", "bare", "anaphoric")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Row(NamedTuple):
    alias: str
    lang: str
    actor: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    scope: str


def _date(value: str, path, line: int, column: str):
    value = value.strip()
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise TableError(f"line {line} of the role table has the {column} date '{value}', which cannot be read",
                         path=path, hint="write dates as YYYY-MM-DD, or leave the cell empty for an open end") from None


def read_roles(path=None) -> pd.DataFrame:
    """Read and check a role table (default ``data/roles.csv``).

    Raises
    ------
    TableError
        A missing column, an empty alias or actor, a language other than en/es, an unknown
        scope, a date that cannot be read or a period that ends before it starts.

    Examples
    --------
    >>> roles = read_roles()
    >>> roles[roles["role_alias"] == "mandataria"]["actor"].unique().tolist()
    ['Claudia Sheinbaum', 'Delcy Rodríguez']
    """
    path = Path(data_dir() / "roles.csv" if path is None else path)
    df = read_table(path, required=ROLE_COLUMNS[:-1], name="role")
    if "notes" not in df.columns:
        df["notes"] = ""
    for i, row in enumerate(df.rename(columns={"from": "from_"}).itertuples(index=False), start=2):
        if not row.role_alias.strip() or not row.actor.strip():
            raise TableError(f"line {i} of the role table has an empty role_alias or actor", path=path,
                             hint="fill it in or delete the row")
        if row.lang not in ("en", "es"):
            raise TableError(f"line {i} of the role table has the language '{row.lang}'", path=path,
                             hint="write en or es")
        if row.scope not in SCOPES:
            raise TableError(f"line {i} of the role table has the scope '{row.scope}'", path=path,
                             hint="write qualified (the alias names the office by itself), bare "
                             "or anaphoric")
        a, b = _date(row.from_, path, i, "from"), _date(row.to, path, i, "to")
        if a is not None and b is not None and b < a:
            raise TableError(f"line {i} of the role table ends ({row.to}) before it starts", path=path,
                             hint="swap the from and to dates")
    return df.reset_index(drop=True)


def read_context_aliases(path=None) -> pd.DataFrame:
    """Read the short forms whose actor only the context tells (default
    ``data/context_aliases.csv``): ``alias, lang, actor, notes``, the likelier actor of an
    alias first ("Senate": the US Senate, then Mexico's)."""
    path = Path(data_dir() / "context_aliases.csv" if path is None else path)
    df = read_table(path, required=CONTEXT_COLUMNS[:-1], name="context alias")
    for i, row in enumerate(df.itertuples(index=False), start=2):
        if not row.alias.strip() or not row.actor.strip():
            raise TableError(f"line {i} of the context alias table has an empty alias or actor", path=path,
                             hint="fill it in or delete the row")
        if row.lang not in ("en", "es"):
            raise TableError(f"line {i} of the context alias table has the language '{row.lang}'", path=path,
                             hint="write en or es")
    return df.reset_index(drop=True)


def default_role_table() -> pd.DataFrame:
    """The kit's role table, ``data/roles.csv``: who held which office from when to when.

    Examples
    --------
    >>> roles = default_role_table()
    >>> list(roles.columns[:5])
    ['role_alias', 'lang', 'actor', 'from', 'to']
    """
    return read_roles()


_TOKEN_BEFORE = re.compile(r"([\w']+)[\s-]*$")
_WORD_AFTER = re.compile(r"[\s-]*([\w']+)")
_TITLE_BEFORE_NAME = re.compile(r"[ \t]+[A-ZÁÉÍÓÚÑ]")
_APPOSITION = re.compile(r",\s+[A-ZÁÉÍÓÚÑ]")


class RoleMatcher:
    """Find role mentions and resolve them to their holders, by the rules of the module
    documentation.

    Parameters
    ----------
    roles : DataFrame
        A role table (:data:`ROLE_COLUMNS`).
    actors : DataFrame
        The actor table in use (``actor, kind, country``): the holders' kinds and
        countries; rows of actors missing from it are left out.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Andrés Manuel López Obrador"],
    ...     "kind": ["person", "person"], "country": ["MX", "MX"], "aliases": ["", ""]})
    >>> roles = pd.DataFrame({"role_alias": ["Mexican president"] * 2, "lang": ["en", "en"],
    ...     "actor": ["Claudia Sheinbaum", "Andrés Manuel López Obrador"],
    ...     "from": ["2024-10-01", ""], "to": ["", "2024-09-30"], "scope": ["qualified"] * 2})
    >>> m = RoleMatcher(roles, actors)
    >>> [(x.alias_text, x.actor) for x in m.find("The Mexican president said no.", date="2024-09-19")]
    [('The Mexican president', 'Andrés Manuel López Obrador')]
    >>> m.find("The former Mexican president said no.", date="2025-01-01")
    []
    """

    def __init__(self, roles: pd.DataFrame, actors: pd.DataFrame, context: pd.DataFrame | None = None):
        known = dict(zip(actors["actor"], zip(actors["kind"], actors["country"])))
        self.kind_of = {a: k for a, (k, _) in known.items()}
        self.country_of = {a: c for a, (_, c) in known.items()}
        entries: dict[str, list[_Row]] = {}
        for row in roles.rename(columns={"from": "from_"}).itertuples(index=False):
            actor = str(row.actor).strip()
            if actor not in known:
                continue
            start = _date(str(row.from_), None, 0, "from")
            end = _date(str(row.to), None, 0, "to")
            alias = " ".join(str(row.role_alias).split())
            entries.setdefault(alias_key(alias), []).append(
                _Row(alias, str(row.lang), actor, start, end, str(row.scope)))
        context_keys = set()
        for alias, lang, actor in ([] if context is None else zip(context["alias"], context["lang"], context["actor"])):
            actor = str(actor).strip()
            if actor not in known:
                continue
            alias = " ".join(str(alias).split())
            key = alias_key(alias)
            if key in entries and key not in context_keys:
                continue  # a role alias wins
            context_keys.add(key)
            entries.setdefault(key, []).append(_Row(alias, str(lang), actor, None, None, "context"))
        self.context_keys = frozenset(context_keys)
        self._entries = entries
        self.keys = frozenset(entries)  # the folded role and context aliases
        self._key_of: dict[str, str] = {}  # alias -> folded key, memoised
        self._memo: dict[tuple, list[Mention]] = {}  # the last texts' results (spans, then quotes)
        self._pattern = (re.compile(r"(?<![^\W_])(?=(" + trie_pattern(entries) + r")(?![^\W_]))")
                         if entries else None)
        rules = compiled_rules()
        self._lists = {lang: {name: rules.words_by_lang[name][lang] for name in (
            "role_modifier", "role_determiner", "role_contraction", "role_not_holder", "role_after_not_holder")}
            for lang in ("en", "es")}
        self._lists[""] = {name: rules.words[name] for name in self._lists["en"]}
        self._use("")

    def _use(self, lang: str) -> None:
        w = self._lists[lang if lang in self._lists else ""]
        self._modifiers = w["role_modifier"]
        self._determiners = w["role_determiner"]
        self._contractions = w["role_contraction"]
        self._not_before = w["role_not_holder"]
        self._not_after = w["role_after_not_holder"]

    def __repr__(self) -> str:
        return f"RoleMatcher({len(self._entries)} role aliases)"

    def _extent(self, folded: str, s: int):
        """(start of the mention, determiner, word before it) for a role starting at ``s``."""
        pos, det = s, ""
        while True:
            m = _TOKEN_BEFORE.search(folded, max(0, pos - 40), pos)
            word = m.group(1) if m else ""
            if word and word in self._modifiers:
                pos = m.start(1)
                continue
            break
        # the word right before the role (and its modifiers) decides the traps: "the former
        # president", "a president"; what comes before a determiner does not
        if word in self._determiners:
            return m.start(1), word, word
        if word in self._contractions:
            return pos, word, word
        return pos, det, word

    def find(self, text, *, date, names: list[Mention] | None = None, lang: str | None = None) -> list[Mention]:
        """The role mentions of ``text`` at ``date``, resolved to their holders.

        Parameters
        ----------
        text : str
        date : str, Timestamp or None
            The article's date; None (or NaT) gives no role mentions.
        names : list of Mention, optional
            The name mentions of the text (:meth:`ActorMatcher.find`), for bare roles.
        lang : str, optional
            "en" or "es": only that language's aliases; anything else, both.

        Returns
        -------
        list of Mention
            ``alias_text`` is the mention as written (with its determiner), ``alias`` the
            table's alias; sorted by start.
        """
        text = as_text(text)
        if not text or self._pattern is None or date is None or date is pd.NaT:
            return []
        memo_key = (text, date, lang, len(names or ()))
        got = self._memo.get(memo_key)
        if got is None:
            if len(self._memo) > 2000:  # bounded: the texts of a chunk or two
                self._memo.clear()
            got = self._memo[memo_key] = self._find(text, date, names, lang)
        return list(got)

    def _find(self, text: str, date, names, lang) -> list[Mention]:
        day = _day(date)
        if day is None:
            return []
        lang = (lang or "").strip().lower()
        self._use(lang)
        folded, offsets = fold(text)
        every_name = list(names or [])
        # names given by an alias that the role or context rules decide do not count as clues
        clues = [m for m in every_name if self.key_of(m.alias) not in self.keys]
        out: list[Mention] = []
        for s, e, key in self._longest(folded):
            span = _Span(text, folded, offsets, s, e)
            if key in self.context_keys:
                got = self._context(span, key, lang, clues, every_name, out)
            else:
                got = self._role(span, key, lang, day, clues, every_name, out)
            if got is not None:
                out.append(got)
        return out

    def _longest(self, folded: str) -> list[tuple[int, int, str]]:
        """The role and context aliases of ``folded``: the longest first, none overlapping,
        in order of position."""
        cands = [(m.start(1), m.end(1), " ".join(m.group(1).split())) for m in self._pattern.finditer(folded)]
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        kept: list[tuple[int, int, str]] = []
        for c in cands:
            if all(c[1] <= k[0] or c[0] >= k[1] for k in kept):
                kept.append(c)
        return sorted(kept)

    def _role(self, span: _Span, key, lang, day, clues, every_name, out) -> Mention | None:
        """The role at ``span`` resolved to its holder on ``day``, or None (a trap, a title,
        no holder)."""
        rows = [r for r in self._entries[key] if (lang not in ("en", "es") or r.lang == lang)
                and (r.start is None or r.start <= day) and (r.end is None or day <= r.end)]
        if not rows:
            return None
        folded, text, s = span.folded, span.text, span.s
        start, det, before = self._extent(folded, s)
        if before in self._not_before:
            return None  # "the former president", "a president"
        e = span.e
        after = _WORD_AFTER.match(folded, e)
        while after and after.group(1) in self._modifiers and folded[e:after.start(1)].strip() == "":
            e = after.end(1)  # "el secretario de Estado saliente"
            after = _WORD_AFTER.match(folded, e)
        if after and after.group(1) in self._not_after and folded[e:after.start(1)].strip() in ("", "-"):
            return None  # "the president of the fishing cooperative", "president-elect"
        if _quoted_alone(folded, start, e):
            return None  # 'briefings open with "Secretary of War,"': the title as words
        if _TITLE_BEFORE_NAME.match(text, span.orig(e)):
            return None  # a title before a name ("President Trump"): the name is the mention
        qualified = [r for r in rows if r.scope == "qualified"]
        if qualified:
            rows = qualified
        elif det not in self._determiners and det not in self._contractions:
            return None  # a bare role needs "the", "la", "al"...
        if len(rows) == 1 and rows[0].scope == "qualified":
            actor = rows[0].actor
        else:
            anaphoric = all(r.scope == "anaphoric" for r in rows)
            actor = self._holder(rows, s, clues, out, anaphoric=anaphoric)
        if not actor:
            return None
        os_, oe = span.orig(start), span.orig(e)
        apposition = _APPOSITION.match(text, oe)
        if apposition and any(m.start == apposition.end() - 1 and m.actor == actor for m in clues):
            return None  # "Venezuela's foreign minister, Yván Gil": one person, named
        if any(m.actor == actor and m.end <= os_ and text[m.end:os_].strip() == "," for m in every_name):
            return None  # "Gen. Dan Caine, chairman of the Joint Chiefs": the name is the mention
        return Mention(os_, oe, actor, self.kind_of.get(actor, "person"), text[os_:oe], rows[0].alias)

    def key_of(self, alias: str) -> str:
        """The folded key of an alias (memoised)."""
        key = self._key_of.get(alias)
        if key is None:
            key = self._key_of[alias] = alias_key(alias)
        return key

    def _context(self, span: _Span, key, lang, clues, every_name, out) -> Mention | None:
        """A short form whose actor the context tells ("el Senado", "Congress", "Navy")."""
        rows = [r for r in self._entries[key] if lang not in ("en", "es") or r.lang == lang]
        if not rows:
            return None
        os_, oe = span.orig(span.s), span.orig(span.e)
        text = span.text
        written = text[os_:oe]
        if any(c.isupper() for c in rows[0].alias) and not written[:1].isupper():
            return None  # "una marina", "a safe house"
        if _TITLE_BEFORE_NAME.match(text, oe):
            return None  # "Marina Ortega", "Senate Armed Services" (a longer name)
        after = _WORD_AFTER.match(span.folded, span.e)
        if after and after.group(1) in self._not_after and span.folded[span.e:after.start(1)].strip() == "":
            return None  # "la Guardia Costera de Costa Rica"
        if any(m.start < oe and os_ < m.end and self.key_of(m.alias) not in self.keys for m in every_name):
            return None  # inside a longer name: "Mexico's Senate", "US Navy"
        actor = self._holder(rows, span.s, clues, out, anaphoric=False)
        return Mention(os_, oe, actor, self.kind_of.get(actor, ""), written, rows[0].alias) if actor else None

    def _holder(self, rows: list[_Row], pos: int, names: list[Mention], roles: list[Mention], *,
                anaphoric: bool) -> str:
        holders = list(dict.fromkeys(r.actor for r in rows))  # in table order
        before = [m for m in sorted(names + roles, key=lambda m: m.start) if m.start < pos and m.actor in holders]
        if before:
            return before[-1].actor
        if anaphoric:  # "el secretario": only a holder named before
            return ""
        named = names + roles
        counts = {}
        for h in holders:
            country = self.country_of.get(h, "")
            counts[h] = sum(1 for m in named if country and m.actor not in holders
                            and self.country_of.get(m.actor) == country)
        best = max(counts.values()) if counts else 0
        if best > 0:
            top = [h for h in holders if counts[h] == best]
            if len(top) == 1:
                return top[0]
            first = {h: min((m.start for m in named if self.country_of.get(m.actor) == self.country_of.get(h)),
                            default=10**9) for h in top}
            return min(top, key=lambda h: first[h])
        return holders[0]  # no clue in the text: the first holder in the table's order


class _Span(NamedTuple):
    """An alias found in the folded copy of a text (``s``, ``e``: offsets into it)."""

    text: str
    folded: str
    offsets: list | None
    s: int
    e: int

    def orig(self, i: int) -> int:
        """The offset in the original text of offset ``i`` of the folded copy."""
        return i if self.offsets is None else self.offsets[i]


def _day(date) -> pd.Timestamp | None:
    """The article's day (naive, UTC), or None when it has none."""
    try:
        day = date if isinstance(date, pd.Timestamp) else pd.Timestamp(date)
    except (ValueError, TypeError):
        return None
    if day is pd.NaT or pd.isna(day):
        return None
    if day.tzinfo is not None:
        day = day.tz_convert("UTC").tz_localize(None)
    return day.normalize()


_MARKS = "\"“”«»'‘’"


def _quoted_alone(folded: str, s: int, e: int) -> bool:
    """Whether ``folded[s:e]`` is all a quotation holds (its closing mark may follow a
    comma or period): a title discussed as words."""
    before = folded[:s].rstrip()
    after = folded[e:].lstrip(" ,.;:")
    return bool(before) and before[-1] in _MARKS and bool(after) and after[0] in _MARKS


def role_table_or_default(roles) -> pd.DataFrame | None:
    """``roles`` as a table: None reads ``data/roles.csv``, False means no roles."""
    if roles is False:
        return None
    if roles is None:
        path = data_dir() / "roles.csv"
        try:
            return read_once(read_roles, str(path), files=[path])
        except OSError:
            raise TableError("the role table does not exist", path=path,
                             hint="restore data/roles.csv, or pass roles=False") from None
    if isinstance(roles, pd.DataFrame):
        return roles
    return read_roles(roles)


def context_table_or_default() -> pd.DataFrame | None:
    """The kit's ``data/context_aliases.csv`` (None when the folder has none)."""
    path = data_dir() / "context_aliases.csv"
    try:
        return read_once(read_context_aliases, str(path), files=[path])
    except OSError:
        return None


def role_matcher_for(matcher, roles) -> RoleMatcher | None:
    """The role matcher for ``roles`` (None: the kit's table; False: none) and the actor
    table of ``matcher`` (an :class:`~coveragekit.actors.matching.ActorMatcher`), kept on
    the matcher for the next call."""
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
