"""Sentiment per article: :func:`add_sentiment`, by the instrument the policy chooses.

:mod:`coveragekit.sentiment.policy` says, per row, what is scored (the text, else the
title) and by which instrument (``textblob-en`` or ``coveragekit-es``), or why nothing
is; :mod:`coveragekit.sentiment.scoring` scores each distinct string once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._frame import as_articles, as_text
from .policy import sentiment_plan
from .scoring import score_strings
from .textblob import check_method

__all__ = ["add_sentiment"]


def add_sentiment(
    df: pd.DataFrame,
    *,
    text: str = "text",
    title: str = "title",
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
) -> pd.DataFrame:
    """Add polarity and subjectivity to every English and Spanish article.

    English rows get exactly ``TextBlob(value).sentiment`` of the text cell
    (``textblob-en``); Spanish rows get the kit's Spanish instrument, the same arithmetic
    with a Spanish lexicon (``coveragekit-es``, :mod:`coveragekit.sentiment.spanish`). The
    two are different instruments: compare within one (the ``sentiment_instrument``
    column says which made each number). A record without text (title-only exports:
    Media Cloud, GDELT) is scored on its title and marked ``sentiment_basis="title"``: a
    headline is a different kind of evidence, keep the two apart when you compare.

    Which rows are scored (:mod:`coveragekit.sentiment.policy`): ``lang`` "en" or "es"
    (case and spaces ignored). A row with ``lang == "und"`` (or a missing ``lang``) is
    scored when :func:`coveragekit.clean.detect_language` reads the scored string (text,
    else title) as English or Spanish; short or mixed strings stay unscored. Any other
    language gets NaN and a note: a score from another language's lexicon is noise, not
    a measurement.

    Each distinct string is scored once; large inputs are scored over worker processes
    (``COVERAGEKIT_JOBS`` sets how many, 1 none), with the same numbers.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``lang`` and the ``text`` and ``title`` columns.
    text, title : str
        Column names.
    lang : str, default "lang"
        The column of language codes; a frame without one has it detected
        (:func:`coveragekit.clean.detect_language`) and the column added.
    method : {"fast", "textblob"}, default "fast"
        "fast": the kit's re-implementation of TextBlob's PatternAnalyzer (same floats,
        about eight times faster per core) and the Spanish fast kernel.
        "textblob": the references, row by row in this process: ``TextBlob(value).sentiment``
        for English, the plain Spanish scorer for Spanish (same numbers either way).
    lexicon : path or dict, optional
        ``{"es": path}`` (or a path): a Spanish lexicon CSV instead of the bundled
        ``data/lexicons/sentiment_es.csv`` (columns in ``data/README.md``).

    Returns
    -------
    DataFrame
        A copy of ``df`` with the columns (replaced if present):

        ``polarity`` (-1 to 1) and ``subjectivity`` (0 to 1)
            of the text, or of the title for title-only records; NaN when not scored.
            0.0 also means "no lexicon word found": see :func:`assessments`.
        ``title_polarity``
            polarity of the title (NaN when empty or not scored), by the row's instrument.
        ``sentiment_basis``
            "text", "title" or "" (not scored).
        ``sentiment_note``
            "" for scored rows, else why not (e.g. "no sentiment instrument for lang=fr:
            ...", "no text and no title").
        ``sentiment_instrument``
            "textblob-en", "coveragekit-es" or "" (not scored).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "lang": ["en", "en", "fr"],
    ...     "title": ["Talks fail", "A very good day", "Un bon jour"],
    ...     "text": ["The plan is not good.", "", "Le plan est bon."]})
    >>> out = add_sentiment(df)
    >>> out[["polarity", "subjectivity", "title_polarity"]]
       polarity  subjectivity  title_polarity
    0     -0.35          0.60           -0.50
    1      0.91          0.78            0.91
    2       NaN           NaN             NaN
    >>> out["sentiment_basis"].tolist()
    ['text', 'title', '']
    >>> out["sentiment_instrument"].tolist()
    ['textblob-en', 'textblob-en', '']
    >>> out.loc[2, "sentiment_note"]
    "no sentiment instrument for lang=fr: TextBlob's lexicon is English and coveragekit-es's is Spanish"
    """
    df = as_articles(df, verb="add_sentiment()", text=text, title=title, lang=lang, need_id=False)
    check_method(method)
    bases, strings, notes, instruments = sentiment_plan(df, text, title)
    heads = [as_text(h) for h in df[title]]
    want_s = [s for s, b in zip(strings, bases) if b]
    want_i = [i for i, b in zip(instruments, bases) if b]
    want_s += [h for h, i in zip(heads, instruments) if i and h.strip()]
    want_i += [i for h, i in zip(heads, instruments) if i and h.strip()]
    scores = score_strings(want_s, want_i, method=method, lexicon=lexicon)
    nan = (math.nan, math.nan)
    pol, subj, tpol = [], [], []
    for s, b, h, inst in zip(strings, bases, heads, instruments):
        p, q = scores[(inst, s)] if b else nan
        pol.append(p)
        subj.append(q)
        tpol.append(scores[(inst, h)][0] if inst and h.strip() else math.nan)
    out = df.copy()
    out["polarity"] = np.array(pol, dtype="float64")
    out["subjectivity"] = np.array(subj, dtype="float64")
    out["title_polarity"] = np.array(tpol, dtype="float64")
    out["sentiment_basis"] = pd.array(bases, dtype="string")
    out["sentiment_note"] = pd.array(notes, dtype="string")
    out["sentiment_instrument"] = pd.array(instruments, dtype="string")
    return out


