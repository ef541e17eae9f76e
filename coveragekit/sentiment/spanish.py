"""coveragekit-es: a Spanish sentiment instrument with TextBlob's arithmetic.

TextBlob's English score (pattern's ``Sentiment``) walks the words of a text, keeps the
ones its lexicon knows as *assessments*, and averages them. Three rules change an
assessment on the way:

* a known adverb before a known word (an *intensifier*, "very good") merges with it: the
  word's polarity and subjectivity are multiplied by the adverb's intensity (1.3 for
  "very"), clipped to [-1, 1];
* a negation before a known word ("not good") marks it negated and inverts the intensity
  it hands on; a negated assessment counts ``-0.5`` times its polarity ("not good" is
  slightly bad, "not bad" slightly good);
* "!" multiplies the polarity of the last assessment by 1.25.

The text's polarity is the mean of the assessments' polarities, its subjectivity the
mean of their subjectivities; a text with no assessment scores 0.0.

coveragekit-es keeps that arithmetic and changes what Spanish needs changed:

* **The lexicon** is a table, ``data/lexicons/sentiment_es.csv`` (one row per word form
  or phrase: ``word, polarity, subjectivity, intensity, pos, notes``), replaceable with
  ``lexicon=`` (``--lexicon es=FILE``). A word listed under several parts of speech gets
  their mean, as in pattern. A word with part of speech ``RB`` is a modifier, as in
  pattern; an ``RB`` row with polarity 0 and an intensity other than 1 (``muy``,
  ``bastante``, ``poco``) is a pure intensifier or diminisher.
* **Reach.** In English pattern lets a negation reach across words of one letter ("not
  a good plan") and a modifier across words of up to two ("really is a good"). Spanish
  puts the negation before the verb: "la política *no es* buena", "*no ha sido* una buena
  decisión". So a negator or a modifier reaches the next scored word across the words of
  the *transparent* list of ``data/lexicons/sentiment_es_rules.csv`` (articles, clitic
  pronouns, forms of ser, estar, haber, parecer) and stops at any other word, a number or
  punctuation. The same table lists the **negators**: no, nunca, jamás, tampoco, ni, sin,
  ningún/ninguno/-a/-os/-as, nada, nadie. "sin" is one: "sin éxito" is negative, "sin
  problemas" positive. A negator is a negator even when the lexicon lists the word.
* **A pure intensifier that modifies nothing is not an assessment.** pattern's "very"
  carries polarity 0.2 of its own and counts even when the next word is unknown; a
  Spanish intensifier with polarity 0 would only pull every text toward 0 in proportion
  to how often the writer says "muy" or "más", so it is dropped when it modifies no word.
* **Adjectives after the noun** need nothing special: the scorer reads the words in order,
  so "una decisión muy mala" and "una respuesta poco clara" merge the modifier with the
  adjective that follows it, wherever the noun is.
* **Accents and case.** Words are lower-cased; a word is looked up as written, then with
  its accents removed ("politica", "POLÍTICA" and "política" are the same word). When two
  lexicon words differ only by accents, a text written without them gets their mean.
* **Inflection** is in the lexicon: each gender and number form ("bueno, buena, buenos,
  buenas") and each -mente adverb is its own row. The scorer does not guess forms.
* **Clitics.** An infinitive or gerund with pronouns attached ("condenarlo",
  "apoyándolas", "criticarse") is looked up without them when the word itself is not in
  the lexicon and the lexicon lists the verb form (part of speech ``VB``).
* **Phrases.** A lexicon row of several words ("sin embargo", "derechos humanos") is
  matched on the words of the text, longest first, before single words and negators.
* **Names.** Spanish writes adjectives and nouns in lower case except at the start of a
  sentence, so a capitalised word inside a sentence is read as part of a name and not
  scored: "Nuevo León", "Casa Blanca", "Costa Rica", the surname "Leal" (TextBlob, which
  lower-cases everything, scores "New" in "New Mexico"). A word in capitals throughout
  ("ÉXITO") is scored: headlines and shouted words are written so.
* Emoticons and pattern's irony mark "(!)" are not read: this is news copy.

What it cannot see: irony, quotation (a quoted insult counts as the article's), who a
word is about, words outside the lexicon, negation that reaches further than the
transparent words, and meaning that lives in the verb phrase ("poco clara" is scored as
half as clear, not as unclear).

The lexicon and its rules are read by :mod:`coveragekit.sentiment.spanish_lexicon`, which
also says what each token is (:func:`~coveragekit.sentiment.spanish_lexicon.classify`).

Two implementations, as for the English scores: :func:`assess_reference` here reads as
the method (tokenize, classify each token from scratch, walk the state machine);
:func:`coveragekit._fast.spanish.assess` gives the same assessments several times faster
by remembering each token's class. ``tests/test_fast_spanish.py`` checks that they agree
on random and on real (demo corpus) text.
"""

