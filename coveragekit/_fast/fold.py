"""Folding text for matching, character by character, keeping offsets into the original.

The method (:func:`fold_reference`, written for reading): each character is decomposed
(Unicode NFD), its combining marks are dropped and the rest is put in lower case, when
that leaves exactly one character (else the character stays as it is); a combining mark on
its own is dropped; ``’ ‘ ʼ ′`` read as ``'`` and the Unicode hyphens as ``-``. So folding
never makes a text longer, and the original offset of each folded character is known.

The kernel (:func:`fold`) gives the same result faster: ASCII text is only lower-cased, a
text whose length lower-casing keeps has only its non-ASCII characters looked up (in a
table filled as characters are first met), and an offset map is made only when a
character was dropped. One known difference: ``str.lower`` on a whole text gives a Greek
capital sigma at a word's end as final sigma (``ς``), the reference (one character at a
time) as ``σ``; the kit's languages are English and Spanish, and the kernel's behaviour
is the kit's.

:func:`fold_case` removes accents and keeps case and length (the quote rules read such a
copy); :func:`fold_case_reference` is its reference. :func:`fold_word` folds the words of
the rule tables (whole words, Unicode NFD then NFC), so that they compare with text
folded by :func:`fold` (tests/test_fast_fold.py checks that on every word of the tables).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "HYPHENS", "fold", "fold_case", "fold_case_reference", "fold_reference", "fold_word"]

APOSTROPHES = "\u2019\u2018\u02bc\u2032"
HYPHENS = "\u2010\u2011"


# --------------------------------------------------------------------------- the reference


def _fold_char(c: str, *, lower: bool, keep_marks: bool) -> str:
    """One character folded: "" (a dropped mark) or one character."""
    if c in APOSTROPHES:
        return "'"
    if c in HYPHENS:
        return "-"
    if unicodedata.combining(c):
        return c if keep_marks else ""
    base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
    out = base if len(base) == 1 else c
    if lower and len(out.lower()) == 1:
        out = out.lower()
    return out


def fold_reference(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, one character at a time, and the original offset of
    each folded character followed by ``len(text)``.

    >>> fold_reference("Nicolás")
    ('nicolas', [0, 1, 2, 3, 4, 5, 6, 7])
    """
    pieces = [_fold_char(c, lower=True, keep_marks=False) for c in text]
    offsets = [i for i, p in enumerate(pieces) if p] + [len(text)]
    return "".join(pieces), offsets


def fold_case_reference(text: str) -> str:
    """``text`` without accents, case and length kept, one character at a time."""
    return "".join(_fold_char(c, lower=False, keep_marks=True) for c in text)


# --------------------------------------------------------------------------- the kernel


class _FoldTable(dict):
    """``_fold_char`` for each character code, filled as characters are first met."""

    def __init__(self, *, lower: bool, keep_marks: bool):
        super().__init__()
        self.lower = lower
        self.keep_marks = keep_marks

    def __missing__(self, code: int) -> str:
        out = self[code] = _fold_char(chr(code), lower=self.lower, keep_marks=self.keep_marks)
        return out


_LOWER = _FoldTable(lower=True, keep_marks=False)
_KEEP_CASE = _FoldTable(lower=False, keep_marks=True)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match) -> str:
    return _LOWER[ord(m.group())]


def _fold_case_match(m: re.Match) -> str:
    return _KEEP_CASE[ord(m.group())]


def fold(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching; return it with an offset map when lengths differ.

    The map has ``len(folded) + 1`` entries: the original index of each folded character,
    then ``len(text)``. It is None when folding kept every character in place (the usual
    case; only stray combining marks are dropped).

    >>> fold("Nicolás Maduro")
    ('nicolas maduro', None)
    >>> fold("Nicola\\u0301s")
    ('nicolas', [0, 1, 2, 3, 4, 5, 7, 8])
    """
    if text.isascii():
        return text.lower(), None
    low = text.lower()
    if len(low) == len(text):
        folded = _NON_ASCII.sub(_fold_match, low)
        if len(folded) == len(text):
            return folded, None
    pieces = [_LOWER[ord(c)] for c in text]
    offsets = [i for i, p in enumerate(pieces) if p]
    offsets.append(len(text))
    return "".join(pieces), offsets


def fold_case(text: str) -> str:
    """Accents removed, case and length kept (for the quote rules).

    >>> fold_case("Señaló Sheinbaum")
    'Senalo Sheinbaum'
    """
    # ASCII characters map to themselves: only the others are looked up (much faster
    # than str.translate over the whole text).
    return text if text.isascii() else _NON_ASCII.sub(_fold_case_match, text)


def fold_word(text: str, *, lower: bool = True) -> str:
    """A word of a rule table without accents (and in lower case): "Señaló" gives "senalo".

    >>> fold_word("Según"), fold_word("Canciller", lower=False)
    ('segun', 'Canciller')
    """
    out = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    out = unicodedata.normalize("NFC", out)
    return out.lower() if lower else out
