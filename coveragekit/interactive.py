"""Interactive charts (Vega-Lite, written with Altair) for JupyterLab and the report.

Each chart has two halves. A ``*_table`` function aggregates the article tables with
pandas: these are the numbers a chart shows, and the report's explorer computes the same
tables in the browser for the articles its filters leave. A ``*_chart`` function draws
such a table and returns an Altair chart with tooltips (hover a bar or a point to read its
number and n). :func:`explore` puts the charts of one analysis together, with a brush on
the volume chart that filters the time charts and a menu for the outlet group.

Altair is imported when a chart is made, so ``import coveragekit`` stays fast. In
JupyterLab call :func:`offline` once: the charts are then drawn by JupyterLab's own
Vega-Lite, with no request to a server, and their plain-text form is one stable line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import PERIOD_STEPS, period_start
from .plot import LANE_GAP, color_for, event_lanes
from .timeseries import period_means

__all__ = [
    "volume_table", "events_table", "sentiment_table", "topics_table", "actors_table", "frames_table",
    "keyness_table", "volume_chart", "sentiment_chart", "topics_chart", "actors_chart", "frames_chart",
    "keyness_chart", "explore", "offline", "instruments",
]

#: Width of one chart in pixels (the report's column is a little wider).
WIDTH = 760
#: The column that names the instrument behind each polarity score, when the analysis has one.
INSTRUMENT = "sentiment_instrument"


def _alt():
    import altair as alt  # on first use: Altair takes a second to import, and the analysis needs none of it

    return alt


def _iso(ts) -> pd.Series:
    return pd.to_datetime(ts).dt.strftime("%Y-%m-%d")


def _period_end(start: pd.Series, period: str) -> pd.Series:
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
            "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[period]
    return pd.to_datetime(start) + step


def instruments(articles: pd.DataFrame) -> pd.Series:
    """The instrument that scored each article's polarity: the ``sentiment_instrument``
    column when the analysis has it, else "" for every row (one unnamed instrument).

    Examples
    --------
    >>> d = pd.DataFrame({"polarity": [0.1, 0.2, 0.3]})
    >>> instruments(d).tolist(), instruments(d.assign(sentiment_instrument=["textblob-en", None, "x"])).tolist()
    (['', '', ''], ['textblob-en', '', 'x'])
    """
    if INSTRUMENT in articles.columns:
        return articles[INSTRUMENT].fillna("").astype(str)
    return pd.Series("", index=articles.index, dtype=object)


def volume_table(articles: pd.DataFrame, *, period: str = "month") -> pd.DataFrame:
    """Articles per period: ``period, end, n`` (dates as ``YYYY-MM-DD``; ``end`` is the next
    period's start). Every period from the first to the last is listed, empty ones with 0.

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-05", "2025-03-02"], utc=True)})
    >>> volume_table(d).values.tolist()
    [['2025-01-01', '2025-02-01', 1], ['2025-02-01', '2025-03-01', 0], ['2025-03-01', '2025-04-01', 1]]
    >>> volume_table(d, period="quarter").values.tolist()
    [['2025-01-01', '2025-04-01', 2]]
    """
    p = period_start(articles["published_at"], period)
    if len(p) == 0:
        return pd.DataFrame({"period": [], "end": [], "n": []})
    full = pd.date_range(p.min(), p.max(), freq=PERIOD_STEPS[period])
    n = p.value_counts().reindex(full, fill_value=0)
    return pd.DataFrame({"period": _iso(pd.Series(full)), "end": _iso(_period_end(pd.Series(full), period)),
                         "n": n.to_numpy().astype("int64")})


def events_table(events: pd.DataFrame | None, *, start: str, end: str, width: int = WIDTH) -> pd.DataFrame:
    """The events between ``start`` and ``end`` numbered from 1 in date order, each with the
    row (``lane``) of its number in the staggered event lane of a chart ``width`` px wide.

    Examples
    --------
    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2025-02-01", "2025-02-02", "2026-06-01"], utc=True),
    ...                    "label": ["A", "B", "C"], "event": ["", "", ""], "source": ["", "", ""]})
    >>> events_table(ev, start="2025-01-01", end="2025-12-01")[["num", "date", "lane"]].values.tolist()
    [[1, '2025-02-01', 0], [2, '2025-02-02', 1]]
    """
    cols = ["num", "date", "label", "event", "source", "lane"]
    if events is None or len(events) == 0:
        return pd.DataFrame(columns=cols)
    d = pd.to_datetime(events["date"], utc=True).dt.tz_convert(None)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    keep = (d >= lo) & (d <= hi)
    ev = events[keep.to_numpy()].assign(_d=d[keep]).sort_values("_d", kind="stable").reset_index(drop=True)
    span = max((hi - lo).total_seconds(), 1.0)
    pos = [(t - lo).total_seconds() / span * width for t in ev["_d"]]
    get = lambda c: ev[c].fillna("").astype(str).tolist() if c in ev.columns else [""] * len(ev)
    return pd.DataFrame({"num": np.arange(1, len(ev) + 1), "date": ev["_d"].dt.strftime("%Y-%m-%d").tolist(),
                         "label": get("label"), "event": get("event"), "source": get("source"),
                         "lane": event_lanes(pos, gap=LANE_GAP * 1.4)})


def sentiment_table(articles: pd.DataFrame, *, value: str = "polarity", by: str = "outlet_group",
                    period: str = "month", min_n: int = 5) -> pd.DataFrame:
    """Mean ``value`` per instrument, group and period with its 95% t-interval:
    ``instrument, group, period, mean, lo, hi, n, few``. Scores of different instruments
    are never averaged together; ``few`` marks cells with fewer than ``min_n`` scores.

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-02", "2025-01-20"], utc=True),
    ...                   "outlet_group": ["US", "US"], "polarity": [0.1, 0.3]})
    >>> r = sentiment_table(d).iloc[0]
    >>> r["group"], round(float(r["mean"]), 3), int(r["n"]), bool(r["few"])
    ('US', 0.2, 2, True)
    """
    ins = instruments(articles)
    parts = []
    for name in sorted(ins.unique()):
        sub = articles[(ins == name).to_numpy()]
        m = period_means(sub, value, period=period, by=by, min_n=min_n)
        if len(m):
            parts.append(pd.DataFrame({"instrument": name, "group": m["group"].astype(str),
                                       "period": _iso(m["period"]), "mean": m["value"], "lo": m["ci_low"],
                                       "hi": m["ci_high"], "n": m["n"].astype("int64"), "few": m["too_few"]}))
    if not parts:
        return pd.DataFrame(columns=["instrument", "group", "period", "mean", "lo", "hi", "n", "few"])
    return pd.concat(parts, ignore_index=True).sort_values(["instrument", "group", "period"], kind="stable",
                                                           ignore_index=True)


def _shares(articles: pd.DataFrame, column: str, period: str) -> pd.DataFrame:
    d = pd.DataFrame({"period": period_start(articles["published_at"], period), "v": articles[column].astype(str)})
    d = d[d["v"] != ""]
    g = d.groupby(["period", "v"]).size().rename("n").reset_index()
    g["share"] = g["n"] / g.groupby("period")["n"].transform("sum")
    g["y1"] = g.groupby("period")["share"].cumsum()
    return pd.DataFrame({"period": _iso(g["period"]), "end": _iso(_period_end(g["period"], period)), "value": g["v"],
                         "n": g["n"].astype("int64"), "share": g["share"], "y0": g["y1"] - g["share"],
                         "y1": g["y1"]})


def topics_table(articles: pd.DataFrame, *, topic: str = "topic_label", period: str = "month") -> pd.DataFrame:
    """Articles per period and top topic, with the topic's share of the period's articles
    that have a topic: ``period, end, topic, n, share, y0, y1`` (``y0``–``y1``: where the
    topic's bar sits in the period's stack, topics in name order).

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                   "topic_label": ["tariffs", "strikes", "tariffs"]})
    >>> print(topics_table(d)[["period", "topic", "n", "share", "y0"]].to_string(index=False))
        period   topic  n  share  y0
    2025-01-01 tariffs  1    1.0 0.0
    2025-02-01 strikes  1    0.5 0.0
    2025-02-01 tariffs  1    0.5 0.5
    """
    return _shares(articles, topic, period).rename(columns={"value": "topic"})


def actors_table(mentions: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12, period: str = "month",
                 include_places: bool = False) -> pd.DataFrame:
    """For the ``top`` actors named in most articles: articles naming the actor per period
    and their share of all the period's articles: ``period, end, actor, rank, n, share``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...                      "published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True)})
    >>> mentions = pd.DataFrame({"article_id": ["a", "b", "c"], "kind": ["person"] * 3,
    ...                          "actor": ["Claudia Sheinbaum", "Claudia Sheinbaum", "Donald Trump"]})
    >>> print(actors_table(mentions, arts)[["period", "actor", "rank", "n", "share"]].to_string(index=False))
        period             actor  rank  n  share
    2025-01-01 Claudia Sheinbaum     0  1    1.0
    2025-02-01 Claudia Sheinbaum     0  1    0.5
    2025-02-01      Donald Trump     1  1    0.5
    """
    m = mentions if include_places else mentions[mentions["kind"] != "place"]
    per = pd.DataFrame({"article_id": articles["article_id"].astype(str),
                        "period": period_start(articles["published_at"], period)})
    totals = per.groupby("period").size()
    mm = m[["article_id", "actor"]].drop_duplicates().merge(per, on="article_id")
    leaders = mm.groupby("actor")["article_id"].nunique().reset_index()
    leaders = leaders.sort_values(["article_id", "actor"], ascending=[False, True], kind="stable").head(top)
    rank = {a: i for i, a in enumerate(leaders["actor"])}
    g = mm[mm["actor"].isin(rank)].groupby(["period", "actor"]).size().rename("n").reset_index()
    g["share"] = g["n"] / g["period"].map(totals)
    out = pd.DataFrame({"period": _iso(g["period"]), "end": _iso(_period_end(g["period"], period)),
                        "actor": g["actor"].astype(str), "rank": g["actor"].map(rank).astype("int64"),
                        "n": g["n"].astype("int64"), "share": g["share"]})
    return out.sort_values(["rank", "period"], kind="stable", ignore_index=True)


def frames_table(articles: pd.DataFrame, *, by: str = "outlet_group", frame: str = "dominant_frame") -> pd.DataFrame:
    """Articles per group and dominant frame, with the frame's share of the group's
    articles that have a frame: ``group, frame, n, share, x0, x1`` (the bar's place in the
    group's stack, frames in name order).

    Examples
    --------
    >>> d = pd.DataFrame({"outlet_group": ["US", "US", "Mexico"],
    ...                   "dominant_frame": ["legality", "sovereignty", "sovereignty"]})
    >>> print(frames_table(d).to_string(index=False))
     group       frame  n  share  x0  x1
    Mexico sovereignty  1    1.0 0.0 1.0
        US    legality  1    0.5 0.0 0.5
        US sovereignty  1    0.5 0.5 1.0
    """
    d = pd.DataFrame({"group": articles[by].astype(str), "frame": articles[frame].astype(str)})
    d = d[d["frame"] != ""]
    g = d.groupby(["group", "frame"]).size().rename("n").reset_index()
    g["share"] = g["n"] / g.groupby("group")["n"].transform("sum")
    g["x1"] = g.groupby("group")["share"].cumsum()
    g["x0"] = g["x1"] - g["share"]
    g["n"] = g["n"].astype("int64")
    return g[["group", "frame", "n", "share", "x0", "x1"]]


def keyness_table(keyness: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """The ``top`` words most typical of each group in each language (highest z):
    ``group, lang, panel, word, z, n_group, n_rest``; ``panel`` names the group and, when
    keyness was computed per language, the language ("Mexico · es").

    Examples
    --------
    >>> k = pd.DataFrame({"group": ["US", "US", "Mexico"], "word": ["strike", "soberania", "soberania"],
    ...                   "z": [2.5, -3.0, 3.0], "n_group": [4, 0, 6], "n_rest": [0, 6, 0], "lang": ["en", "en", "es"]})
    >>> keyness_table(k)[["panel", "word"]].values.tolist()
    [['US · en', 'strike'], ['Mexico · es', 'soberania']]
    """
    k = keyness.copy()
    if "lang" not in k.columns:
        k["lang"] = ""
    k["lang"] = k["lang"].fillna("").astype(str)
    k["panel"] = [f"{g} · {lang}" if lang else str(g) for g, lang in zip(k["group"], k["lang"])]
    k = k.sort_values(["lang", "group", "z", "word"], ascending=[True, True, False, True], kind="stable")
    k = k[k["z"] > 0].groupby(["lang", "group"]).head(top)
    return k[["group", "lang", "panel", "word", "z", "n_group", "n_rest"]].reset_index(drop=True)


# --- charts -------------------------------------------------------------------------------

def _colors(names):
    alt = _alt()
    cmap = color_for(names)
    dom = sorted(cmap)
    return alt.Scale(domain=dom, range=[cmap[n] for n in dom])


def _span(table, span):
    """The time span a chart's x axis shows: given, or the table's first to last period."""
    if span is not None or table is None or len(table) == 0:
        return span
    return (str(table["period"].min()), str(table["end"].max()))


def _x(field="period", title=None, span=None, period="month"):
    """A UTC time axis; over ``span`` (first period start, last period end) when given, so
    a filtered chart keeps its axis, with a tick per month (per quarter beyond two years)."""
    alt = _alt()
    axis = {"format": "%b %Y", "labelAngle": 0, "labelOverlap": True}
    if span is not None and period == "month":
        a, b = (pd.Timestamp(v) for v in span)
        months = (b.year - a.year) * 12 + b.month - a.month
        axis["tickCount"] = {"interval": "month", "step": 1 if months <= 24 else 3}
    return alt.X(f"{field}:T", title=title, scale=_scale(span), axis=alt.Axis(**axis))


def _scale(span):
    alt = _alt()
    if span is None:
        return alt.Scale(type="utc")
    # domainMin/Max in milliseconds (UTC): a "domain" list conflicts with the x2 channel in Vega-Lite
    lo, hi = (int(pd.Timestamp(v, tz="UTC").value // 1_000_000) for v in span)
    return alt.Scale(type="utc", domainMin=lo, domainMax=hi)


def _period_tip(field="period"):
    return _alt().Tooltip(f"{field}:T", title="period", format="%b %Y", formatType="utc")


def _data(table, name):
    """A table drawn from inline values, or (``table=None``) a named data set that the
    report's explorer fills in the browser."""
    alt = _alt()
    return alt.NamedData(name=name) if table is None else table


def volume_chart(articles: pd.DataFrame | None = None, *, events: pd.DataFrame | None = None,
                 period: str = "month", table: pd.DataFrame | None = None, brush: bool = True, width: int = WIDTH,
                 span=None):
    """Articles per period as bars, with the events in a numbered lane above them (hover an
    event for its label, date and source) and a brush to select a span of periods.

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-05", "2025-03-02"], utc=True)})
    >>> volume_chart(d).to_dict()["vconcat"][1]["layer"][0]["mark"]["type"]
    'rect'
    """
    alt = _alt()
    if table is None and articles is not None:
        table = volume_table(articles, period=period)
    ev = None
    if events is not None and table is not None and len(table):
        ev = events_table(events, start=table["period"].iloc[0], end=table["end"].iloc[-1], width=width)
    span = _span(table, span)
    sel = alt.selection_interval(encodings=["x"], name="brush") if brush else None
    bars = alt.Chart(_data(table, "volume")).mark_rect(color="#0072B2", stroke="white", strokeWidth=0.5).encode(
        x=_x(title=None, span=span, period=period), x2="end:T", y=alt.Y("n:Q", title=f"articles per {period}"),
        y2=alt.datum(0),
        tooltip=[_period_tip(), alt.Tooltip("n:Q", title="articles")])
    if sel is not None:
        # the report's explorer marks the selected periods itself (field "on": the bar's middle
        # inside the band); here Vega-Lite's own test (the period's start inside the band)
        test = "datum.on" if table is None else sel
        bars = bars.add_params(sel).encode(opacity=alt.condition(test, alt.value(1.0), alt.value(0.35)))
    ev_data = _data(ev if table is not None else None, "events")
    ev_tips = [alt.Tooltip("num:Q", title="event"), alt.Tooltip("label:N"), alt.Tooltip("date:T", format="%d %b %Y",
               formatType="utc"), alt.Tooltip("source:N")]
    rules = alt.Chart(ev_data).mark_rule(color="#555555", strokeDash=[2, 3]).encode(x=alt.X("date:T", scale=_scale(span)), tooltip=ev_tips)
    lane = alt.Chart(ev_data).mark_text(fontSize=10, color="#333333").encode(
        x=alt.X("date:T", axis=None, scale=_scale(span)), y=alt.Y("lane:O", axis=None, scale=alt.Scale(paddingOuter=0.2)),
        text="num:Q", tooltip=ev_tips).properties(width=width, height=34)
    lane = lane + alt.Chart(ev_data).mark_rule(color="#bbbbbb", strokeDash=[2, 3]).encode(x=alt.X("date:T", scale=_scale(span)))
    body = alt.layer(bars, rules).properties(width=width, height=200)
    return alt.vconcat(lane.properties(title="Events (numbered; hover for the label and source)"), body,
                       spacing=2).resolve_scale(x="independent")  # one domain, set on both


def sentiment_chart(articles: pd.DataFrame | None = None, *, period: str = "month", min_n: int = 5,
                    table: pd.DataFrame | None = None, groups=None, instrument_names=None, width: int = WIDTH,
                    span=None):
    """Mean polarity per period and outlet group with 95% intervals; hollow points rest on
    fewer than ``min_n`` scores and get no interval. With more than one instrument (an
    analysis with ``sentiment_instrument``), one panel per instrument: their scales differ.

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                   "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> spec = sentiment_chart(d, min_n=1).to_dict()
    >>> sorted(r["group"] for r in spec["datasets"][next(iter(spec["datasets"]))])
    ['Mexico', 'US', 'US']
    """
    alt = _alt()
    if table is None and articles is not None:
        table = sentiment_table(articles, period=period, min_n=min_n)
    if groups is None:
        groups = sorted(table["group"].unique()) if table is not None else []
    if instrument_names is None:
        instrument_names = sorted(table["instrument"].unique()) if table is not None else [""]
    color = alt.Color("group:N", title="outlet group", scale=_colors(groups))
    tips = [alt.Tooltip("group:N", title="outlet group"), _period_tip(), alt.Tooltip("mean:Q", format=".3f"),
            alt.Tooltip("lo:Q", title="95% interval from", format=".3f"),
            alt.Tooltip("hi:Q", title="95% interval to", format=".3f"), alt.Tooltip("n:Q", title="n scored")]
    if len([i for i in instrument_names if i]) > 0:
        tips.insert(1, alt.Tooltip("instrument:N"))
    if span is None and table is not None and len(table):
        ends = _period_end(pd.to_datetime(table["period"]), period)
        span = (str(table["period"].min()), ends.max().strftime("%Y-%m-%d"))
    base = alt.Chart().encode(x=_x(title=None, span=span, period=period), color=color)
    y = alt.Y("mean:Q", title="mean polarity")
    line = base.mark_line(strokeWidth=1.5).encode(y=y)
    bar = base.mark_rule(strokeWidth=1.2, opacity=0.6).encode(y="lo:Q", y2="hi:Q").transform_filter(
        "!datum.few && isValid(datum.lo)")
    full = base.mark_point(filled=True, size=40, opacity=1).encode(y=y, tooltip=tips).transform_filter("!datum.few")
    hollow = base.mark_point(filled=False, size=40, fill="white", opacity=1).encode(y=y, tooltip=tips + [
        alt.Tooltip("few:N", title=f"fewer than {min_n} scores")]).transform_filter("datum.few")
    zero = alt.Chart().mark_rule(color="#333333", strokeWidth=0.6).encode(y=alt.datum(0))
    layers = alt.layer(zero, bar, line, full, hollow, data=_data(table, "sentiment")).properties(
        width=width, height=220)
    if len(instrument_names) > 1:
        return layers.facet(row=alt.Row("instrument:N", title="instrument (scales differ: read each panel alone)")
                            ).resolve_scale(y="independent")
    return layers


def _stacked_time(table, name, field, title, names, width, ytitle, span, period):
    alt = _alt()
    return alt.Chart(_data(table, name)).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=_x(title=None, span=_span(table, span), period=period), x2="end:T", y=alt.Y("y0:Q", title=ytitle, axis=alt.Axis(format="%"),
                                              scale=alt.Scale(domain=[0, 1])), y2="y1:Q",
        color=alt.Color(f"{field}:N", title=title, scale=_colors(names), legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip(f"{field}:N", title=title), _period_tip(), alt.Tooltip("n:Q", title="articles"),
                 alt.Tooltip("share:Q", format=".0%")]).properties(width=width - 180, height=200)


