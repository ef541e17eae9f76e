"""Quotation marks: where the quotations of a text are, before anyone is found saying them.

A quotation is text between ``"…"``, ``“…”`` or ``«…»``, paragraph by paragraph; marks
nested inside a quotation belong to it, and a mark left open runs to the end of its
paragraph (the style of quotations over several paragraphs). A quotation interrupted by a
dash aside with a speech verb («…—dijo X—, …») is split into its pieces.
"""

from __future__ import annotations

import re

from ..._fast.fold import fold_case
from .cues import QuoteRules

__all__ = ["Quote", "looks_like_a_name", "mask", "nested", "paragraphs", "quote_spans", "split_asides"]

_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


class Quote:
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
        self.source: Quote | None = None  # the quotation a continuation takes its speaker from
        self.also: list[tuple[int, int]] = []  # further speakers: '"...," said A and B'
        self.aside: tuple[int, int, int] | None = None  # «... —dijo X—, ...»: cue start, end, aside end

    def attribute(self, got, cue: str, how: str) -> None:
        """Take the cue and the speaker ``got`` (a speaker tuple, or "none")."""
        self.cue, self.how = cue, how
        if isinstance(got, tuple):
            self.kind, self.span = got[0], (got[1], got[2])
        else:
            self.kind, self.span = "none", None

    def continue_from(self, src: Quote) -> None:
        """Take the speaker of ``src`` (or of the quotation ``src`` continues)."""
        while src.source is not None:
            src = src.source
        self.how, self.source = "continued", src


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph (separated by a blank line)."""
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


def quote_spans(text: str) -> list[Quote]:
    """The top-level quotations, paragraph by paragraph. A mark left open runs to the end
    of its paragraph (the first paragraphs of a quotation over several paragraphs)."""
    quotes: list[Quote] = []
    for p, (ps, pe) in enumerate(paragraphs(text)):
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
                    Quote(i, j if closed else pe, i + 1, j - 1 if closed else pe, closed, p)
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
                    Quote(i, j + 1 if closed else pe, i + 1, j if closed else pe, closed, p)
                )
                i = j + 1 if closed else pe
    return quotes


def mask(text: str, quotes: list[Quote]) -> str:
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


def looks_like_a_name(rules: QuoteRules, words: str) -> bool:
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
    content = [t for t in tokens if fold_case(t).lower() not in rules.small_words]
    return len(content) >= 2 and all(t[:1].isupper() or t[:1].isdigit() for t in content)


_ASIDE_RE = re.compile(r"\s*[—–]\s*")


def split_asides(rules: QuoteRules, quotes: list[Quote], text: str, ft: str) -> list[Quote]:
    """Split a quotation interrupted by a dash aside with a speech verb, «A —dijo X—, B»,
    into its two pieces; the first takes the aside as its attribution, the second
    continues it."""
    out = []
    for q in quotes:
        out.append(q)
        for m in _ASIDE_RE.finditer(ft, q.s, q.e):
            cue = rules.cue_start_re.match(ft, m.end(), q.e)
            if not cue:
                continue
            close = re.compile(r"[—–]").search(ft, cue.end(), q.e)
            if close is None:
                continue
            rest = re.match(r"[\s,.;:]*", ft[close.end() : q.e]).end() + close.end()
            second = Quote(close.end(), q.close, rest, q.e, q.closed, q.para)
            q.close, q.e, q.closed = m.start(), m.start(), True
            q.aside = (cue.start("cue"), cue.end("cue"), close.start())
            if rest < second.e:
                out.append(second)
            break
    return out


_INNER_MARKS = {"«": ("“", "”"), "“": ("‘", "’"), '"': ("‘", "’")}


def nested(q: Quote, text: str) -> list[Quote]:
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
            out.append(Quote(a, b + 1, a + 1, b, True, q.para))
        i = b + 1
