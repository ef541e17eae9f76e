"""The English instrument, ``textblob-en``: TextBlob's sentiment numbers, fast.

TextBlob's default analyser (``PatternAnalyzer``, from the pattern library) looks every
token up in a lexicon of about 2,900 English words (``en-sentiment.xml``, shipped in the
textblob wheel), and averages the polarity and subjectivity of the words it knows, after
adjusting for negation ("not good"), intensifiers ("very good"), exclamation marks and
emoticons. Words it does not know are ignored: a text with no lexicon word scores
exactly 0.0, the same as a balanced one.

The kit returns *the same floats* as ``TextBlob(text).sentiment`` — same tokenizer, same
rules, same arithmetic in the same order — about eight times faster on one core, with the
kernel :mod:`coveragekit._fast.pattern`; ``method="textblob"`` calls TextBlob itself (the
reference), and ``tests/test_fast_pattern.py`` compares both on hundreds of texts. The
lexicon is read at run time from the installed textblob package (:func:`lexicon_path`);
it is never copied into this repository.

Which rows are scored, and by which instrument, is decided in
:mod:`coveragekit.sentiment.policy`; :func:`coveragekit.sentiment.add_sentiment` scores
the articles.
"""

from __future__ import annotations

import importlib.util
import os

import pandas as pd

from .._fast import pattern
from .._frame import as_text
from ..errors import OptionError

__all__ = ["METHODS", "assessments", "check_method", "english_score", "ensure_lexicon", "lexicon_path", "score_text",
           "textblob_score"]

METHODS = ("fast", "textblob")


def lexicon_path() -> str:
    """Path of TextBlob's English sentiment lexicon (``en-sentiment.xml``) as installed.

    Found without importing textblob (which imports NLTK and takes a second or two).

    Examples
    --------
    >>> os.path.basename(lexicon_path())
    'en-sentiment.xml'
    """
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise OptionError(
            "textblob is not installed, and its lexicon is what the sentiment scores use",
            hint="pip install textblob",
        )
    path = os.path.join(next(iter(spec.submodule_search_locations)), "en", "en-sentiment.xml")
    if not os.path.exists(path):
        raise OptionError(f"TextBlob's lexicon is missing at {path}", hint="reinstall textblob")
    return path



def check_method(method: str) -> None:
    """An OptionError unless ``method`` is one of :data:`METHODS`."""
    if method not in METHODS:
        raise OptionError(f"method must be one of {', '.join(METHODS)}, not {method!r}")


def ensure_lexicon() -> None:
    """Read TextBlob's lexicon for the kernel, once per process (before forking workers)."""
    if not pattern.lexicon_loaded():
        pattern.load_lexicon(lexicon_path())


def _kernel_assessments(text: str) -> list[list]:
    ensure_lexicon()
    return pattern.assess(text)


def textblob_score(text: str) -> tuple[float, float]:
    """The reference: ``TextBlob(text).sentiment`` itself."""
    from textblob import TextBlob  # imports NLTK (a second or two): only when asked for

    s = TextBlob(text).sentiment
    return s.polarity, s.subjectivity


def english_score(text: str, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` by the kernel ("fast") or by TextBlob ("textblob")."""
    if method == "textblob":
        return textblob_score(text)
    ensure_lexicon()
    return pattern.score(text)


def score_text(text: str, *, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one string, as ``TextBlob(text).sentiment``.

    Parameters
    ----------
    text : str
    method : {"fast", "textblob"}, default "fast"
        "fast" is this module's re-implementation (same floats); "textblob" calls TextBlob.

    Examples
    --------
    >>> score_text("The food was good.")
    (0.7, 0.6000000000000001)

    A negated intensifier divides instead of multiplying ("very" is 1.3 times): "not very
    good" is -0.5 * 0.7 / 1.3.

    >>> score_text("The food was not very good.")
    (-0.26923076923076916, 0.46153846153846156)
    >>> score_text("The food was not very good.", method="textblob")
    (-0.26923076923076916, 0.46153846153846156)
    """
    check_method(method)
    return english_score(as_text(text), method)


def assessments(text: str, *, method: str = "fast") -> pd.DataFrame:
    """The words and phrases TextBlob assessed in ``text``, one row each, in order.

    The same content as ``TextBlob(text).sentiment_assessments.assessments``; the
    article's polarity is the mean of the ``polarity`` column (0.0 when there is no
    row), its subjectivity the mean of ``subjectivity``. For teaching: which words drove
    a score, and which ones TextBlob never saw.

    Parameters
    ----------
    text : str
    method : {"fast", "textblob"}, default "fast"

    Returns
    -------
    DataFrame
        ``phrase`` (the words joined by spaces), ``words`` (the list TextBlob gives: a
        lexicon word with its negation, intensifier and "!" marks), ``polarity`` (after
        negation: "not good" is ``-0.5`` times "good"), ``subjectivity`` and ``label``
        (None, or "mood" for emoticons, "irony" for "(!)", "profanity").

    Examples
    --------
    >>> assessments("Not a great plan, but a very good team!")
            phrase            words  polarity  subjectivity label
    0    not great     [not, great]      -0.4          0.75  None
    1  very good !  [very, good, !]       1.0          0.78  None
    """
    check_method(method)
    text = as_text(text)
    if method == "textblob":
        from textblob import TextBlob  # imports NLTK: only when asked for

        rows = [tuple(r) for r in TextBlob(text).sentiment_assessments.assessments]
    else:
        rows = [(x[0], x[1] * -0.5 if x[4] < 0 else x[1], x[2], x[5]) for x in _kernel_assessments(text)]
    return pd.DataFrame(
        {
            "phrase": pd.array([" ".join(r[0]) for r in rows], dtype="string"),
            "words": pd.Series([list(r[0]) for r in rows], dtype=object),
            "polarity": pd.array([r[1] for r in rows], dtype="float64"),
            "subjectivity": pd.array([r[2] for r in rows], dtype="float64"),
            "label": pd.Series([r[3] for r in rows], dtype=object),
        }
    )


