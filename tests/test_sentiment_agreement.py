"""sentiment_agreement (coveragekit.sentiment.agreement), figures worked out by hand."""

import numpy as np
import pandas as pd
import pytest
from sentiment_texts import mixed_articles

from coveragekit.sentiment import agreement as S


@pytest.fixture
def articles():
    return mixed_articles()


def test_sentiment_agreement_reports_correlations_and_signs():
    df = pd.DataFrame(
        {
            "outlet": ["a", "a", "a", "b", "b", "b", "b"],
            "polarity": [0.1, 0.5, -0.4, 0.3, -0.2, 0.6, np.nan],
            "vader_compound": [0.2, 0.9, -0.8, -0.5, 0.4, 0.01, 0.7],
        }
    )
    both = S.sentiment_agreement(df, by="outlet")
    assert list(both.columns) == [
        "outlet",
        "n",
        "pearson",
        "spearman",
        "sign_agreement",
        "opposite_sign",
    ]
    a, b = both.iloc[0], both.iloc[1]
    # outlet a: same order, same signs
    assert (a["outlet"], a["n"], a["spearman"], a["sign_agreement"], a["opposite_sign"]) == (
        "a",
        3,
        pytest.approx(1.0),
        1.0,
        0.0,
    )
    assert a["pearson"] > 0.9
    # outlet b: the NaN row is left out; 0.01 is neutral (|x| <= 0.05); two opposite signs
    assert b["n"] == 3
    assert b["sign_agreement"] == 0.0
    assert b["opposite_sign"] == pytest.approx(2 / 3)
    assert b["spearman"] == pytest.approx(-0.5)
    overall = S.sentiment_agreement(df)
    assert overall.loc[0, "n"] == 6


def test_sentiment_agreement_computes_missing_scores(articles):
    out = S.sentiment_agreement(articles)
    # english, title-only, blank-text and und-english are scored by both instruments
    assert out.loc[0, "n"] == 4


# ------------------------------------------------------------------ sentences and actors
