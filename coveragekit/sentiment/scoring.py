"""Scoring many strings: each distinct string once, by its row's instrument, over cores.

The verbs (:func:`~coveragekit.sentiment.add_sentiment`, the per-sentence and per-actor
scores) collect the strings to score and the instrument :mod:`coveragekit.sentiment.policy`
chose for each; :func:`score_strings` scores every distinct (instrument, string) once,
with TextBlob's arithmetic and lexicon (:mod:`coveragekit.sentiment.textblob`) or
coveragekit-es (:mod:`coveragekit.sentiment.spanish`). Large inputs are spread over
worker processes by :func:`coveragekit._fast.pool.run_chunks` (``COVERAGEKIT_JOBS`` sets
how many; 1 turns them off); the numbers do not depend on it.
"""

from __future__ import annotations

import functools

from .._fast.pool import run_chunks
from .policy import COVERAGEKIT_ES, TEXTBLOB_EN
from .spanish import score_with_lexicon
from .spanish_lexicon import load_lexicon, resolve_lexicon_option
from .textblob import english_score, ensure_lexicon

__all__ = ["map_strings", "score_english", "score_spanish_strings", "score_strings"]

PARALLEL_MIN_CHARS = 400_000  # below this, starting processes costs more than it saves


def _apply(func, items: list, start: int, stop: int) -> list:
    return [func(x) for x in items[start:stop]]


def map_strings(func, items: list[str]) -> list:
    """``[func(x) for x in items]``, over worker processes when the input is large enough
    to pay for them (:data:`PARALLEL_MIN_CHARS`); the same list either way."""
    if sum(map(len, items)) < PARALLEL_MIN_CHARS:
        return [func(x) for x in items]
    parts = run_chunks(functools.partial(_apply, func, items), len(items), min_rows=2)
    return [r for part in parts for r in part]


def score_english(strings: list[str], *, method: str) -> dict[str, tuple[float, float]]:
    """``{string: (polarity, subjectivity)}`` by textblob-en, each distinct string once."""
    unique = list(dict.fromkeys(strings))
    if method == "textblob":  # the reference, in this process
        return {s: english_score(s, "textblob") for s in unique}
    ensure_lexicon()  # before forking: workers inherit it
    return dict(zip(unique, map_strings(english_score, unique)))


def score_spanish_strings(strings: list[str], *, method: str, lexicon) -> dict[str, tuple[float, float]]:
    """``{string: (polarity, subjectivity)}`` by coveragekit-es, each distinct string once
    ("textblob" asks for the reference: the plain Spanish scorer)."""
    unique = list(dict.fromkeys(strings))
    if not unique:
        return {}
    lex = load_lexicon(resolve_lexicon_option(lexicon))  # read (and checked) here, once
    how = "fast" if method == "fast" else "reference"
    return dict(zip(unique, map_strings(functools.partial(score_with_lexicon, lex, method=how), unique)))


def score_strings(strings, instruments, *, method: str, lexicon) -> dict:
    """``{(instrument, string): (polarity, subjectivity)}`` for each string to score."""
    en = [s for s, i in zip(strings, instruments) if i == TEXTBLOB_EN]
    es = [s for s, i in zip(strings, instruments) if i == COVERAGEKIT_ES]
    out = {}
    if en:
        out.update({(TEXTBLOB_EN, k): v for k, v in score_english(en, method=method).items()})
    if es:
        got = score_spanish_strings(es, method=method, lexicon=lexicon)
        out.update({(COVERAGEKIT_ES, k): v for k, v in got.items()})
    return out
