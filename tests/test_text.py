"""Tests for coveragekit.text: sentence splitting with character offsets.

Expected sentences are written by hand from the input texts.
"""

import random

import pandas as pd
import pytest

from coveragekit.errors import InputError
from coveragekit.text import SENTENCE_COLUMNS, sentences, split_sentences


def split(text, lang="en"):
    return [text[a:b] for a, b in split_sentences(text, lang=lang)]


def test_english_paragraph_with_abbreviations_quotes_and_numbers():
    text = (
        "WASHINGTON (AP) — Sen. Maria Lopez met Gen. Mark Smith and Adm. Lee at 9:30 a.m. "
        "on Jan. 5 in the U.S. Capitol. The talks lasted 3.5 hours. "
        '"We made progress..." she said. "It was not easy." '
        "Rep. Frank L. Donovan of St. Louis disagreed! Did they agree? "
        "No. 2 on the agenda was trade, said Dr. Ruth Ng, Mr. Ng's wife."
    )
    assert split(text) == [
        (
            "WASHINGTON (AP) — Sen. Maria Lopez met Gen. Mark Smith and Adm. Lee at 9:30 a.m. "
            "on Jan. 5 in the U.S. Capitol."
        ),
        "The talks lasted 3.5 hours.",
        '"We made progress..." she said.',
        '"It was not easy."',
        "Rep. Frank L. Donovan of St. Louis disagreed!",
        "Did they agree?",
        "No. 2 on the agenda was trade, said Dr. Ruth Ng, Mr. Ng's wife.",
    ]


def test_spanish_paragraph_with_inverted_marks_and_guillemets():
    text = (
        "MADRID, 5 ene. (EFE). - El presidente, Sr. Pérez, llegó a EE.UU. el lunes. "
        "¿Qué dijo la Sra. García? «No lo sé.» La Lic. Ana M. Ruiz respondió: ¡Basta! "
        "Luego se fue a las 8 p.m. Todos aplaudieron."
    )
    assert split(text, "es") == [
        "MADRID, 5 ene. (EFE). - El presidente, Sr. Pérez, llegó a EE.UU. el lunes.",
        "¿Qué dijo la Sra. García?",
        "«No lo sé.»",
        "La Lic. Ana M. Ruiz respondió: ¡Basta!",
        "Luego se fue a las 8 p.m.",
        "Todos aplaudieron.",
    ]


def test_spanish_dialogue_dash_and_agency_dateline():
    text = "CIUDAD DE MÉXICO (EFE).- El Gobierno dijo que no. —¿Vienes? —preguntó ella. ¡Claro!"
    assert split(text, "es") == [
        "CIUDAD DE MÉXICO (EFE).- El Gobierno dijo que no.",
        "—¿Vienes? —preguntó ella.",
        "¡Claro!",
    ]


def test_english_datelines_stay_with_the_first_sentence():
    assert split("NEW YORK, N.Y. (Reuters) - Stocks fell. Bonds rose.") == [
        "NEW YORK, N.Y. (Reuters) - Stocks fell.",
        "Bonds rose.",
    ]
    assert split("WASHINGTON, Jan. 5 (AP) — The Senate voted. It was close.") == [
        "WASHINGTON, Jan. 5 (AP) — The Senate voted.",
        "It was close.",
    ]


def test_ambiguous_abbreviations_end_a_sentence_before_an_opener():
    assert split("He flew to the U.S. The next day he left.") == [
        "He flew to the U.S.",
        "The next day he left.",
    ]
    assert split(
        "The U.S. Senate met at 9 p.m. Tuesday. It adjourned at 11 p.m. But talks went on."
    ) == [
        "The U.S. Senate met at 9 p.m. Tuesday.",
        "It adjourned at 11 p.m.",
        "But talks went on.",
    ]
    assert split("Apple Inc. said so. Shares of Apple Inc. rose.") == [
        "Apple Inc. said so.",
        "Shares of Apple Inc. rose.",
    ]


def test_initials_and_titles_never_split():
    assert split("Frank L. Donovan and J. R. R. Tolkien met Dr. Who and St. John.") == [
        "Frank L. Donovan and J. R. R. Tolkien met Dr. Who and St. John."
    ]


