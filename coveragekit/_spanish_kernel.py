"""The fast kernel of coveragekit-es: the same assessments as
:func:`coveragekit.sentiment_es._assess_reference`, several times faster.

The reference classifies every token from scratch (accent folding, lexicon, negators,
clitic stripping, transparent words). Here each distinct token is classified once and
remembered on the lexicon (``SpanishLexicon._memo``), with its folded form and the
phrases it may start; the walk then does one dictionary look-up per token and skips the
tokens that change nothing (an unknown word with no negator or modifier pending) in one
step. The state machine below is the reference's, line for line.
"""

from __future__ import annotations

from ._lexicon import fold
from .sentiment_es import _OPENERS, _TOKEN, NEGATOR, OTHER, TRANSPARENT, WORD, _classify

_MEMO_SIZE = 200_000  # distinct tokens remembered per lexicon (about 40 MB at most)


def _code(lex, raw: str) -> tuple:
    """(kind, entry, phrases it may start, folded form, capitalised) of a token as written."""
    token = raw.lower()
    kind, entry = _classify(lex, token)
    key = fold(token)
    return kind, entry, lex.phrases.get(key), key, raw[:1].isupper() and not raw.isupper()


def assess(lex, text: str) -> list[list]:
    """Assessments of ``text`` exactly as the reference gives them."""
    memo = lex._memo
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    get = memo.get
    tokens = _TOKEN.findall(text)
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
        j += 1
        if cap and j > 1 and tokens[j - 2] not in _OPENERS:  # inside a name: not scored
            if kind == WORD:
                kind = OTHER
            phrases = None
        if phrases is not None:  # the longest lexicon phrase that starts here, if any
            for words, e in phrases:
                k = len(words)
                if j - 1 + k > n_tok:
                    continue
                for q in range(1, k):
                    u = tokens[j - 1 + q]
                    cu = get(u)
                    if cu is None:
                        cu = memo[u] = _code(lex, u)
                    if cu[3] != words[q]:
                        break
                else:
                    t = " ".join(tokens[j - 1 : j - 1 + k])  # (lower-cased below)
                    kind, entry = WORD, e
                    j += k - 1
                    break
        if kind == OTHER:
            if not m and n is None:
                continue  # nothing pending: an unknown word changes nothing
            if m and a[-1][5]:
                a.pop()
            m = False
            n = None
        elif kind == WORD:
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
            m = is_mod
            n = None
        elif kind == NEGATOR:
            if m:
                a[-1][0].append(t.lower())
                a[-1][4] = True
            else:
                n = t.lower()
        elif kind == TRANSPARENT:
            pass
        else:  # "!"
            if m and a[-1][5]:
                a.pop()
            m = False
            n = None
            if a:
                last = a[-1]
                last[0].append("!")
                last[1] = max(-1.0, min(last[1] * 1.25, 1.0))
    if m and a and a[-1][5]:
        a.pop()
    return a