def topics_chart(articles: pd.DataFrame | None = None, *, period: str = "month", table: pd.DataFrame | None = None,
                 topics=None, width: int = WIDTH, span=None):
    """Share of each period's articles by top topic, as stacked bars (hover for n).

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                   "topic_label": ["tariffs", "strikes", "tariffs"]})
    >>> spec = topics_chart(d).to_dict()
    >>> spec["encoding"]["color"]["scale"]["domain"]
    ['strikes', 'tariffs']
    """
    if table is None and articles is not None:
        table = topics_table(articles, period=period)
    names = topics if topics is not None else sorted(table["topic"].unique())
    return _stacked_time(table, "topics", "topic", "topic", names, width, "share of articles", span, period)


def actors_chart(mentions: pd.DataFrame | None = None, articles: pd.DataFrame | None = None, *, top: int = 12,
                 period: str = "month", table: pd.DataFrame | None = None, width: int = WIDTH, span=None):
    """A heatmap of the share of each period's articles that name each of the ``top`` actors
    (hover for n; in the report, click a row to select the actor).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...                      "published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True)})
    >>> mentions = pd.DataFrame({"article_id": ["a", "b", "c"], "kind": ["person"] * 3,
    ...                          "actor": ["Claudia Sheinbaum", "Claudia Sheinbaum", "Donald Trump"]})
    >>> spec = actors_chart(mentions, arts).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["y"]["field"]
    ('rect', 'actor')
    """
    alt = _alt()
    if table is None and mentions is not None:
        table = actors_table(mentions, articles, top=top, period=period)
    return alt.Chart(_data(table, "actors")).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=_x(title=None, span=_span(table, span), period=period), x2="end:T",
        y=alt.Y("actor:N", title=None, sort=alt.EncodingSortField("rank", order="ascending")),
        color=alt.Color("share:Q", title="share of articles", scale=alt.Scale(scheme="blues", domainMin=0),
                        legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("actor:N"), _period_tip(), alt.Tooltip("n:Q", title="articles naming it"),
                 alt.Tooltip("share:Q", format=".0%", title="share of the period's articles")],
    ).properties(width=width - 200, height=alt.Step(16))


