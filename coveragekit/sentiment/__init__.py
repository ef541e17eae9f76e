"""Sentiment: which rows are scored and by which instrument, the scores, and how far to trust them.

One module per task:

``policy``
    which instrument scores which row, and why not when none does (the one place that
    decides it);
``textblob``
    the English instrument (``textblob-en``: TextBlob's numbers, by the kernel
    :mod:`coveragekit._fast.pattern`): :func:`score_text`, :func:`assessments`;
``spanish_lexicon``, ``spanish``
    the Spanish instrument (``coveragekit-es``): its lexicon as a table, the reference
    scorer, :func:`score_spanish`, :func:`spanish_assessments`;
``scoring``
    each distinct string scored once, by its instrument, over worker processes;
``articles``
    :func:`add_sentiment`, per article;
``vader``
    :func:`add_vader`, VADER's second opinion (kernel: :mod:`coveragekit._fast.vader`);
``per_actor``
    :func:`sentence_sentiment`, :func:`actor_sentiment`;
``agreement``
    :func:`sentiment_agreement`, how far TextBlob and VADER agree;
``validation``
    :func:`validate_instruments`, how far the Spanish instrument reads like the English one.
"""

from __future__ import annotations

from .agreement import sentiment_agreement
from .articles import add_sentiment
from .per_actor import actor_sentiment, sentence_sentiment
from .spanish import score_spanish, spanish_assessments
from .textblob import assessments, lexicon_path, score_text
from .vader import add_vader
from .validation import validate_instruments

__all__ = [
    "actor_sentiment",
    "add_sentiment",
    "add_vader",
    "assessments",
    "lexicon_path",
    "score_spanish",
    "score_text",
    "sentence_sentiment",
    "sentiment_agreement",
    "spanish_assessments",
    "validate_instruments",
]
