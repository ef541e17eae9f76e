"""The interactive charts' tables (what a chart shows, and what the report's explorer
computes in the browser) and the Altair charts built on them."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from coveragekit import interactive as ex


def _arts(instrument=True):
    # January: two US articles (0.1 by TextBlob, 0.5 by the Spanish lexicon), one Mexico (0.3);
    # March: two Mexico articles (0.0 and 0.4, TextBlob) and one without a score
    d = pd.DataFrame({
        "article_id": list("abcdef"),
        "published_at": pd.to_datetime(["2025-01-03", "2025-01-10", "2025-01-20", "2025-03-01", "2025-03-02",
                                        "2025-03-05"], utc=True),
        "outlet_group": ["US", "US", "Mexico", "Mexico", "Mexico", "US"],
        "polarity": [0.1, 0.5, 0.3, 0.0, 0.4, np.nan],
        "dominant_frame": ["legality", "security", "legality", "", "legality", "legality"],
        "topic_label": ["a", "b", "a", "a", "", "b"],
    })
    if instrument:
        d["sentiment_instrument"] = ["textblob-en", "coveragekit-es", "textblob-en", "textblob-en", "textblob-en", ""]
    return d


def test_volume_table_lists_every_month_with_its_end():
    t = ex.volume_table(_arts())
    assert t.values.tolist() == [["2025-01-01", "2025-02-01", 3], ["2025-02-01", "2025-03-01", 0],
                                 ["2025-03-01", "2025-04-01", 3]]


def test_sentiment_is_split_by_instrument_and_never_averaged_across_them():
    t = ex.sentiment_table(_arts(), min_n=2)
    got = {(r.instrument, r.group, r.period): (round(r.mean, 6), r.n, r.few) for r in t.itertuples()}
    assert got == {
        ("coveragekit-es", "US", "2025-01-01"): (0.5, 1, True),
        ("textblob-en", "Mexico", "2025-01-01"): (0.3, 1, True),
        ("textblob-en", "Mexico", "2025-03-01"): (0.2, 2, False),
        ("textblob-en", "US", "2025-01-01"): (0.1, 1, True),
    }
    two = t[(t["group"] == "Mexico") & (t["period"] == "2025-03-01")].iloc[0]
    # sd of (0.0, 0.4) = 0.2828; t(0.975, 1) = 12.706; half-width = 12.706 * 0.2828 / sqrt(2) = 2.5412
    assert two["hi"] - two["mean"] == pytest.approx(2.5412, abs=1e-3)


def test_sentiment_without_an_instrument_column_is_one_unnamed_instrument():
    t = ex.sentiment_table(_arts(instrument=False), min_n=2)
    assert set(t["instrument"]) == {""}
    us_jan = t[(t["group"] == "US") & (t["period"] == "2025-01-01")].iloc[0]
    assert us_jan["mean"] == pytest.approx(0.3) and us_jan["n"] == 2  # (0.1 + 0.5) / 2


def test_frames_table_stacks_shares_per_group():
    t = ex.frames_table(_arts())
    # Mexico: legality 2 of 2 framed articles; US: legality 2, security 1 of 3
    rows = {(r.group, r.frame): (r.n, round(r.share, 4), round(r.x0, 4), round(r.x1, 4)) for r in t.itertuples()}
    assert rows == {("Mexico", "legality"): (2, 1.0, 0.0, 1.0), ("US", "legality"): (2, 0.6667, 0.0, 0.6667),
                    ("US", "security"): (1, 0.3333, 0.6667, 1.0)}


def test_topics_table_leaves_out_articles_without_a_topic():
    t = ex.topics_table(_arts())
    march = t[t["period"] == "2025-03-01"]
    assert march[["topic", "n"]].values.tolist() == [["a", 1], ["b", 1]]  # the "" topic is not a topic
    assert march["share"].tolist() == [0.5, 0.5]


def test_actors_table_shares_are_of_all_the_periods_articles():
    arts = _arts()
    mentions = pd.DataFrame({"article_id": ["a", "a", "b", "d", "e"], "actor": ["Trump", "Mexico", "Trump", "Trump", "Sonora"],
                             "kind": ["person", "country", "person", "person", "place"], "n": [2, 1, 1, 1, 1]})
    t = ex.actors_table(mentions, arts, top=2)
    rows = {(r.actor, r.period): (r.rank, r.n, round(r.share, 4)) for r in t.itertuples()}
    # Trump: 2 of January's 3 articles, 1 of March's 3; Mexico 1 of 3 in January; the place is left out
    assert rows == {("Trump", "2025-01-01"): (0, 2, 0.6667), ("Trump", "2025-03-01"): (0, 1, 0.3333),
                    ("Mexico", "2025-01-01"): (1, 1, 0.3333)}


def test_events_in_the_lane_are_staggered_when_close():
    ev = pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-03", "2025-09-01"], utc=True),
                       "label": ["a", "b", "c", "d"], "source": ["s", "s", "s", "s"]})
    t = ex.events_table(ev, start="2025-01-01", end="2026-01-01", width=760)
    assert t["num"].tolist() == [1, 2, 3, 4]
    assert t["lane"].tolist() == [0, 1, 2, 0]  # a day apart is ~2 px apart at this width


def test_charts_are_altair_charts_with_tooltips():
    chart = ex.sentiment_chart(_arts(), min_n=2)
    spec = chart.to_dict()
    assert "facet" in spec  # two instruments: one panel each
    assert spec["facet"]["row"]["field"] == "instrument"
    tips = [t["field"] for t in spec["spec"]["layer"][3]["encoding"]["tooltip"]]
    assert {"mean", "lo", "hi", "n", "group", "instrument"} <= set(tips)
    one = ex.sentiment_chart(_arts(instrument=False), min_n=2).to_dict()
    assert "facet" not in one and "layer" in one


def test_offline_renderer_has_a_stable_plain_text_form():
    import altair as alt

    before = alt.renderers.active
    try:
        ex.offline()
        bundle = ex.volume_chart(_arts())._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        assert bundle["text/plain"] == "<interactive chart: Vega-Lite>"
        assert "application/vnd.vegalite.v5+json" in bundle
    finally:
        alt.renderers.enable(before)


def test_importing_the_kit_does_not_import_altair():
    code = "import sys, coveragekit; print('altair' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