def frames_chart(articles: pd.DataFrame | None = None, *, table: pd.DataFrame | None = None, frames=None,
                 groups=None, width: int = WIDTH):
    """Dominant frame by outlet group, as stacked shares (hover for n).

    Examples
    --------
    >>> d = pd.DataFrame({"outlet_group": ["US", "US", "Mexico"],
    ...                   "dominant_frame": ["legality", "sovereignty", "sovereignty"]})
    >>> spec = frames_chart(d).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["color"]["scale"]["domain"]
    ('bar', ['legality', 'sovereignty'])
    """
    alt = _alt()
    if table is None and articles is not None:
        table = frames_table(articles)
    names = frames if frames is not None else sorted(table["frame"].unique())
    return alt.Chart(_data(table, "frames")).mark_bar(stroke="white", strokeWidth=0.5).encode(
        y=alt.Y("group:N", title="outlet group", sort=groups),
        x=alt.X("x0:Q", title="share of the group's articles with a frame", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])), x2="x1:Q",
        color=alt.Color("frame:N", title="dominant frame", scale=_colors(names)),
        tooltip=[alt.Tooltip("group:N", title="outlet group"), alt.Tooltip("frame:N"),
                 alt.Tooltip("n:Q", title="articles"), alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=width - 260, height=alt.Step(22))


