"""The shareable HTML report: one self-contained file built from a Jinja2 template with
autoescaping, charts embedded as PNG data, no remote scripts, styles or fonts.

Every string that comes from an article (titles, outlets, quotes, speakers, URLs) reaches
the page through the template's autoescaping; a URL becomes a link only when it is
``http`` or ``https``.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: E402

from . import plot as ckplot  # noqa: E402
from .output import atomic_write_text  # noqa: E402

__all__ = ["render_report", "write_report", "safe_href"]


def safe_href(url) -> str:
    """The URL if it is safe to link (http or https), else ""."""
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else ""


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _chart(draw, *, size=(8.5, 3.8)):
    import warnings

    with ckplot.style(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # matplotlib's notes on near-empty charts
        fig, ax = plt.subplots(figsize=size, dpi=90)
        try:
            ax = draw(ax)
        except (ValueError, KeyError, IndexError) as exc:  # too little data for this chart
            plt.close(fig)
            return {"src": "", "note": f"not drawn: {exc}", "events": []}
        events = getattr(ax, "events_", [])
        return {"src": _png(fig), "note": "", "events": events, "shown": getattr(ax, "events_shown_", None)}


def _records(df: pd.DataFrame, cols, n=None):
    if df is None or len(df) == 0:
        return []
    d = df[[c for c in cols if c in df.columns]]
    if n:
        d = d.head(n)
    return d.to_dict("records")


def render_report(result, *, title: str = "Coverage report") -> str:
    """The report of an :class:`coveragekit.pipeline.Analysis` as an HTML string."""
    from .actors import quote_share

    arts = result.articles
    ev = result.events
    s = result.summary["counts"]
    charts = {
        "volume": _chart(lambda ax: ckplot.plot_volume(arts, events=ev, ax=ax)),
        "volume_groups": _chart(lambda ax: ckplot.plot_volume(arts, by="outlet_group", ax=ax)),
        "sentiment": _chart(lambda ax: ckplot.plot_sentiment(arts, events=ev, ax=ax)),
        "agreement": _chart(lambda ax: ckplot.plot_agreement(arts, ax=ax), size=(5, 4)),
        "topics": _chart(lambda ax: ckplot.plot_topic_shares(arts, events=ev, ax=ax)),
        "mentions": _chart(lambda ax: ckplot.plot_actor_mentions(result.mentions, arts, ax=ax), size=(8.5, 4.5)),
        "network": _chart(lambda ax: ckplot.plot_cooccurrence(result.cooccurrence, ax=ax), size=(7, 6)),
        "frames_time": _chart(lambda ax: ckplot.plot_frame_shares(arts, events=ev, ax=ax)),
        "frames_outlet": _chart(lambda ax: ckplot.plot_frame_shares(arts, by="outlet", ax=ax)),
        "duplicates": _chart(lambda ax: ckplot.plot_duplicates(arts, ax=ax)),
    }
    shown = charts["volume"].get("shown")
    if shown is not None:  # the events table lists the events the volume chart marks: one count
        ev = shown
    qs = quote_share(result.quotes, result.mentions) if len(result.mentions) else pd.DataFrame()
    if len(qs):
        charts["quoted"] = _chart(lambda ax: ckplot.plot_quoted_vs_mentioned(qs, ax=ax), size=(7, 5))
    key_charts = []
    if len(result.keyness):
        for g in sorted(result.keyness["group"].unique()):
            key_charts.append((g, _chart(lambda ax, g=g: ckplot.plot_keyness(result.keyness, group=g, ax=ax), size=(7, 5))))
    by_outlet = (arts.groupby(["outlet", "outlet_group"], observed=True)
                 .agg(articles=("article_id", "size"), scored=("polarity", "count"),
                      mean_polarity=("polarity", "mean"), mean_subjectivity=("subjectivity", "mean"))
                 .reset_index().sort_values("outlet"))
    by_outlet["mean_polarity"] = by_outlet["mean_polarity"].round(3)
    by_outlet["mean_subjectivity"] = by_outlet["mean_subjectivity"].round(3)
    quotes = result.quotes.merge(arts[["article_id", "outlet", "url", "title"]], on="article_id", how="left")
    quotes = quotes.sort_values(["actor", "article_id"], kind="stable")
    quoted = quotes[quotes["actor"].astype(str) != ""].head(60)
    dups = arts[arts["dup_cluster"].astype(str) != ""].sort_values(["dup_cluster", "published_at"])
    env = Environment(loader=PackageLoader("coveragekit", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["href"] = safe_href
    env.filters["num"] = lambda v, d=3: "" if pd.isna(v) else (f"{v:.{d}f}" if isinstance(v, float) else str(v))
    tmpl = env.get_template("report.html.j2")
    return tmpl.render(
        title=title, s=s, summary=result.summary, charts=charts, key_charts=key_charts,
        files=_records(result.files, ["file", "format", "encoding", "n_read", "n_loaded", "n_rejected", "note"]),
        rejected_reasons=sorted(result.summary.get("rejected_by_reason", {}).items()),
        rejected=_records(result.rejected, ["record", "reason", "raw"], 200),
        events=_records(ev.assign(date=ev["date"].dt.strftime("%Y-%m-%d")) if len(ev) else ev,
                        ["date", "label", "event", "source"]),
        by_outlet=_records(by_outlet, list(by_outlet.columns)),
        agreement=_records(result.agreement, list(result.agreement.columns)),
        topics=_records(result.topics, ["topic", "label", "terms", "n_articles"]),
        topic_choice=_records(result.topic_choice, ["n_topics", "stability", "coherence", "recommended"])
        if result.topic_choice is not None else [],
        top_actors=_records(qs, list(qs.columns), 25),
        pairs=_records(result.cooccurrence.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True]),
                       ["actor_a", "actor_b", "n_articles", "weight"], 25),
        actor_sent=_records(result.actor_sentiment.groupby("actor").agg(
            articles=("article_id", "nunique"), sentences=("n_sentences", "sum"), polarity=("polarity", "mean"))
            .reset_index().sort_values(["articles", "actor"], ascending=[False, True]), ["actor", "articles", "sentences", "polarity"], 20)
        if len(result.actor_sentiment) else [],
        quotes=_records(quoted, ["actor", "speaker", "quote", "cue", "outlet", "title", "url"]),
        keyness=_records(result.keyness.groupby("group").head(10) if len(result.keyness) else result.keyness,
                         ["group", "word", "n_group", "n_rest", "z"]),
        dups=_records(dups, ["dup_cluster", "dup_kind", "outlet", "published_at", "title", "url"], 60),
        frames_table=_records(arts["dominant_frame"].replace("", "(none)").value_counts().rename_axis("frame")
                              .reset_index(name="articles").sort_values(["articles", "frame"], ascending=[False, True]),
                              ["frame", "articles"]),
        articles=_records(arts.assign(date=arts["published_at"].dt.strftime("%Y-%m-%d")),
                          ["date", "outlet", "lang", "title", "url", "polarity", "topic_label", "dominant_frame",
                           "dup_kind"], 1000),
        n_articles=len(arts),
        versions=result.summary["versions"], parameters=result.summary["parameters"],
    )


def write_report(result, path, **kwargs) -> Path:
    """Render the report and write it atomically to ``path``."""
    return atomic_write_text(Path(path), render_report(result, **kwargs))
