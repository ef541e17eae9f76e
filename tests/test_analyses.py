"""Frames, time series, keyness and topics on small frames whose answers were worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from coveragekit.frames import FrameScorer, add_frames, frame_shares, score_frames
from coveragekit.timeseries import keyness, period_counts, period_means, period_start
from coveragekit.topics import TopicModel, add_topics, choose_n_topics, topic_table

LEX = pd.DataFrame(
    [
        ("legality", "war powers", "en"),
        ("legality", "due process", "en"),
        ("security_military", "boat strike*", "en"),
        ("security_military", "destroyer*", "en"),
        ("sovereignty", "soberan*", "es"),
        ("sovereignty", "sovereignty", "en"),
        ("economy_trade", "tariff*", "en"),
        ("economy_trade", "arancel*", "es"),
    ],
    columns=["frame", "term", "lang"],
)


def _arts(rows):
    df = pd.DataFrame(rows, columns=["article_id", "title", "text", "lang"])
    df["published_at"] = pd.Timestamp("2025-09-02", tz="UTC")
    return df


def test_frame_terms_multiword_prefix_accents_and_length_normalisation():
    arts = _arts([
        ("a", "War Powers vote", "Senators debated the war  powers resolution and due process after the boat strikes.", "en"),
        ("b", "", "La SOBERANÍA nacional y los aranceles: defender la soberania.", "es"),
        ("c", "Workers strike", "The union strike closed the plant.", "en"),
    ])
    s = score_frames(arts, lexicon=LEX)
    got = {(r.article_id, r.frame): r.n for r in s.itertuples()}
    # a: "War Powers" (title) + "war  powers" + "due process" = 3 legality; "boat strikes" = 1 security
    # b: "SOBERANÍA", "soberania" = 2 sovereignty (es); "aranceles" = 1 trade
    # c: a labour "strike" is no frame term
    assert got == {("a", "legality"): 3, ("a", "security_military"): 1,
                   ("b", "sovereignty"): 2, ("b", "economy_trade"): 1}
    # a has 3 title words + 13 text words = 16 words
    a_leg = s[(s.article_id == "a") & (s.frame == "legality")].score.iloc[0]
    assert a_leg == pytest.approx(1000 * 3 / 16)
    framed = add_frames(arts, lexicon=LEX)
    assert list(framed["dominant_frame"]) == ["legality", "sovereignty", ""]
    assert "dominant_frame" not in arts.columns  # input untouched


def test_undetermined_language_uses_every_language():
    scorer = FrameScorer(LEX)
    assert scorer.count("tariff y arancel", "und") == {"economy_trade": 2}
    assert scorer.count("tariff y arancel", "es") == {"economy_trade": 1}


def test_frame_shares_by_period():
    df = pd.DataFrame({
        "published_at": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-01-30", "2025-02-01"], utc=True),
        "dominant_frame": ["legality", "legality", "", "sovereignty"],
    })
    sh = frame_shares(df)
    jan = sh[sh["period"] == pd.Timestamp("2025-01-01")].set_index("frame")["share"].to_dict()
    assert jan == {"(none)": pytest.approx(1 / 3), "legality": pytest.approx(2 / 3)}


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


DOCS = [
    "tariff steel export trade talks", "tariff trade deal steel exporters", "export tariff trade steel",
    "navy destroyer caribbean boat strike", "boat strike navy caribbean survivors", "navy boat destroyer strike",
    "tariff export trade steel deal", "caribbean navy strike boat destroyer",
]


def test_topic_model_follows_sklearn_conventions():
    tm = TopicModel(n_topics=2, min_df=1, random_state=0)
    assert clone(tm).get_params() == tm.get_params()
    with pytest.raises(NotFittedError):
        tm.transform(DOCS)
    assert tm.fit(DOCS) is tm
    w = tm.transform(DOCS)
    assert w.shape == (8, 2)
    assert np.allclose(w.sum(axis=1), 1.0)
    groups = w.argmax(axis=1)
    assert len(set(groups[[0, 1, 2, 6]])) == 1 and len(set(groups[[3, 4, 5, 7]])) == 1
    assert groups[0] != groups[3]
    assert list(tm.get_feature_names_out()) == ["topic_0", "topic_1"]
    trade = groups[0]
    assert {"tariff", "trade", "steel", "export"} <= set(tm.top_terms_[trade][:5])


def test_same_seed_same_topics_and_input_untouched():
    df = pd.DataFrame({"article_id": list("abcdefgh"), "title": [""] * 8, "text": DOCS})
    before = df.copy()
    a = add_topics(df, n_topics=2, random_state=3)
    b = add_topics(df, n_topics=2, random_state=3)
    pd.testing.assert_frame_equal(df, before)
    assert list(a["topic"]) == list(b["topic"])
    assert np.array_equal(a["topic_weight"].to_numpy(), b["topic_weight"].to_numpy())
    assert a.attrs == {}  # no model rides along in the frame
    model = TopicModel(n_topics=2, random_state=3).fit(df)
    c = add_topics(df, model=model)
    assert list(c["topic"]) == list(a["topic"])
    t = topic_table(model, model.transform(df))
    assert t["n_articles"].sum() == 8


def test_lda_option_and_choice_of_n_reports_evidence():
    tm = TopicModel(n_topics=2, method="lda", min_df=1, random_state=0).fit(DOCS * 3)
    assert tm.transform(DOCS).shape == (8, 2)
    ev = choose_n_topics(DOCS * 3, candidates=(2, 3), seeds=(0, 1))
    assert list(ev.columns) == ["n_topics", "stability", "coherence", "smallest_topic", "recommended"]
    assert ev["recommended"].sum() == 1
    assert ((ev["stability"] >= 0) & (ev["stability"] <= 1)).all()


def test_keyness_counts_leave_out_spanish_stop_words_on_spanish_text():
    from coveragekit.timeseries import word_counts

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
