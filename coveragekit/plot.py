"""Charts: axes-level matplotlib functions in the manner of seaborn.

Each takes the data first, column roles as keyword-only arguments and ``ax=None``, draws on
one Axes and returns it; none calls ``plt.show()`` or saves. Titles say what is drawn and
how many articles it rests on. Colours come from one colour-blind-safe palette
(Okabe & Ito), used everywhere; every time chart can mark the events of ``events.csv``.
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .periods import period_start
from .timeseries import period_counts, period_means

__all__ = [
    "PALETTE", "color_for", "style", "plot_volume", "plot_sentiment", "plot_topic_shares",
    "plot_topic_terms", "plot_actor_mentions", "plot_cooccurrence", "plot_quoted_vs_mentioned",
    "plot_frame_shares", "plot_keyness", "plot_duplicates", "plot_agreement", "add_events", "event_lanes",
]

#: Okabe & Ito's colour-blind-safe palette, then four of Paul Tol's for longer lists
#: (grey for anything beyond).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#882255", "#44AA99", "#332288", "#999933"]
OTHER = "#999999"

STYLE = {
    "figure.figsize": (8.0, 4.0), "figure.dpi": 80, "savefig.dpi": 100, "axes.spines.top": False,
    "axes.spines.right": False, "axes.titlesize": 11, "axes.titleweight": "bold",
    "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8, "legend.fontsize": 8,
    "legend.frameon": False, "axes.grid": True, "grid.alpha": 0.25, "axes.prop_cycle": plt.cycler(color=PALETTE),
}


def style():
    """A context manager with the kit's chart style: ``with ck.plot.style(): ...``.
    (``plt.rcParams.update(ck.plot.STYLE)`` applies it for a whole notebook.)

    Examples
    --------
    >>> with style():
    ...     plt.rcParams["axes.spines.top"]
    False
    """
    return plt.rc_context(STYLE)


def color_for(names) -> dict:
    """A stable colour per name: sorted names take the palette in order, then grey.

    Examples
    --------
    >>> color_for(["US", "Mexico", "US"])
    {'Mexico': '#0072B2', 'US': '#E69F00'}
    """
    names = sorted({str(n) for n in names})
    return {n: (PALETTE[i] if i < len(PALETTE) else OTHER) for i, n in enumerate(names)}


def _ax(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=STYLE["figure.figsize"], dpi=STYLE["figure.dpi"])
    return ax


def event_lanes(positions, *, gap: float) -> list[int]:
    """The row of each label in a staggered lane: labels at ``positions`` (sorted, in any
    unit) go to the first row where they are at least ``gap`` from that row's last label.

    Examples
    --------
    >>> event_lanes([0, 5, 8, 30, 31], gap=10)
    [0, 1, 2, 0, 1]
    """
    last: list[float] = []
    rows = []
    for x in positions:
        for r, prev in enumerate(last):
            if x - prev >= gap:
                last[r] = x
                rows.append(r)
                break
        else:
            last.append(x)
            rows.append(len(last) - 1)
    return rows


#: Height of one row of the event lane, and the smallest gap between two numbers of one row (points).
_LANE_ROW = 9.0
LANE_GAP = 12.0


def add_events(ax, events: pd.DataFrame | None, *, label: str = "label", max_labels: int = 40):
    """Mark events (``date`` and ``label`` columns) as dotted vertical lines, numbered in a
    lane above the plot: numbers too close to share a row are staggered into further rows,
    and the title moves up above the lane, so no number overlaps another or the title. The
    numbers are listed in the Axes' ``events_`` attribute (for a legend or a caption).

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> ev = pd.DataFrame({"date": ["2025-01-20", "2025-02-01", "2025-02-03"],
    ...                    "label": ["EO 14157 signed", "Tariffs ordered", "Tariffs paused"]})
    >>> add_events(plot_volume(arts), ev).events_
    [(1, 'EO 14157 signed'), (2, 'Tariffs ordered'), (3, 'Tariffs paused')]
    >>> plt.close("all")
    """
    if events is None or len(events) == 0:
        return ax
    lo, hi = ax.get_xlim()
    dates = pd.to_datetime(events["date"], utc=True).dt.tz_convert(None)
    x = mdates.date2num(dates)
    keep = (x >= lo) & (x <= hi)
    ev = events[keep].reset_index(drop=True)
    xs = x[keep]
    order = np.argsort(xs, kind="stable")
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    pos = (xs[order] - lo) / ((hi - lo) or 1.0) * width_pt
    rows = np.empty(len(xs), dtype=int)
    rows[order] = event_lanes(pos, gap=LANE_GAP)
    n_rows = 0
    for i, xv in enumerate(xs, start=1):
        ax.axvline(xv, color="#555555", lw=0.8, ls=":", zorder=0)
        if i <= max_labels:
            row = int(rows[i - 1])
            n_rows = max(n_rows, row + 1)
            ax.annotate(str(i), (xv, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2 + row * _LANE_ROW),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7, color="#333333")
    ax.set_xlim(lo, hi)
    ax.set_title(ax.get_title(), pad=6 + n_rows * _LANE_ROW)  # the title sits above the lane
    ax.events_ = [(i, str(r[label])) for i, r in enumerate(ev.to_dict("records"), start=1)]
    ax.events_shown_ = ev  # the rows of ``events`` marked, in the order of their numbers
    return ax


def _dates(ax):
    loc = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))


def plot_volume(data: pd.DataFrame, *, period: str = "month", by: str | None = None, events=None,
                ax=None, title: str | None = None):
    """Articles per period (lines per group when ``by`` is given), with event markers.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> ax = plot_volume(arts)
    >>> ax.get_title(), [int(p.get_height()) for p in ax.patches]
    ('Coverage volume by month (n = 3 articles)', [1, 2])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    counts = period_counts(data, period=period, by=by)
    if by:
        colors = color_for(counts[by].unique())
        for g, sub in counts.groupby(by, sort=True):
            ax.plot(sub["period"], sub["n"], marker="o", ms=3, lw=1.5, label=str(g), color=colors[str(g)])
        ax.legend(loc="upper left", ncol=2)
    else:
        width = {"day": 0.8, "week": 5, "month": 25}[period]
        ax.bar(counts["period"], counts["n"], width=width, align="edge", color=PALETTE[0], label="articles")
    ax.set_ylabel(f"articles per {period}")
    ax.set_title(title or f"Coverage volume by {period} (n = {len(data)} articles)")
    _dates(ax)
    add_events(ax, events)
    return ax


