"""Charts: what was drawn (line data, bar heights, labels) against the tables, not pixels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from coveragekit import plot as ckplot  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _arts():
    # 3 articles in January (2 US, 1 Mexico), 1 in February (US), 2 in March (Mexico)
    return pd.DataFrame({
        "article_id": list("abcdef"),
        "published_at": pd.to_datetime(["2025-01-03", "2025-01-10", "2025-01-20", "2025-02-14", "2025-03-01",
                                        "2025-03-02"], utc=True),
        "outlet": ["Ledger", "Ledger", "Diario", "Courier", "Diario", "Bulletin"],
        "outlet_group": ["US", "US", "Mexico", "US", "Mexico", "Mexico"],
        "title": ["t1", "t2", "t3", "t4", "t5", "t6"],
        "polarity": [0.1, 0.3, np.nan, -0.2, 0.0, 0.4],
        "dominant_frame": ["legality", "legality", "sovereignty", "", "sovereignty", "legality"],
        "topic_label": ["a", "b", "a", "a", "b", "b"],
        "dup_cluster": ["a", "a", "", "", "", ""],
    })


def test_volume_bars_are_the_monthly_counts_and_events_are_marked():
    events = pd.DataFrame({"date": pd.to_datetime(["2025-02-01", "2026-06-01"], utc=True),
                           "label": ["Designation", "Out of range"]})
    ax = ckplot.plot_volume(_arts(), events=events)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [3, 1, 2]
    assert "n = 6 articles" in ax.get_title()
    assert ax.events_ == [(1, "Designation")]  # the 2026 event is outside the axis
    event_lines = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert len(event_lines) == 1
    assert mdates.num2date(event_lines[0].get_xdata()[0]).strftime("%Y-%m-%d") == "2025-02-01"


def test_volume_by_group_draws_one_line_per_group_with_its_counts():
    ax = ckplot.plot_volume(_arts(), by="outlet_group")
    lines = {ln.get_label(): list(ln.get_ydata()) for ln in ax.get_lines()}
    assert lines == {"Mexico": [1, 0, 2], "US": [2, 1, 0]}


def test_sentiment_line_is_the_mean_per_group():
    ax = ckplot.plot_sentiment(_arts(), by="outlet_group", min_n=2)
    lines = {ln.get_label(): list(np.round(ln.get_ydata(), 6)) for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    # US: Jan mean(0.1, 0.3) = 0.2, Feb -0.2; Mexico: Jan has no score, Mar mean(0.0, 0.4) = 0.2
    assert lines == {"Mexico": [0.2], "US": [0.2, -0.2]}
    assert "n = 5 scored articles" in ax.get_title()


def test_frame_shares_by_outlet_are_row_shares():
    ax = ckplot.plot_frame_shares(_arts(), by="outlet")
    shares = ax.shares_
    assert shares.loc["Diario", "sovereignty"] == 1.0
    assert shares.loc["Ledger", "legality"] == 1.0
    assert "Courier" not in shares.index  # its only article has no frame
    assert "n = 5 articles with a frame" in ax.get_title()


def test_quoted_vs_mentioned_bars():
    shares = pd.DataFrame({"actor": ["Sheinbaum", "Trump", "Rubio"], "n_articles_mentioned": [10, 12, 4],
                           "n_articles_quoted": [6, 2, 1]})
    ax = ckplot.plot_quoted_vs_mentioned(shares)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Rubio", "Sheinbaum", "Trump"]  # most mentioned at the top
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [1, 2, 4, 6, 10, 12]


def test_cooccurrence_draws_the_edges_of_the_table():
    edges = pd.DataFrame({"actor_a": ["A", "A", "B"], "actor_b": ["B", "C", "C"], "n_articles": [5, 1, 3],
                          "weight": [0.5, 0.1, 0.3]})
    ax = ckplot.plot_cooccurrence(edges, min_articles=2)
    assert sorted(map(tuple, ax.edges_[["actor_a", "actor_b"]].to_numpy())) == [("A", "B"), ("B", "C")]
    assert len(ax.get_lines()) == 2
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C"]


def test_keyness_bars_have_the_sign_of_z():
    table = pd.DataFrame({"group": ["US"] * 4, "word": ["border", "wall", "soberania", "pesca"],
                          "n_group": [5, 4, 0, 1], "n_rest": [1, 0, 6, 4], "z": [2.5, 2.0, -3.0, -1.0]})
    ax = ckplot.plot_keyness(table, group="US", top=2)
    got = {t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches)}
    assert got == {"soberania": -3.0, "pesca": -1.0, "wall": 2.0, "border": 2.5}


def test_palette_is_stable_by_name():
    assert ckplot.color_for(["b", "a"]) == {"a": ckplot.PALETTE[0], "b": ckplot.PALETTE[1]}


def test_sentiment_lines_keep_the_instruments_apart():
    # Mexico in March: Diario's 0.0 is a coveragekit-es score, Bulletin's 0.4 a TextBlob one:
    # two lines, never their mean 0.2
    arts = _arts().assign(sentiment_instrument=["textblob-en", "textblob-en", "", "textblob-en",
                                                "coveragekit-es", "textblob-en"])
    ax = ckplot.plot_sentiment(arts, by="outlet_group", min_n=1)
    lines = {ln.get_label(): (list(np.round(ln.get_ydata(), 6)), ln.get_linestyle())
             for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    assert lines == {"Mexico · coveragekit-es": ([0.0], "--"), "Mexico · textblob-en": ([0.4], "-"),
                     "US · textblob-en": ([0.2, -0.2], "-")}
    assert "one line per instrument" in ax.get_title()


def test_event_numbers_overlap_neither_each_other_nor_the_title():
    # five events within ten days, then one alone: the close numbers go to rows of a lane
    events = pd.DataFrame({"date": pd.to_datetime(["2025-02-01", "2025-02-03", "2025-02-05", "2025-02-08",
                                                   "2025-02-10", "2025-03-15"], utc=True),
                           "label": list("abcdef")})
    fig, ax = plt.subplots(figsize=(8, 4), dpi=90)
    ckplot.plot_volume(_arts(), events=events, ax=ax)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text().isdigit()]
    assert [t.get_text() for t in labels] == ["1", "2", "3", "4", "5", "6"]
    boxes = [t.get_window_extent(r) for t in labels]
    title = ax.title.get_window_extent(r)
    for i, a in enumerate(boxes):
        assert not a.overlaps(title)
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    assert len({round(b.y0) for b in boxes}) >= 2  # staggered into rows, not squeezed into one


def test_frame_shares_over_time_keep_the_title_above_the_event_lane():
    events = pd.DataFrame({"date": pd.to_datetime(["2025-02-01", "2025-02-02", "2025-02-03"], utc=True),
                           "label": list("abc")})
    fig, ax = plt.subplots(figsize=(8, 4), dpi=90)
    ckplot.plot_frame_shares(_arts(), events=events, ax=ax)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    title = ax.title.get_window_extent(r)
    assert not any(t.get_window_extent(r).overlaps(title) for t in ax.texts if t.get_text().isdigit())
