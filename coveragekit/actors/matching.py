"""Alias matching: where the actors of the table are named in a text.

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
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from contextlib import contextmanager
from typing import NamedTuple

import pandas as pd

from .._fast.fold import fold
from .._fast.trie import trie_pattern
from .._frame import as_text
from ..datasets import data_dir, read_once
from ..errors import OptionError
from .table import ActorTableError, alias_key, read_actors, split_aliases, validate_actors

__all__ = ["ActorMatcher", "Mention", "actor_matcher", "is_acronym", "key_regex"]


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


def is_acronym(alias: str) -> bool:
    """An alias in capitals with at most 5 letters ("US", "U.S.", "MS-13"): matched only
    in exactly that case.

    >>> is_acronym("U.S."), is_acronym("Sinaloa")
    (True, False)
    """
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def key_regex(key: str) -> str:
    """An alias key as a regular expression, a space matching any run of white space."""
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
            for alias in split_aliases(actor, aliases):
                cs = is_acronym(alias)
                key = alias_key(alias)
                exact = re.compile(key_regex(" ".join(alias.split()))) if cs else None
                entries.setdefault(key, []).append((alias, actor, kind, exact))
                rows.append((alias, actor, kind, cs))
        self._entries = entries
        self._keys_by_length = sorted(entries, key=len, reverse=True)
        self._key_patterns: dict[str, re.Pattern] = {}
        self._prefixes: dict[str, list[str]] = {}
        trie = trie_pattern(entries)
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
                pat = self._key_patterns[k] = re.compile(key_regex(k) + r"(?![^\W_])")
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
        text = as_text(text)
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
        folded, offsets = fold(text)
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


def _default_matcher(path: str) -> ActorMatcher:
    return ActorMatcher(read_actors(path))


def actor_matcher(actors) -> ActorMatcher:
    """The matcher for ``actors``: an :class:`ActorMatcher` as it is, an actor table or a
    path to one compiled, None the kit's ``data/actors.csv`` (compiled once per version
    of the file).

    >>> actor_matcher(pd.DataFrame({"actor": ["DEA"], "kind": ["agency"], "country": ["US"],
    ...                             "aliases": [""]}))
    ActorMatcher(1 actors, 1 aliases)
    """
    if isinstance(actors, ActorMatcher):
        return actors
    if actors is None:
        path = data_dir() / "actors.csv"
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