_INSTRUMENT_LINES = {"textblob-en": "-", "coveragekit-es": "--"}


def plot_sentiment(data: pd.DataFrame, *, value: str = "polarity", by: str | None = "outlet_group",
                   period: str = "month", min_n: int = 5, events=None, ax=None, title: str | None = None):
    """Mean ``value`` per period and group with its 95% interval band; periods with fewer
    than ``min_n`` scored articles are drawn as hollow markers and get no band.

    Scores of different instruments are never averaged together (see
    :func:`coveragekit.timeseries.period_means`): when the data hold both TextBlob's
    (English) and coveragekit-es's (Spanish) scores, each group gets one line per
    instrument, solid for TextBlob and dashed for coveragekit-es, labelled with both.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> ax = plot_sentiment(arts, min_n=1)
    >>> ax.get_title(), sorted(t.get_text() for t in ax.get_legend().get_texts())
    ('Mean polarity by month, 95% interval (n = 3 scored articles)', ['Mexico', 'US'])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    m = period_means(data, value, period=period, by=by, min_n=min_n)
    colors = color_for(m["group"].unique())
    several = m["instrument"].nunique() > 1
    for (g, inst), sub in m.groupby(["group", "instrument"], sort=True):
        c = colors[str(g)]
        style_ = _INSTRUMENT_LINES.get(inst, ":") if several else "-"
        label = f"{g} · {inst}" if several else str(g)
        ax.plot(sub["period"], sub["value"], lw=1.5, color=c, ls=style_, label=label)
        ok = ~sub["too_few"]
        band = sub[ok]
        ax.fill_between(band["period"], band["ci_low"], band["ci_high"], color=c, alpha=0.15, lw=0)
        ax.scatter(sub.loc[ok, "period"], sub.loc[ok, "value"], s=12, color=c)
        ax.scatter(sub.loc[~ok, "period"], sub.loc[~ok, "value"], s=14, facecolors="white", edgecolors=c)
    ax.axhline(0, color="#333333", lw=0.6)
    n = int(data[value].notna().sum())
    ax.set_ylabel(f"mean {value}")
    what = "\none line per instrument: solid TextBlob (English), dashed coveragekit-es (Spanish)" if several else ""
    ax.set_title(title or f"Mean {value} by {period}, 95% interval (n = {n} scored articles){what}")
    if m["group"].nunique() > 1 or several:
        ax.legend(loc="upper left", ncol=3)
    _dates(ax)
    add_events(ax, events)
    return ax


def _shares(data, column, period):
    d = pd.DataFrame({"period": period_start(data["published_at"], period), "v": data[column].astype(str)})
    tab = pd.crosstab(d["period"], d["v"])
    return tab.div(tab.sum(axis=1), axis=0)


def plot_topic_shares(data: pd.DataFrame, *, topic: str = "topic_label", period: str = "month", events=None,
                      ax=None, title: str | None = None):
    """Share of articles by top topic per period, as a stacked area.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> ax = plot_topic_shares(arts.assign(topic_label=["tariffs", "strikes", "tariffs"]))
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Topic shares by month (n = 3 articles)', ['strikes', 'tariffs'])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    d = data[data[topic].astype(str) != ""]
    if len(d) == 0:  # no topics were fitted (too few articles): say so on the chart
        ax.text(0.5, 0.5, "no topics: too few articles to fit them", ha="center", va="center",
                transform=ax.transAxes, color="#555555")
        ax.set_title(title or f"Topic shares by {period} (n = 0 articles with a topic)")
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    shares = _shares(d, topic, period)
    colors = color_for(shares.columns)
    ax.stackplot(shares.index, *[shares[c].to_numpy() for c in shares.columns],
                 labels=list(shares.columns), colors=[colors[c] for c in shares.columns], alpha=0.9)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of articles")
    ax.set_title(title or f"Topic shares by {period} (n = {len(d)} articles)")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    _dates(ax)
    add_events(ax, events)
    return ax