def keyness_chart(keyness: pd.DataFrame | None = None, *, top: int = 10, table: pd.DataFrame | None = None,
                  groups=None, panels=None, width: int = WIDTH):
    """The words most typical of each outlet group (weighted log-odds z), one panel per group.

    Examples
    --------
    >>> k = pd.DataFrame({"group": ["US", "US", "Mexico"], "word": ["strike", "soberania", "soberania"],
    ...                   "z": [2.5, -3.0, 3.0], "n_group": [4, 0, 6], "n_rest": [0, 6, 0], "lang": ["en", "en", "es"]})
    >>> keyness_chart(k).to_dict()["facet"]["sort"]  # languages in order, then groups
    ['US · en', 'Mexico · es']
    """
    alt = _alt()
    if table is None and keyness is not None:
        table = keyness_table(keyness, top=top)
    if groups is None:
        groups = sorted(table["group"].unique()) if table is not None else []
    if panels is None:
        panels = list(dict.fromkeys(table["panel"])) if table is not None and "panel" in table else list(groups)
    cols = max(1, min(4, len(panels)))
    return alt.Chart(_data(table, "keyness")).mark_bar().encode(
        y=alt.Y("word:N", title=None, sort="-x"), x=alt.X("z:Q", title="z (weighted log-odds)"),
        color=alt.Color("group:N", scale=_colors(groups), legend=None),
        tooltip=[alt.Tooltip("group:N", title="outlet group"), alt.Tooltip("word:N"), alt.Tooltip("z:Q", format=".2f"),
                 alt.Tooltip("n_group:Q", title="uses in group"), alt.Tooltip("n_rest:Q", title="uses in the rest")],
    ).properties(width=max(120, (width - 80 * cols) // cols), height=alt.Step(14)).facet(
        facet=alt.Facet("panel:N", title=None, sort=panels), columns=cols).resolve_scale(y="independent")


def explore(analysis, *, top_actors: int = 12):
    """All the charts of an :class:`~coveragekit.pipeline.Analysis`, one under the other: the
    brush on the volume chart (drag across it) filters the sentiment, topic and actor charts
    to the periods selected; the menu under the charts picks an outlet group for the
    sentiment, frame and keyness charts. Hover any mark for its number and n.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet_group": ["US", "Mexico", "US"],
    ...                      "published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "polarity": [0.1, -0.2, 0.3], "topic_label": ["tariffs", "strikes", "tariffs"],
    ...                      "dominant_frame": ["legality", "sovereignty", ""]})
    >>> analysis = SimpleNamespace(articles=arts, events=None, summary={}, mentions=pd.DataFrame(),
    ...                            keyness=pd.DataFrame())
    >>> len(explore(analysis).to_dict()["vconcat"])  # volume, sentiment, topics, frames: no actors, no keyness
    4
    """
    alt = _alt()
    arts, period = analysis.articles, analysis.summary.get("parameters", {}).get("period", "month")
    groups = sorted(arts["outlet_group"].astype(str).unique())
    pick = alt.param(name="group_pick", value="(all)",
                     bind=alt.binding_select(options=["(all)"] + groups, name="outlet group "))
    by_group = "group_pick == '(all)' || datum.group == group_pick"
    brush = alt.selection_interval(encodings=["x"], name="brush")
    vol = volume_chart(arts, events=analysis.events, period=period)
    sent = sentiment_chart(arts, period=period).transform_filter(by_group).transform_filter(brush)
    # the menu's parameter sits on the frame chart, not on the sentiment chart: Altair cannot
    # name the parameters of a faceted layer chart (the sentiment chart with one panel per
    # instrument)
    charts = [vol, sent]
    tops = topics_chart(arts, period=period).transform_filter(brush)
    charts.append(tops)
    if len(analysis.mentions):
        charts.append(actors_chart(analysis.mentions, arts, top=top_actors, period=period).transform_filter(brush))
    charts.append(frames_chart(arts, groups=groups).transform_filter(by_group).add_params(pick))
    if len(analysis.keyness):
        kt = keyness_table(analysis.keyness)
        charts.append(keyness_chart(table=kt, groups=groups).transform_filter(by_group))
    return alt.vconcat(*charts, spacing=28).resolve_scale(color="independent", x="independent")


def _render_offline(spec, **_):
    """A chart's outputs for JupyterLab's own Vega-Lite, with one stable line of plain text."""
    spec = dict(spec)
    spec["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json"
    return {"application/vnd.vegalite.v5+json": spec, "text/plain": "<interactive chart: Vega-Lite>"}


def offline():
    """Draw Altair charts in JupyterLab with JupyterLab's own Vega-Lite: no script is
    loaded from a server, and a chart's plain-text output is the stable line
    ``<interactive chart: Vega-Lite>``. Call it once per notebook.

    Examples
    --------
    >>> offline()
    >>> _alt().renderers.active
    'coveragekit'
    """
    alt = _alt()
    alt.renderers.register("coveragekit", _render_offline)
    alt.renderers.enable("coveragekit")
