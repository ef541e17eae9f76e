"""Text folding and alias tries shared by the actor and role matchers.

Folding removes accents and case character by character (``’`` read as ``'``), keeping
offsets into the original text; a trie of folded aliases compiles into one regular
expression (an alternation factored by common prefix).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import numpy as np
import pandas as pd


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
            base = "".join(
                ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch)
            )
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


def _fold_case_match(m: re.Match) -> str:
    return _KEEP_CASE[ord(m.group())]


def _fold_case(text: str) -> str:
    """Accents removed, case and length kept (for the quote rules)."""
    # ASCII characters map to themselves: only the others are looked up (much faster
    # than str.translate over the whole text).
    return text if text.isascii() else _NON_ASCII.sub(_fold_case_match, text)


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
