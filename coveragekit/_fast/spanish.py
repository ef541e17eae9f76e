"""The fast kernel of coveragekit-es: the same assessments as
:func:`coveragekit.sentiment.spanish.assess_reference`, several times faster.

The reference classifies every token from scratch (accent folding, lexicon, negators,
clitic stripping, transparent words). Here each distinct token is classified once and
remembered on the lexicon (``SpanishLexicon.memo``), with its folded form and the
phrases it may start; the walk then does one dictionary look-up per token and skips the
tokens that change nothing (an unknown word with no negator or modifier pending) in one
step. The state machine (:func:`_step`) is the reference's, line for line;
``tests/test_fast_spanish.py`` checks that the two agree on random and demo texts.
"""

from __future__ import annotations

from .._lexicon import fold
from ..sentiment.spanish_lexicon import NEGATOR, OPENERS, OTHER, TOKEN, TRANSPARENT, WORD, classify

__all__ = ["assess"]

_MEMO_SIZE = 200_000  # distinct tokens remembered per lexicon (about 40 MB at most)


def _code(lex, raw: str) -> tuple:
    """(kind, entry, phrases it may start, folded form, capitalised) of a token as written."""
    token = raw.lower()
    kind, entry = classify(lex, token)
    key = fold(token)
    return kind, entry, lex.phrases.get(key), key, raw[:1].isupper() and not raw.isupper()


def _coded(lex, memo: dict, raw: str) -> tuple:
    c = memo.get(raw)
    if c is None:
        c = memo[raw] = _code(lex, raw)
    return c


def _phrase_at(lex, memo: dict, tokens: list[str], j: int, phrases):
    """``(length, entry)`` of the longest lexicon phrase starting at token ``j``, or None."""
    for words, entry in phrases:
        k = len(words)
        if j + k > len(tokens):
            continue
        if all(_coded(lex, memo, tokens[j + q])[3] == words[q] for q in range(1, k)):
            return k, entry
    return None


def _step(a: list, kind: int, entry, t: str, m: bool, n):
    """One token through the state machine: returns the new (modifier pending, negator)."""
    if kind == WORD:
        p, s, i, is_mod, pure = entry
        t = t.lower()
        if not m:
            a.append([[t], p, s, i, False, pure])
        else:
            last = a[-1]
            last[0].append(t)
            last[1] = max(-1.0, min(p * last[3], 1.0))
            last[2] = max(-1.0, min(s * last[3], 1.0))
            last[3] = i
            last[5] = pure
        if n is not None:
            last = a[-1]
            last[0].insert(0, n)
            last[3] = 1.0 / last[3]
            last[4] = True
        return is_mod, None
    if kind == NEGATOR:
        if m:
            a[-1][0].append(t.lower())
            a[-1][4] = True
            return m, n
        return m, t.lower()
    if kind == TRANSPARENT:
        return m, n
    if m and a[-1][5]:  # OTHER or "!": a pure intensifier that modified nothing goes
        a.pop()
    if kind != OTHER and a:  # "!"
        last = a[-1]
        last[0].append("!")
        last[1] = max(-1.0, min(last[1] * 1.25, 1.0))
    return False, None


def assess(lex, text: str) -> list[list]:
    """Assessments of ``text`` exactly as the reference gives them."""
    memo = lex.memo
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    get = memo.get
    tokens = TOKEN.findall(text)
    n_tok = len(tokens)
    a: list[list] = []
    m = False
    n = None
    j = 0
    while j < n_tok:
        t = tokens[j]
        c = get(t)
        if c is None:
            c = memo[t] = _code(lex, t)
        kind, entry, phrases, _, cap = c
        if cap and j > 0 and tokens[j - 1] not in OPENERS:  # inside a name: not scored
            if kind == WORD:
                kind = OTHER
            phrases = None
        if phrases is not None and (hit := _phrase_at(lex, memo, tokens, j, phrases)) is not None:
            k, entry = hit
            t = " ".join(tokens[j : j + k])  # (lower-cased in _step)
            kind = WORD
            j += k - 1
        j += 1
        if kind == OTHER and not m and n is None:
            continue  # nothing pending: an unknown word changes nothing
        m, n = _step(a, kind, entry, t, m, n)
    if m and a and a[-1][5]:
        a.pop()
    return a