def test_quote_after_period_and_lower_case_continuation():
    assert split('"It is over." he said. "Is it?" she asked. Nobody knew.') == [
        '"It is over." he said.',
        '"Is it?" she asked.',
        "Nobody knew.",
    ]
    assert split("\u201cWe won.\u201d Then we left. (He cried.) The end.") == [
        "\u201cWe won.\u201d",
        "Then we left.",
        "(He cried.)",
        "The end.",
    ]


def test_runs_of_marks_and_ellipses():
    assert split("Wow!!! Really?! Yes\u2026 And then... nothing. Then more.") == [
        "Wow!!!",
        "Really?!",
        "Yes\u2026",
        "And then... nothing.",
        "Then more.",
    ]


def test_no_split_inside_numbers_addresses_or_hyphenated_abbreviations():
    assert split("Growth was 3.5 percent at example.com, a U.S.-backed site. Fine.") == [
        "Growth was 3.5 percent at example.com, a U.S.-backed site.",
        "Fine.",
    ]


def test_blank_line_always_ends_a_sentence():
    text = "Headline without a period\n\nMr.\n\nFirst line\nsecond line. Next one.\n \nLast"
    assert split(text) == [
        "Headline without a period",
        "Mr.",
        "First line\nsecond line.",
        "Next one.",
        "Last",
    ]


def test_spans_point_into_the_original_text():
    text = "  Dr. Lee spoke.\t Nobody listened!  \n\n  ¿Y ahora?  "
    spans = split_sentences(text, lang="es")
    assert spans == [(2, 16), (18, 34), (40, 49)]
    assert [text[a:b] for a, b in spans] == ["Dr. Lee spoke.", "Nobody listened!", "¿Y ahora?"]


@pytest.mark.parametrize("value", ["", "   ", "\n\n\t", None, float("nan")])
def test_empty_text_has_no_sentences(value):
    assert split_sentences(value) == []


def test_single_sentence_without_final_mark():
    assert split("Hello world") == ["Hello world"]


def test_spans_cover_every_visible_character_once():
    rng = random.Random(3)
    pieces = [
        "Dr.",
        "U.S.",
        "word",
        "3.5",
        "Yes.",
        "No!",
        "why?",
        '"Hi."',
        "«Sí.»",
        "\n\n",
        "\n",
        "¿Qué?",
        "a.m.",
        "The",
        "el",
        "L.",
        "...",
        "\u2026",
        ")",
        "(",
        " ",
    ]
    for _ in range(200):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        for lang in ("en", "es", "und"):
            spans = split_sentences(text, lang=lang)
            covered = set()
            previous_end = 0
            for a, b in spans:
                assert previous_end <= a < b
                assert text[a:b] == text[a:b].strip()
                covered.update(range(a, b))
                previous_end = b
            visible = {i for i, ch in enumerate(text) if not ch.isspace()}
            assert visible <= covered


def test_sentences_frame_is_long_and_uses_each_articles_language():
    df = pd.DataFrame(
        {
            "article_id": ["en1", "es1", "title-only"],
            "lang": ["en", "es", "en"],
            "title": ["A", "B", "Only a title"],
            "text": ["Dr. Lee spoke. Nobody listened.", "Habló la Sra. García. Nadie oyó.", ""],
        }
    )
    before = df.copy()
    out = sentences(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == SENTENCE_COLUMNS
    assert out["article_id"].tolist() == ["en1", "en1", "es1", "es1"]
    assert out["sentence_no"].tolist() == [1, 2, 1, 2]
    assert out["start"].tolist() == [0, 15, 0, 22]
    assert out["end"].tolist() == [14, 31, 21, 32]
    assert out["sentence"].tolist() == [
        "Dr. Lee spoke.",
        "Nobody listened.",
        "Habló la Sra. García.",
        "Nadie oyó.",
    ]


def test_sentences_names_a_missing_column():
    # (a missing lang is detected now, issue 17: only the text column is needed)
    with pytest.raises(InputError, match=r"sentences\(\) needs a text column.*body"):
        sentences(pd.DataFrame({"article_id": ["a"], "body": ["Hi."]}))
    assert len(sentences(pd.DataFrame({"article_id": ["a"], "text": ["Hi there. Bye now."]}))) == 2
