"""Time series, keyness and outlet groups on small frames whose answers were worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.periods import period_start
from coveragekit.timeseries import keyness, period_counts, period_means, word_counts


def test_period_start_week_and_counts_fill_gaps():
    ts = pd.Series(pd.to_datetime(["2025-09-03T23:00:00-06:00", "2025-09-01T00:00:00Z", "2025-09-21T00:00:00Z"], utc=True))
    # 2025-09-03 23:00 at -06:00 is 2025-09-04 05:00 UTC, a Thursday: its week starts Monday 1 Sept
    assert list(period_start(ts, "week").dt.strftime("%Y-%m-%d")) == ["2025-09-01", "2025-09-01", "2025-09-15"]
    c = period_counts(pd.DataFrame({"published_at": ts}), period="week")
    assert list(c["n"]) == [2, 0, 1]


def test_period_means_interval_and_small_n_flag():
    df = pd.DataFrame({
        "published_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"], utc=True),
        "polarity": [0.0, 0.4, 0.1, 0.1, 0.1, 0.1],
        "group": ["x", "x", "x", "x", "x", None],
    })
    m = period_means(df, "polarity", min_n=3)
    jan = m.iloc[0]
    # mean 0.2, sd 0.2828, n 2, t(1, .975) = 12.706: half width 12.706 * 0.2828 / 1.4142 = 2.541
    assert jan["value"] == pytest.approx(0.2)
    assert jan["ci_high"] - jan["value"] == pytest.approx(12.7062 * math.sqrt(0.08) / math.sqrt(2), rel=1e-4)
    assert bool(jan["too_few"]) is True
    feb = m.iloc[1]
    assert feb["n"] == 4 and feb["ci_low"] == pytest.approx(0.1) and not feb["too_few"]


def test_keyness_matches_the_hand_computation():
    df = pd.DataFrame({"g": ["A", "B"], "text": ["wall wall border", "border coast coast"]})
    k = keyness(df, by="g", alpha0=4.0, min_count=1)
    a = k[k.group == "A"].set_index("word")
    # a_w = 4 * 2/6 = 4/3 for every word; n_A = n_B = 3
    delta_wall = math.log((2 + 4 / 3) / (3 + 4 - 2 - 4 / 3)) - math.log((0 + 4 / 3) / (3 + 4 - 0 - 4 / 3))
    assert a.loc["wall", "delta"] == pytest.approx(delta_wall)
    assert a.loc["wall", "z"] == pytest.approx(delta_wall / math.sqrt(1 / (10 / 3) + 1 / (4 / 3)))
    assert a.loc["border", "delta"] == pytest.approx(0.0)
    assert a.loc["coast", "z"] == pytest.approx(-a.loc["wall", "z"])
    assert list(k[k.group == "A"]["word"]) == ["wall", "border", "coast"]


def test_keyness_counts_leave_out_spanish_stop_words_on_spanish_text():
    df = pd.DataFrame({"g": ["Mexico"], "text": ["La soberanía no se vende, y los cárteles no mandan en el país."]})
    counts = word_counts(df, by="g")["Mexico"]
    # la, no, se, y, los, en, el are Spanish stop words; words are folded (accents removed)
    assert dict(counts) == {"soberania": 1, "vende": 1, "carteles": 1, "mandan": 1, "pais": 1}


def test_period_means_never_average_two_instruments():
    df = pd.DataFrame({
        "published_at": pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-04"], utc=True),
        "polarity": [0.3, 0.1, -0.2],
        "vader_compound": [0.5, np.nan, 0.1],
        "sentiment_instrument": ["textblob-en", "textblob-en", "coveragekit-es"],
    })
    m = period_means(df, "polarity", min_n=1).set_index("instrument")
    assert m.loc["textblob-en", "value"] == pytest.approx(0.2) and m.loc["textblob-en", "n"] == 2
    assert m.loc["coveragekit-es", "value"] == pytest.approx(-0.2) and m.loc["coveragekit-es", "n"] == 1
    # a score the policy does not name (VADER) is not split; instrument=None never splits
    assert period_means(df, "vader_compound", min_n=1)["instrument"].tolist() == [""]
    assert period_means(df, "polarity", min_n=1, instrument=None)["value"].tolist() == [pytest.approx(0.2 / 3)]


def test_unknown_outlets_are_compared_with_each_other():
    arts = ck.load(ck.datasets.demo_paths()).articles
    arts = arts.assign(outlet=arts["outlet"].str.lower().str.replace(" ", "-") + ".news")  # none in the table
    result = ck.run_analysis(arts)
    outlets = arts["outlet"].value_counts()
    biggest = sorted(outlets.index, key=lambda o: (-outlets[o], o))[:7]
    assert set(result.articles["outlet_group"]) == set(biggest) | {"(other outlets)"}
    assert len(result.keyness) and set(result.keyness["group"]) <= set(biggest) | {"(other outlets)"}
    note = next(n for n in result.summary["notes"] if n.startswith("outlet groups:"))
    assert "none of the 9 outlets is in the outlets table" in note
    assert "the other 2 pooled as (other outlets)" in note
    assert "coveragekit outlets FILES --out outlets.csv" in note