def plot_topic_terms(model, *, topic: int, n_terms: int = 8, ax=None, color=None):
    """The heaviest terms of one topic of a fitted :class:`~coveragekit.topics.TopicModel`.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> from coveragekit.topics import TopicModel
    >>> model = TopicModel(n_topics=2, min_df=1).fit(["tariff trade steel", "navy boat strike", "tariff steel trade"])
    >>> ax = plot_topic_terms(model, topic=0, n_terms=3)
    >>> ax.get_title() == f"Topic 0: {model.labels_[0]}", len(ax.patches)
    (True, 3)
    >>> plt.close("all")
    """
    ax = _ax(ax)
    weights = model.components_[topic]
    order = np.argsort(-weights, kind="stable")[:n_terms][::-1]
    ax.barh([str(model.terms_[j]) for j in order], weights[order], color=color or PALETTE[topic % len(PALETTE)])
    ax.set_title(f"Topic {topic}: {model.labels_[topic]}", fontsize=9)
    ax.set_xlabel("weight")
    ax.grid(axis="y", visible=False)
    return ax


def plot_actor_mentions(mentions: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12, period: str = "month",
                        include_places: bool = False, ax=None, title: str | None = None):
    """Heatmap of the share of articles mentioning each of the ``top`` most-mentioned actors, per period.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> arts["article_id"] = ["a", "b", "c"]
    >>> mentions = pd.DataFrame({"article_id": ["a", "b", "c"], "kind": ["person"] * 3,
    ...                          "actor": ["Claudia Sheinbaum", "Claudia Sheinbaum", "Donald Trump"]})
    >>> ax = plot_actor_mentions(mentions, arts)
    >>> ax.get_title(), ax.share_.to_numpy().tolist()
    ('Who is mentioned: share of articles by month (n = 3 articles)', [[1.0, 0.5], [0.0, 0.5]])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    m = mentions if include_places else mentions[mentions["kind"] != "place"]
    per = pd.DataFrame({"article_id": articles["article_id"].astype(str),
                        "period": period_start(articles["published_at"], period)})
    totals = per.groupby("period").size()
    mm = m.merge(per, on="article_id")
    leaders = mm.groupby("actor")["article_id"].nunique().sort_values(ascending=False, kind="stable")
    leaders = leaders.head(top).index.tolist()
    tab = (mm[mm["actor"].isin(leaders)].groupby(["actor", "period"])["article_id"].nunique()
           .unstack(fill_value=0).reindex(index=leaders, columns=totals.index, fill_value=0))
    share = tab.div(totals, axis=1)
    im = ax.imshow(share.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=max(0.01, float(share.to_numpy().max())))
    ax.set_yticks(range(len(leaders)), leaders)
    fmt = "%Y-%m" if period == "month" else "%Y-%m-%d"
    step = max(1, len(totals) // 12)
    ax.set_xticks(range(0, len(totals), step), [p.strftime(fmt) for p in totals.index[::step]], rotation=45, ha="right")
    ax.grid(False)
    ax.figure.colorbar(im, ax=ax, label="share of articles", fraction=0.04)
    ax.set_title(title or f"Who is mentioned: share of articles by {period} (n = {len(articles)} articles)")
    ax.share_ = share
    return ax


def plot_cooccurrence(edges: pd.DataFrame, *, top: int = 15, min_articles: int = 2, max_edges: int = 30,
                      ax=None, title: str | None = None):
    """Actor co-occurrence network in a circular layout: node size = articles, edge width =
    articles naming both actors. Draws the ``top`` actors by degree and, among them, the
    ``max_edges`` pairs named together most often.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> edges = pd.DataFrame({"actor_a": ["Claudia Sheinbaum", "Claudia Sheinbaum", "Donald Trump"],
    ...                       "actor_b": ["Donald Trump", "Marco Rubio", "Marco Rubio"], "n_articles": [3, 2, 1]})
    >>> ax = plot_cooccurrence(edges)
    >>> ax.get_title(), len(ax.edges_)
    ('Actors named together: the 2 most frequent pairs among 3 actors', 2)
    >>> plt.close("all")
    """
    ax = _ax(ax)
    e = edges[edges["n_articles"] >= min_articles]
    deg = pd.concat([e[["actor_a", "n_articles"]].rename(columns={"actor_a": "actor"}),
                     e[["actor_b", "n_articles"]].rename(columns={"actor_b": "actor"})])
    strength = deg.groupby("actor")["n_articles"].sum().sort_values(ascending=False, kind="stable")
    nodes = sorted(strength.head(top).index)
    e = e[e["actor_a"].isin(nodes) & e["actor_b"].isin(nodes)]
    e = e.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable").head(max_edges)
    pos = {n: (math.cos(2 * math.pi * i / max(len(nodes), 1)), math.sin(2 * math.pi * i / max(len(nodes), 1)))
           for i, n in enumerate(nodes)}
    wmax = float(e["n_articles"].max()) if len(e) else 1.0
    for a, b, n in zip(e["actor_a"], e["actor_b"], e["n_articles"]):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color=PALETTE[0], alpha=0.25 + 0.6 * n / wmax, lw=0.5 + 4 * n / wmax, zorder=1)
    sizes = [40 + 400 * strength[n] / max(strength.max(), 1) for n in nodes]
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=sizes, color=PALETTE[1], zorder=2,
               edgecolors="white")
    for n in nodes:
        x, y = pos[n]
        ax.annotate(n, (x, y), xytext=(6 * np.sign(x) if abs(x) > 0.1 else 0, 6 * np.sign(y)), textcoords="offset points",
                    ha="left" if x > 0.1 else ("right" if x < -0.1 else "center"), va="center", fontsize=7)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.3, 1.3)
    ax.set_axis_off()
    ax.set_title(title or f"Actors named together: the {len(e)} most frequent pairs among {len(nodes)} actors")
    ax.edges_ = e.reset_index(drop=True)
    return ax


def plot_quoted_vs_mentioned(shares: pd.DataFrame, *, top: int = 15, ax=None, title: str | None = None):
    """Articles that mention each actor against articles that quote it (a ``quote_share`` table
    with ``actor, n_articles_mentioned, n_articles_quoted``).

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> shares = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Donald Trump", "Sinaloa Cartel"],
    ...                        "n_articles_mentioned": [5, 7, 4], "n_articles_quoted": [3, 2, 0]})
    >>> ax = plot_quoted_vs_mentioned(shares)
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Who is mentioned and who gets to speak (top 3 actors)', ['Sinaloa Cartel', 'Claudia Sheinbaum', 'Donald Trump'])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    s = shares.sort_values(["n_articles_mentioned", "actor"], ascending=[False, True], kind="stable").head(top)[::-1]
    y = np.arange(len(s))
    ax.barh(y + 0.2, s["n_articles_mentioned"], height=0.4, color=PALETTE[0], label="mentioned in")
    ax.barh(y - 0.2, s["n_articles_quoted"], height=0.4, color=PALETTE[1], label="quoted in")
    ax.set_yticks(y, s["actor"])
    ax.set_xlabel("articles")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    ax.set_title(title or f"Who is mentioned and who gets to speak (top {len(s)} actors)")
    return ax