from __future__ import annotations

import math

import pandas as pd

from .._fast import spanish as kernel
from .._lexicon import fold
from ..errors import OptionError
from .spanish_lexicon import (
    BANG,
    NEGATOR,
    OTHER,
    TOKEN,
    TRANSPARENT,
    WORD,
    SpanishLexicon,
    classify,
    is_name,
    load_lexicon,
    resolve_lexicon_option,
)

__all__ = [
    "assess_reference",
    "lexicon_coverage",
    "score_assessments",
    "score_spanish",
    "score_with_lexicon",
    "spanish_assessments",
]

SPANISH_METHODS = ("fast", "reference")


# =============================================================================
# The reference scorer: plain and slow, the method as written above
# =============================================================================
def _units(lex: SpanishLexicon, raw: list[str]):
    """The tokens (as written) with lexicon phrases joined, lower-cased, each as (text,
    kind, entry); a word read as part of a name is OTHER."""
    tokens = [t.lower() for t in raw]
    folded = [fold(t) for t in tokens]
    out = []
    j = 0
    while j < len(tokens):
        if is_name(raw[j], raw[j - 1] if j else None):
            kind = classify(lex, tokens[j])[0]
            # a name's word is not scored; a negator or transparent word keeps its role
            out.append((tokens[j], OTHER if kind == WORD else kind, None))
            j += 1
            continue
        for words, entry in lex.phrases.get(folded[j], ()):
            if tuple(folded[j : j + len(words)]) == words:
                out.append((" ".join(tokens[j : j + len(words)]), WORD, entry))
                j += len(words)
                break
        else:
            out.append((tokens[j], *classify(lex, tokens[j])))
            j += 1
    return out


def assess_reference(lex: SpanishLexicon, text: str) -> list[list]:
    """The assessments of ``text``: ``[words, polarity, subjectivity, intensity, negated, idle]``.

    ``idle`` marks an assessment made only of a pure intensifier: it is dropped when the
    intensifier turns out to modify nothing.
    """
    a: list[list] = []
    m = False  # the last assessment is a modifier waiting for the next scored word
    n = None  # a negator waiting for the next scored word
    for word, kind, entry in _units(lex, TOKEN.findall(text or "")):
        if kind == WORD:
            p, s, i, is_mod, pure = entry
            if not m:
                a.append([[word], p, s, i, False, pure])
            else:  # "muy buena": the modifier's intensity multiplies the word's scores
                last = a[-1]
                last[0].append(word)
                last[1] = max(-1.0, min(p * last[3], 1.0))
                last[2] = max(-1.0, min(s * last[3], 1.0))
                last[3] = i
                last[5] = pure
            if n is not None:  # "no buena", "no muy buena": negated, the intensity inverted
                last = a[-1]
                last[0].insert(0, n)
                last[3] = 1.0 / last[3]
                last[4] = True
            m = is_mod
            n = None
        elif kind == NEGATOR:
            if m:  # "realmente no ...": the modifier's assessment is negated
                a[-1][0].append(word)
                a[-1][4] = True
            else:
                n = word
        elif kind == TRANSPARENT:
            pass  # "no es", "no ha sido una": the negator and the modifier reach across
        else:
            if m and a[-1][5]:
                a.pop()  # a pure intensifier that modified nothing
            m = False
            n = None
            if kind == BANG and a:
                last = a[-1]
                last[0].append("!")
                last[1] = max(-1.0, min(last[1] * 1.25, 1.0))
    if m and a and a[-1][5]:
        a.pop()
    return a


