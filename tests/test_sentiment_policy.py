"""The sentiment policy: one place decides which instrument scores which row."""

import pandas as pd

from coveragekit.sentiment.policy import instrument_for, sentiment_plan


def test_each_language_gets_its_instrument_or_a_reason():
    df = pd.DataFrame({
        "lang": ["en", " ES ", "und", "und", "fr", "es", None],
        "title": ["", "", "", "La cooperación sin subordinación, dijo la presidenta de México", "", "", ""],
        "text": ["The plan is good.", "El plan es bueno.",
                 "The plan is good and the people are happy with it.", "", "Le plan est bon.", "", "   "],
    })
    bases, strings, notes, instruments = sentiment_plan(df)
    assert instruments == ["textblob-en", "coveragekit-es", "textblob-en", "coveragekit-es", "", "", ""]
    # the und title-only record is judged, and scored, on its title
    assert bases == ["text", "text", "text", "title", "", "", ""]
    assert strings[3] == df.loc[3, "title"]
    assert notes[:4] == ["", "", "", ""]
    assert notes[4].startswith("no sentiment instrument for lang=fr")
    assert notes[5] == notes[6] == "no text and no title"


def test_undetermined_text_that_reads_as_neither_language_is_not_scored():
    inst, note = instrument_for("und", "CJNG")
    assert inst == ""
    assert "reads as neither English nor Spanish" in note