def plot_frame_shares(data: pd.DataFrame, *, by: str = "period", period: str = "month", frame: str = "dominant_frame",
                      events=None, ax=None, title: str | None = None):
    """Dominant-frame shares: a stacked area over time (``by="period"``) or stacked bars per
    value of a column such as ``outlet``. Articles with no frame term are left out.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> arts = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                      "outlet_group": ["US", "Mexico", "US"], "polarity": [0.1, -0.2, 0.3]})
    >>> framed = arts.assign(dominant_frame=["legality", "", "sovereignty"])
    >>> plot_frame_shares(framed).get_title()
    'Dominant frame by month (n = 2 articles with a frame)'
    >>> plot_frame_shares(framed, by="outlet_group").shares_.to_dict("index")
    {'US': {'legality': 0.5, 'sovereignty': 0.5}}
    >>> plt.close("all")
    """
    ax = _ax(ax)
    d = data[data[frame].astype(str) != ""]
    if by == "period":
        shares = _shares(d, frame, period)
        colors = color_for(shares.columns)
        ax.stackplot(shares.index, *[shares[c].to_numpy() for c in shares.columns], labels=list(shares.columns),
                     colors=[colors[c] for c in shares.columns], alpha=0.9)
        ax.set_title(title or f"Dominant frame by {period} (n = {len(d)} articles with a frame)")
        _dates(ax)
        add_events(ax, events)  # after the title, which it moves above the event lane
    else:
        tab = pd.crosstab(d[by].astype(str), d[frame].astype(str))
        shares = tab.div(tab.sum(axis=1), axis=0)
        colors = color_for(shares.columns)
        left = np.zeros(len(shares))
        for c in shares.columns:
            ax.barh(shares.index, shares[c], left=left, color=colors[c], label=c)
            left += shares[c].to_numpy()
        ax.set_xlim(0, 1)
        ax.grid(axis="y", visible=False)
        ax.set_title(title or f"Dominant frame by {by} (n = {len(d)} articles with a frame)")
    ax.set_ylabel("share of articles" if by == "period" else "")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    ax.shares_ = shares
    return ax


