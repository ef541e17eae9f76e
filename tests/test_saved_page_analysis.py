"""On a saved news page (with the boilerplate real pages carry), the actors, the quoted
speaker and the sentiment come out as a reader of the page would say they should."""

from pathlib import Path

import pytest
from textblob import TextBlob

import coveragekit as ck

PAGE = Path(__file__).parent / "fixtures" / "io" / "saved_page.html"


@pytest.fixture(scope="module")
def article():
    return ck.load(PAGE).articles


def test_actors_named_on_the_page(article):
    got = dict(zip(ck.find_mentions(article)["actor"], ck.find_mentions(article)["n"]))
    # Read off the page: headline "Mexico rejects any US military action on its soil";
    # dateline MEXICO CITY; Sheinbaum twice; Mexico in "of Mexico", "Mexico had been informed",
    # "Mexico would not accept" (+ the headline) = 4; "the Pentagon"; "US personnel" (the country);
    # "US military" (headline) and "US forces" = 2. The menus and link lists are gone, so
    # "Peso steadies" or "Navy expands patrols" count for nothing.
    assert got == {"Claudia Sheinbaum": 2, "Mexico": 4, "Mexico City": 1, "Pentagon": 1,
                   "US military": 2, "United States": 1}


def test_the_quoted_speaker_is_sheinbaum(article):
    q = ck.find_quotes(article)
    assert list(zip(q["speaker"], q["actor"], q["quote"], q["cue"])) == [
        ("Claudia Sheinbaum", "Claudia Sheinbaum", "no invasion", "said")]


def test_sentiment_is_textblobs_on_the_article_body(article):
    scored = ck.add_sentiment(article)
    expected = TextBlob(article["text"].iloc[0]).sentiment
    assert scored["polarity"].iloc[0] == expected.polarity
    assert scored["subjectivity"].iloc[0] == expected.subjectivity
    assert scored["sentiment_basis"].iloc[0] == "text"
