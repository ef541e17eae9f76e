"""The sentiment policy: which instrument scores which row, and why not when none does.

One place decides it, and every sentiment verb (:func:`~coveragekit.sentiment.add_sentiment`,
:func:`~coveragekit.sentiment.add_vader`, :func:`~coveragekit.sentiment.sentence_sentiment`,
:func:`~coveragekit.sentiment.actor_sentiment`) asks it; the time series, the pipeline's
article table and the report read the decision from the ``sentiment_instrument`` column it
produces:

========================  ==============================================================
``textblob-en``           ``lang`` is "en": TextBlob's pattern lexicon (English)
``coveragekit-es``        ``lang`` is "es": the kit's Spanish lexicon, same arithmetic
``""`` (not scored)       any other language, or nothing to score; ``sentiment_note``
                          says why
========================  ==============================================================

A row whose ``lang`` is "und" (undetermined) or missing is scored when
:func:`coveragekit.clean.detect_language` reads the scored string as English or Spanish,
by that language's instrument. VADER, the second opinion, scores the rows scored with
``textblob-en`` (:func:`vader_scores`): its lexicon is English. A number computed with one language's lexicon on another
language is noise that looks like data, so such rows get NaN.

The two instruments share their arithmetic, not their lexicons: a Spanish 0.2 and an
English 0.2 are not the same measurement. Compare within an instrument; across them,
read ``bench/bench_spanish.py`` (how the two agree on the same passages written in both
languages) first.
"""

from __future__ import annotations

import pandas as pd

from .._frame import as_text
from ..clean import detect_language

__all__ = ["COVERAGEKIT_ES", "INSTRUMENTS", "SENTENCE_LANG", "TEXTBLOB_EN", "instrument_for", "sentiment_plan",
           "vader_scores"]

TEXTBLOB_EN = "textblob-en"
COVERAGEKIT_ES = "coveragekit-es"
INSTRUMENTS = {"en": TEXTBLOB_EN, "es": COVERAGEKIT_ES}
SENTENCE_LANG = {TEXTBLOB_EN: "en", COVERAGEKIT_ES: "es"}  # sentence-splitting rules per instrument


def instrument_for(lang, value: str) -> tuple[str, str]:
    """``(instrument, note)`` for one row: its ``lang`` and the string that would be scored.

    Examples
    --------
    >>> instrument_for("es", "La política no es buena.")
    ('coveragekit-es', '')
    >>> instrument_for("und", "The plan is good and the people are happy with it.")
    ('textblob-en', '')
    >>> instrument_for("fr", "Le plan est bon.")[1]
    "no sentiment instrument for lang=fr: TextBlob's lexicon is English and coveragekit-es's is Spanish"
    """
    lang = as_text(lang).strip().lower() or "und"
    if lang in INSTRUMENTS:
        return INSTRUMENTS[lang], ""
    if lang == "und":
        guess = detect_language(value)
        if guess in INSTRUMENTS:
            return INSTRUMENTS[guess], ""
        return "", (
            "language undetermined (lang=und) and the text reads as neither English nor "
            "Spanish: the sentiment instruments are English (TextBlob) and Spanish (coveragekit-es)"
        )
    return "", (
        f"no sentiment instrument for lang={lang}: TextBlob's lexicon is English and "
        "coveragekit-es's is Spanish"
    )


def sentiment_plan(df: pd.DataFrame, text: str = "text", title: str = "title"):
    """Per row: the basis ("text", "title" or ""), the string to score, the note, the instrument.

    The text is scored when it is not blank, else the title (a title-only record); a row
    with neither, or in a language without an instrument, is not scored ("" basis and
    instrument, and a note saying why).

    Examples
    --------
    >>> df = pd.DataFrame({"lang": ["en", "es", "fr"], "title": ["Talks fail", "", ""],
    ...                    "text": ["", "El plan es bueno.", "Le plan est bon."]})
    >>> bases, strings, notes, instruments = sentiment_plan(df)
    >>> bases, strings, instruments
    (['title', 'text', ''], ['Talks fail', 'El plan es bueno.', ''], ['textblob-en', 'coveragekit-es', ''])
    >>> notes[2]
    "no sentiment instrument for lang=fr: TextBlob's lexicon is English and coveragekit-es's is Spanish"
    """
    bases, strings, notes, instruments = [], [], [], []
    for lang, body, head in zip(df["lang"], df[text], df[title]):
        body, head = as_text(body), as_text(head)
        has_body, has_head = bool(body.strip()), bool(head.strip())
        if not has_body and not has_head:
            inst, note = "", "no text and no title"
        else:
            inst, note = instrument_for(lang, body if has_body else head)
        notes.append(note)
        instruments.append(inst)
        if not inst:
            bases.append("")
            strings.append("")
        elif has_body:
            bases.append("text")
            strings.append(body)
        else:
            bases.append("title")
            strings.append(head)
    return bases, strings, notes, instruments


def vader_scores(basis: str, instrument: str) -> bool:
    """Whether VADER scores a row of :func:`sentiment_plan`: the rows scored with
    ``textblob-en`` (VADER's lexicon is English), on the same string.

    Examples
    --------
    >>> [vader_scores(b, i) for b, i in [("text", "textblob-en"), ("text", "coveragekit-es"), ("", "")]]
    [True, False, False]
    """
    return bool(basis) and instrument == TEXTBLOB_EN
