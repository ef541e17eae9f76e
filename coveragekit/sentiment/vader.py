"""VADER's compound score, a second opinion beside TextBlob's: :func:`add_vader`.

VADER (vaderSentiment's ``SentimentIntensityAnalyzer``, lexicon shipped in the wheel) is
built for social-media English: its own lexicon, rules for capitals, "but", degree words
and punctuation. The kit runs it in one pass (:mod:`coveragekit._fast.vader`, the same
scores as the package's analyser); :mod:`coveragekit.sentiment.policy` says which rows it
scores.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._fast import vader
from .._frame import as_articles
from .policy import sentiment_plan, vader_scores
from .scoring import map_strings

__all__ = ["add_vader"]


def add_vader(df: pd.DataFrame, *, text: str = "text", title: str = "title", lang: str = "lang") -> pd.DataFrame:
    """Add VADER's compound score (-1 to 1) to every English article.

    VADER (vaderSentiment's ``SentimentIntensityAnalyzer``, lexicon shipped in the wheel)
    is a second instrument built for social-media English: its own lexicon, rules for
    capitals, "but", degree words and punctuation. The rows
    :func:`~coveragekit.sentiment.add_sentiment` scores with ``textblob-en`` are scored, on
    the same string (the text, or the title of a title-only record); other rows (Spanish
    ones included: VADER's lexicon is English) get NaN.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``lang`` and the ``text`` and ``title`` columns.
    text, title : str
        Column names.
    lang : str, default "lang"
        The column of language codes; a frame without one has it detected
        (:func:`coveragekit.clean.detect_language`) and the column added.

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``vader_compound`` (replaced if present).

    Examples
    --------
    >>> df = pd.DataFrame({"lang": ["en", "es", "en"], "title": ["", "", "A bad loss"],
    ...                    "text": ["A great, great win!", "Una gran victoria.", ""]})
    >>> add_vader(df)["vader_compound"].tolist()
    [0.923, nan, -0.7003]

    (The third record has no text: its title is scored, as
    :func:`~coveragekit.sentiment.add_sentiment` does.)
    """
    df = as_articles(df, verb="add_vader()", text=text, title=title, lang=lang, need_id=False)
    bases, strings, _, instruments = sentiment_plan(df, text, title)
    english = [vader_scores(b, i) for b, i in zip(bases, instruments)]
    unique = list(dict.fromkeys(s for s, e in zip(strings, english) if e))
    if unique:
        vader.compound("")  # load the lexicon before forking
    scores = dict(zip(unique, map_strings(vader.compound, unique)))
    out = df.copy()
    out["vader_compound"] = np.array(
        [scores[s] if e else math.nan for s, e in zip(strings, english)], dtype="float64"
    )
    return out

