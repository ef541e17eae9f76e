"""add_sentiment (coveragekit.sentiment.articles): which rows are scored, on what, by which
instrument; expectations worked out by hand from the lexicon entries in the comments, and
equality with TextBlob itself, called at test time."""

import copy
import math

import numpy as np
import pandas as pd
import pytest
from sentiment_texts import ES_FIXTURES, generated_texts, mixed_articles, textblob_lexicon_words
from textblob import TextBlob

from coveragekit.errors import InputError, OptionError
from coveragekit.sentiment import add_sentiment
from coveragekit.sentiment.spanish_lexicon import read_spanish_lexicon

# a small Spanish lexicon written for the tests ("bueno" 0.7/0.6, "feliz" absent...)
ES_LEXICON = read_spanish_lexicon(ES_FIXTURES / "small_lexicon.csv", rules=ES_FIXTURES / "small_rules.csv")


@pytest.fixture
def articles():
    return mixed_articles()


@pytest.fixture(scope="module")
def lexicon_words():
    return textblob_lexicon_words()


def test_add_sentiment_scores_rows_as_documented(articles):
    out = add_sentiment(articles, lexicon={"es": ES_LEXICON})
    by = out.set_index("article_id")
    # English text: "not good"
    assert by.loc["english", "polarity"] == pytest.approx(-0.35)
    assert by.loc["english", "subjectivity"] == pytest.approx(0.6)
    assert by.loc["english", "sentiment_basis"] == "text"
    assert by.loc["english", "title_polarity"] == 0.0  # "Talks" is not in the lexicon
    # title-only record: scored on the title ("very good" = 0.91) and marked
    assert by.loc["title-only", "polarity"] == pytest.approx(0.91)
    assert by.loc["title-only", "sentiment_basis"] == "title"
    assert by.loc["title-only", "title_polarity"] == by.loc["title-only", "polarity"]
    # whitespace-only text counts as no text
    assert by.loc["blank-text", "sentiment_basis"] == "title"
    assert by.loc["blank-text", "polarity"] == pytest.approx(0.7)
    # Spanish: the Spanish instrument, with the test lexicon: "bueno" 0.7 / 0.6 ("feliz"
    # is not in it); the title "Un buen día" has no word of it
    assert by.loc["spanish", "polarity"] == pytest.approx(0.7)
    assert by.loc["spanish", "subjectivity"] == pytest.approx(0.6)
    assert by.loc["spanish", "title_polarity"] == 0.0
    assert by.loc["spanish", "sentiment_basis"] == "text"
    assert by.loc["spanish", "sentiment_note"] == ""
    assert by.loc["spanish", "sentiment_instrument"] == "coveragekit-es"
    assert by.loc["english", "sentiment_instrument"] == "textblob-en"
    # und: scored by the instrument of the language the text reads as
    assert by.loc["und-english", "sentiment_basis"] == "text"
    assert by.loc["und-english", "polarity"] == pytest.approx((0.7 + 0.8) / 2)
    assert by.loc["und-english", "sentiment_instrument"] == "textblob-en"
    assert by.loc["und-spanish", "sentiment_instrument"] == "coveragekit-es"
    assert by.loc["und-spanish", "polarity"] == 0.0  # no word of the test lexicon
    # nothing to score
    assert math.isnan(by.loc["nothing", "polarity"])
    assert by.loc["nothing", "sentiment_note"] == "no text and no title"
    assert by.loc["nothing", "sentiment_instrument"] == ""
    # scored rows have no note
    assert by.loc["english", "sentiment_note"] == ""


def test_add_sentiment_returns_a_new_frame_and_never_mutates(articles):
    before = copy.deepcopy(articles)
    out = add_sentiment(articles)
    pd.testing.assert_frame_equal(articles, before)
    assert out is not articles
    assert list(out.columns) == list(articles.columns) + [
        "polarity",
        "subjectivity",
        "title_polarity",
        "sentiment_basis",
        "sentiment_note",
        "sentiment_instrument",
    ]
    assert out.index.equals(articles.index)
    pd.testing.assert_frame_equal(out[articles.columns], articles)
    assert out["polarity"].dtype == "float64"
    # running it again replaces the columns instead of duplicating them
    again = add_sentiment(out)
    assert list(again.columns) == list(out.columns)
    pd.testing.assert_frame_equal(again, out)


def test_add_sentiment_equals_textblob_per_row(articles, lexicon_words):
    extra = pd.DataFrame(
        {
            "article_id": [f"g{i}" for i in range(40)],
            "lang": "en",
            "title": "t",
            "text": generated_texts(lexicon_words, 40, seed=5),
            "outlet": "w",
        }
    )
    df = pd.concat([articles, extra], ignore_index=True)
    out = add_sentiment(df)
    ref = add_sentiment(df, method="textblob")
    pd.testing.assert_frame_equal(out, ref)
    for text, p, s in zip(
        extra["text"],
        out["polarity"].iloc[len(articles) :],
        out["subjectivity"].iloc[len(articles) :],
    ):
        assert (p, s) == tuple(TextBlob(text).sentiment)


def test_bad_options_raise_errors_people_can_act_on(articles):
    with pytest.raises(InputError, match="body"):
        add_sentiment(articles, text="body")
    with pytest.raises(OptionError, match="method"):
        add_sentiment(articles, method="vader")


def test_missing_values_count_as_empty():
    df = pd.DataFrame({"lang": ["en", None], "title": [None, "good"], "text": [np.nan, None]})
    out = add_sentiment(df)
    assert math.isnan(out.loc[0, "polarity"])
    assert out.loc[0, "sentiment_note"] == "no text and no title"
    # missing lang is "und": a two-word title is too short to read as English
    assert math.isnan(out.loc[1, "polarity"])
    assert "lang=und" in out.loc[1, "sentiment_note"]
