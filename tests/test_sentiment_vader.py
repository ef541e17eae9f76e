"""add_vader (coveragekit.sentiment.vader): VADER's compound score on the rows TextBlob
scores in English, vaderSentiment's own analyser as the expectation."""

import copy
import math

import pandas as pd
import pytest
from sentiment_texts import mixed_articles

from coveragekit.sentiment import vader as S


@pytest.fixture
def articles():
    return mixed_articles()


def test_add_vader_scores_english_rows_only(articles):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    before = copy.deepcopy(articles)
    out = S.add_vader(articles)
    pd.testing.assert_frame_equal(articles, before)
    by = out.set_index("article_id")["vader_compound"]
    vader = SentimentIntensityAnalyzer()
    assert by["english"] == vader.polarity_scores("The plan is not good.")["compound"]
    assert by["title-only"] == vader.polarity_scores("A very good day")["compound"]
    assert by["english"] < 0 < by["title-only"]
    assert math.isnan(by["spanish"]) and math.isnan(by["nothing"])
