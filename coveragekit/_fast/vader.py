"""VADER in one pass: vaderSentiment's scores, in time linear in the length of the text.

The reference is vaderSentiment's own ``SentimentIntensityAnalyzer``;
``tests/test_fast_vader.py`` compares the two on texts that reach every rule of VADER's
word loop, on random word sequences and on the demo articles and titles.

Why the plain analyser is slow on articles: ``_negation_check`` and
``_special_idioms_check`` lower-case the *whole* list of words on every call, and they are
called for most sentiment words, so on an article (VADER was built for sentences) the time
grows with the square of its length: about 10 ms for 500 words. Both only read the words
from three before to two after the current one, so :class:`WindowedAnalyzer` hands them
that window (with the position inside it): the same words at the same relative places, so
the same result, in constant time. Its word loop skips, without a call each, the words
VADER scores 0 (words outside its lexicon, boosters, "kind" before "of"), and its "but"
rule (:func:`but_rule`) finds each score's place with an index rather than a walk of the
list. The rest of VADER runs unchanged.
"""

from __future__ import annotations

import bisect
import string

from vaderSentiment.vaderSentiment import BOOSTER_DICT, N_SCALAR, NEGATE, SentiText
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Plain

__all__ = ["WindowedAnalyzer", "Words", "but_rule", "compound", "negated"]

_NEGATE = frozenset(NEGATE)  # compared with lower-cased words, as vaderSentiment.negated() does
_PUNCT = string.punctuation


class Words(SentiText):
    """SentiText's words (each token stripped of punctuation unless that leaves two
    characters or fewer) and its "some but not all words in capitals" flag, built without
    a function call per word."""

    def __init__(self, text: str):
        self.text = text
        self.words_and_emoticons = words = [t if len(s := t.strip(_PUNCT)) <= 2 else s for t in text.split()]
        n_caps = sum(map(str.isupper, words))
        self.is_cap_diff = 0 < len(words) - n_caps < len(words)


def negated(word: str) -> bool:
    """``vaderSentiment.negated([word])`` for one word: one of NEGATE, or holding "n't"."""
    word = word.lower()
    return word in _NEGATE or "n't" in word


def but_rule(sentiments: list, bi: int) -> None:
    """VADER's "but" rule, in place: the scores before the first "but" (at ``bi``) are
    halved, those after raised by half.

    VADER finds each score's place with ``sentiments.index(value)`` (the first equal
    score, after the changes made so far: a quirk kept here). Zeros stay zero wherever
    they are found, so only the others are walked; ``at[v]`` holds the places now holding
    a score equal to v, ascending, kept up to date as scores change, so that each look-up
    is not a walk of the list.
    """
    at: dict[float, list[int]] = {}
    for j, x in enumerate(sentiments):
        if x != 0:
            at.setdefault(x, []).append(j)
    for value in [x for x in sentiments if x != 0]:
        si = at[value][0]  # sentiments.index(value)
        if si == bi:
            continue
        new = value * 0.5 if si < bi else value * 1.5
        sentiments[si] = new
        del at[value][0]
        if not at[value]:
            del at[value]
        bisect.insort(at.setdefault(new, []), si)


class WindowedAnalyzer(Plain):
    """vaderSentiment's analyser, its word loop in one pass and its per-word checks given
    a window of words (see the module's docstring)."""

    def __init__(self):
        super().__init__()
        self._emoji_chars = frozenset(self.emojis)  # VADER compares one character at a time

    def polarity_scores(self, text):
        # Texts holding an emoji (replaced by its description first) take VADER's own path.
        if not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)
        text = text.strip()
        sentitext = Words(text)
        words = sentitext.words_and_emoticons
        lower = [w.lower() for w in words]
        sentiments = [0] * len(words)
        lexicon = self.lexicon
        last = len(words) - 1
        for i, low in enumerate(lower):
            if low in lexicon and low not in BOOSTER_DICT and not (low == "kind" and i < last
                                                                   and lower[i + 1] == "of"):
                sentiments[i] = self.sentiment_valence(0, sentitext, words[i], i, [])[0]
        if "but" in lower:
            but_rule(sentiments, lower.index("but"))
        return self.score_valence(sentiments, text)

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        # VADER's check, reading only the (up to) three words before word i
        w = words_and_emoticons
        w1 = w[i - 1].lower()
        if start_i == 0:
            if negated(w1):
                valence = valence * N_SCALAR
        if start_i == 1:
            w2 = w[i - 2].lower()
            if w2 == "never" and (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w2 == "without" and w1 == "doubt":
                valence = valence
            elif negated(w2):
                valence = valence * N_SCALAR
        if start_i == 2:
            w2, w3 = w[i - 2].lower(), w[i - 3].lower()
            if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                valence = valence
            elif negated(w3):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_check(valence, words_and_emoticons, i):
        lo = max(0, i - 3)  # reads i-3 .. i+2 (called when i > 2; i+1, i+2 if they exist)
        return Plain._special_idioms_check(valence, words_and_emoticons[lo:i + 3], i - lo)


_ANALYZER: WindowedAnalyzer | None = None


def compound(text: str) -> float:
    """VADER's compound score of ``text`` (the analyser and its lexicon made on first use)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = WindowedAnalyzer()
    return _ANALYZER.polarity_scores(text)["compound"]