def plot_keyness(table: pd.DataFrame, *, group: str, top: int = 12, ax=None, title: str | None = None):
    """The words most typical of ``group`` (highest z) and of the rest (lowest z).

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> table = pd.DataFrame({"group": ["US", "US", "US"], "word": ["strike", "boat", "soberania"],
    ...                       "z": [2.5, 1.2, -3.0]})
    >>> ax = plot_keyness(table, group="US")
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Keyness: words typical of US vs the rest', ['soberania', 'boat', 'strike'])
    >>> plt.close("all")
    """
    ax = _ax(ax)
    t = table[table["group"] == group].sort_values(["z", "word"], ascending=[False, True], kind="stable")
    sel = pd.concat([t.head(top), t.tail(top)]).drop_duplicates("word").sort_values("z", kind="stable")
    colors = [PALETTE[0] if z > 0 else PALETTE[1] for z in sel["z"]]
    ax.barh(sel["word"], sel["z"], color=colors)
    ax.axvline(0, color="#333333", lw=0.6)
    ax.set_xlabel(f"z-score (weighted log-odds): right = {group}, left = the rest")
    ax.grid(axis="y", visible=False)
    ax.set_title(title or f"Keyness: words typical of {group} vs the rest")
    return ax


def plot_duplicates(data: pd.DataFrame, *, ax=None, top: int = 10, title: str | None = None):
    """Syndication clusters: one row per cluster, one dot per copy at its publication time,
    coloured by outlet. The ``top`` largest clusters are drawn.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-02-03 10:00", "2025-02-03 12:00", "2025-02-04 09:00"],
    ...                                                utc=True),
    ...                   "outlet": ["Wire", "Sunland Courier", "Diario del Valle"], "dup_cluster": ["c1", "c1", ""],
    ...                   "title": ["Tariffs paused", "Tariffs paused", "Otra nota"]})
    >>> plot_duplicates(d).get_title()
    'Duplicate and syndicated copies (1 clusters, 2 articles)'
    >>> plt.close("all")
    """
    ax = _ax(ax)
    d = data[data["dup_cluster"].astype(str) != ""]
    sizes = d.groupby("dup_cluster").size().sort_values(ascending=False, kind="stable")
    keep = list(sizes.head(top).index)
    d = d[d["dup_cluster"].isin(keep)]
    colors = color_for(d["outlet"].unique())
    rows = {c: i for i, c in enumerate(keep)}
    labels = []
    for c in keep:
        first = d[(d["dup_cluster"] == c)].sort_values("published_at").iloc[0]
        labels.append((first["title"][:40] + "…") if len(first["title"]) > 40 else first["title"])
    for outlet, sub in d.groupby("outlet", sort=True):
        ax.scatter(sub["published_at"].dt.tz_convert(None), [rows[c] for c in sub["dup_cluster"]], s=40,
                   color=colors[str(outlet)], label=str(outlet), zorder=2)
    ax.set_yticks(range(len(keep)), labels)
    ax.invert_yaxis()
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    _dates(ax)
    ax.set_title(title or f"Duplicate and syndicated copies ({len(keep)} clusters, {len(d)} articles)")
    return ax


def plot_agreement(data: pd.DataFrame, *, x: str = "polarity", y: str = "vader_compound", ax=None, title=None):
    """Scatter of two sentiment scores of the same articles, with the diagonal quadrants.

    Examples
    --------
    >>> _ = plt.switch_backend("agg")
    >>> d = pd.DataFrame({"polarity": [0.1, 0.2, 0.3], "vader_compound": [0.2, 0.4, 0.6]})
    >>> plot_agreement(d).get_title()
    'Two instruments, one text: polarity vs vader_compound (n = 3, r = 1.00)'
    >>> plt.close("all")
    """
    ax = _ax(ax)
    d = data[[x, y]].dropna()
    ax.scatter(d[x], d[y], s=10, alpha=0.6, color=PALETTE[0])
    ax.axhline(0, color="#333333", lw=0.6)
    ax.axvline(0, color="#333333", lw=0.6)
    r = d[x].corr(d[y]) if len(d) > 2 else float("nan")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(title or f"Two instruments, one text: {x} vs {y} (n = {len(d)}, r = {r:.2f})")
    return ax