def score_assessments(a: list[list]) -> tuple[float, float]:
    ps = 0.0
    ss = 0.0
    for x in a:
        ps += x[1] * -0.5 if x[4] else x[1]
        ss += x[2]
    k = float(len(a) or 1)
    return ps / k, ss / k


def score_with_lexicon(lex: SpanishLexicon, text: str, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text`` by the fast kernel or the reference."""
    a = kernel.assess(lex, text) if method == "fast" else assess_reference(lex, text)
    return score_assessments(a)


def score_spanish(text: str, *, lexicon=None, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one Spanish string with coveragekit-es.

    Parameters
    ----------
    text : str
    lexicon : path-like or dict, optional
        A lexicon CSV (or ``{"es": path}``) instead of the bundled one.
    method : {"fast", "reference"}, default "fast"
        The fast kernel or the plain reference scorer (same numbers).

    Examples
    --------
    With a two-word lexicon: "buena" 0.7 (subjectivity 0.6), "muy" an intensifier (1.3).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "lex.csv"
    >>> _ = p.write_text("word,polarity,subjectivity,intensity,pos\\nbuena,0.7,0.6,1,JJ\\nmuy,0,0.3,1.3,RB\\n")
    >>> [round(x, 4) for x in score_spanish("La decisión es muy buena.", lexicon=p)]
    [0.91, 0.78]
    >>> [round(x, 4) for x in score_spanish("La política no es buena.", lexicon=p)]
    [-0.35, 0.6]
    """
    if method not in SPANISH_METHODS:
        raise OptionError(f"method must be fast or reference, not {method!r}")
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    return score_with_lexicon(lex, text, method)


def spanish_assessments(text: str, *, lexicon=None) -> pd.DataFrame:
    """The words and phrases coveragekit-es assessed in ``text``, one row each, in order.

    The text's polarity is the mean of the ``polarity`` column (0.0 without rows), its
    subjectivity the mean of ``subjectivity``: which words drove a score, and which ones
    the lexicon never saw.

    Returns
    -------
    DataFrame
        ``phrase`` (the words joined by spaces, with their negator and intensifier),
        ``polarity`` (after negation: ``-0.5`` times), ``subjectivity``, ``negated``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "lex.csv"
    >>> _ = p.write_text("word,polarity,subjectivity,intensity,pos\\nclara,0.3,0.5,1,JJ\\npoco,0,0.2,0.5,RB\\n"
    ...                  "mala,-0.7,0.7,1,JJ\\n")
    >>> spanish_assessments("Una respuesta poco clara; no es mala.", lexicon=p)
           phrase  polarity  subjectivity  negated
    0  poco clara      0.15          0.25    False
    1     no mala      0.35          0.70     True
    """
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    rows = assess_reference(lex, "" if text is None else str(text))
    return pd.DataFrame(
        {
            "phrase": pd.array([" ".join(x[0]) for x in rows], dtype="string"),
            "polarity": pd.array([x[1] * -0.5 if x[4] else x[1] for x in rows], dtype="float64"),
            "subjectivity": pd.array([x[2] for x in rows], dtype="float64"),
            "negated": pd.array([x[4] for x in rows], dtype="bool"),
        }
    )


def lexicon_coverage(texts, *, lexicon=None) -> dict:
    """How many of the word tokens of ``texts`` the lexicon scores (or treats as a rule).

    Returns ``{"tokens", "scored", "scored_share", "types", "scored_types"}``: word tokens
    (numbers and marks left out), those that are lexicon words or part of a lexicon phrase,
    and the same over distinct folded words.
    """
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    tokens = scored = 0
    types: set[str] = set()
    scored_types: set[str] = set()
    for t in texts:
        for word, kind, _ in _units(lex, TOKEN.findall(t or "")):
            parts = word.split()
            if not any(ch.isalpha() for ch in word):
                continue
            tokens += len(parts)
            types.update(fold(w) for w in parts)
            if kind == WORD:
                scored += len(parts)
                scored_types.update(fold(w) for w in parts)
    return {"tokens": tokens, "scored": scored, "scored_share": scored / tokens if tokens else math.nan,
            "types": len(types), "scored_types": len(scored_types)}
