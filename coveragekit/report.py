"""The shareable HTML report: one self-contained file built from a Jinja2 template with
autoescaping, charts embedded as PNG data, no remote scripts, styles or fonts.

Every string that comes from an article (titles, outlets, quotes, speakers, URLs) reaches
the page through the template's autoescaping; a URL becomes a link only when it is
``http`` or ``https``.

By default the page is also an explorer: the Vega-Lite charts of
:mod:`coveragekit.interactive` and tables of the articles and quotes that follow filters,
with Vega inlined and the data embedded as escaped JSON (:mod:`coveragekit.explorer_page`).
The pictures and tables stay in the page for a reader without scripts; ``static=True``
writes them alone.
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: E402
from PIL import Image  # noqa: E402

from . import explorer_page as ep  # noqa: E402
from . import plot as ckplot  # noqa: E402
from .actors import quote_share  # noqa: E402
from .errors import CoveragekitError  # noqa: E402
from .output import atomic_write_text  # noqa: E402
from .sentiment.validation import validate_instruments  # noqa: E402

__all__ = ["render_report", "write_report", "safe_href"]


def safe_href(url) -> str:
    """The URL if it is safe to link (http or https), else ""."""
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else ""


#: The report's pictures are drawn at twice the resolution they are shown at (sharp on
#: high-density screens and when zoomed).
DPI = 90
SCALE = 2


def _palette_png(data: bytes) -> bytes:
    """The picture with at most 128 colours (a third of the bytes; charts have few colours)."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, format="PNG")
    return out.getvalue()


def _png(fig) -> tuple[str, int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI * SCALE, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = _palette_png(buf.getvalue())
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")  # the PNG header
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii"), w // SCALE, h // SCALE


def _chart(draw, *, size=(8.5, 3.8)):
    with ckplot.style(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # matplotlib's notes on near-empty charts
        fig, ax = plt.subplots(figsize=size, dpi=DPI)
        try:
            ax = draw(ax)
        except (ValueError, KeyError, IndexError) as exc:  # too little data for this chart
            plt.close(fig)
            return {"src": "", "note": f"not drawn: {exc}", "events": []}
        events = getattr(ax, "events_", [])
        src, w, h = _png(fig)
        return {"src": src, "note": "", "events": events, "width": w, "height": h,
                "shown": getattr(ax, "events_shown_", None)}


def _records(df: pd.DataFrame, cols, n=None):
    if df is None or len(df) == 0:
        return []
    d = df[[c for c in cols if c in df.columns]]
    if n:
        d = d.head(n)
    return d.to_dict("records")


def render_report(result, *, title: str = "Coverage report", static: bool = False) -> str:
    """The report of an :class:`coveragekit.pipeline.Analysis` as an HTML string.

    By default the page is interactive: Vega-Lite charts and the article and quote tables
    follow filters (outlet group, outlet, language, actor, topic, frame, a period brush),
    with Vega inlined so the one file opens offline. Without scripts the same page shows
    every chart as a picture and every table. ``static=True`` writes the pictures-and-
    tables page alone, with no script at all.
    """
    charts, events, shares = _pictures(result)
    key_charts = _keyness_pictures(result.keyness)
    tables = _tables(result, events, shares)
    return _template().render(
        **_explorer(result, static),
        title=title, s=result.summary["counts"], summary=result.summary, charts=charts, key_charts=key_charts,
        **tables,
    )


def _pictures(result):
    """The report's charts as pictures, the events the volume chart marks (the events table
    lists those: one count) and the quoted-versus-mentioned table behind its chart."""
    arts = result.articles
    ev = result.events
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
    if shown is not None:
        ev = shown
    qs = quote_share(result.quotes, result.mentions) if len(result.mentions) else pd.DataFrame()
    if len(qs):
        charts["quoted"] = _chart(lambda ax: ckplot.plot_quoted_vs_mentioned(qs, ax=ax), size=(7, 5))
    return charts, ev, qs


def _keyness_pictures(keyness: pd.DataFrame) -> list:
    """One keyness chart per language and group: ``(language, group, chart)`` (a comparison
    across languages would find the language)."""
    key_charts = []
    if len(keyness):
        keyness_by_lang = keyness if "lang" in keyness else keyness.assign(lang="en")
        for (lang, g), _ in keyness_by_lang.groupby(["lang", "group"], sort=True):
            part = keyness_by_lang[keyness_by_lang["lang"] == lang]
            key_charts.append((_LANGUAGES.get(lang, lang), g, _chart(
                lambda ax, g=g, part=part: ckplot.plot_keyness(part, group=g, ax=ax), size=(7, 5))))
    return key_charts


def _tables(result, ev: pd.DataFrame, qs: pd.DataFrame) -> dict:
    """The tables of the page, as the template's lists of rows."""
    arts = result.articles
    s = result.summary["counts"]
    by_outlet = _sentiment_by(arts, ["outlet", "outlet_group"]).sort_values(["outlet", "instrument"])
    by_group = _sentiment_by(arts, ["outlet_group"]).sort_values(["outlet_group", "instrument"])
    validation = _validation(getattr(result, "lexicon_es", None))
    quotes = result.quotes.merge(arts[["article_id", "outlet", "url", "title"]], on="article_id", how="left")
    quotes = quotes.sort_values(["actor", "article_id"], kind="stable")
    quoted = quotes[quotes["actor"].astype(str) != ""].head(60)
    dups = arts[arts["dup_cluster"].astype(str) != ""].sort_values(["dup_cluster", "published_at"])
    return dict(
        files=_records(result.files, ["file", "format", "encoding", "n_read", "n_loaded", "n_rejected", "note"]),
        rejected_reasons=sorted(result.summary.get("rejected_by_reason", {}).items()),
        rejected=_records(result.rejected, ["record", "reason", "raw"], 200),
        events=_records(ev.assign(date=ev["date"].dt.strftime("%Y-%m-%d")) if len(ev) else ev,
                        ["date", "label", "event", "source"]),
        by_outlet=_records(by_outlet, list(by_outlet.columns)),
        by_group=_records(by_group, list(by_group.columns)), validation=validation,
        scored_by_instrument=s.get("scored_sentiment_by_instrument", {}),
        agreement=_records(result.agreement, list(result.agreement.columns)),
        topics=_records(result.topics, ["topic", "label", "terms", "n_articles"]),
        topic_choice=_records(result.topic_choice, ["n_topics", "stability", "coherence", "recommended"])
        if result.topic_choice is not None else [],
        top_actors=_records(qs, list(qs.columns), 25),
        pairs=_records(result.cooccurrence.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True]),
                       ["actor_a", "actor_b", "n_articles", "weight"], 25),
        actor_sent=_records(_actor_sentiment_table(result.actor_sentiment),
                            ["actor", "instrument", "articles", "sentences", "polarity"], 30)
        if len(result.actor_sentiment) else [],
        quotes=_records(quoted, ["actor", "speaker", "quote", "cue", "outlet", "title", "url"]),
        keyness=_records(result.keyness.groupby(["lang", "group"] if "lang" in result.keyness else "group").head(10)
                         if len(result.keyness) else result.keyness, ["lang", "group", "word", "n_group", "n_rest", "z"]),
        dups=_records(dups, ["dup_cluster", "dup_kind", "outlet", "published_at", "title", "url"], 60),
        frames_table=_records(arts["dominant_frame"].replace("", "(none)").value_counts().rename_axis("frame")
                              .reset_index(name="articles").sort_values(["articles", "frame"], ascending=[False, True]),
                              ["frame", "articles"]),
        articles=_records(arts.assign(date=arts["published_at"].dt.strftime("%Y-%m-%d")),
                          ["date", "outlet", "lang", "title", "url", "polarity", "sentiment_instrument", "topic_label",
                           "dominant_frame", "dup_kind"], 1000),
        n_articles=len(arts),
        versions=result.summary["versions"], parameters=result.summary["parameters"],
    )


def _template():
    """The report template, autoescaped, with its two filters (safe links, numbers)."""
    env = Environment(loader=PackageLoader("coveragekit", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["href"] = safe_href
    env.filters["num"] = lambda v, d=3: "" if pd.isna(v) else (f"{v:.{d}f}" if isinstance(v, float) else str(v))
    return env.get_template("report.html.j2")


def _explorer(result, static: bool) -> dict:
    """What the template needs of the explorer: its data, chart specs and scripts, or, for a
    static page, only that there is none."""
    if static:
        return {"interactive": False, "csp": ep.content_security_policy(), "n_table": 0, "n_quotes": 0,
                "n_quotes_shown": 0}
    data = ep.payload(result)
    scripts = ep.scripts()
    return {"interactive": True, "csp": ep.content_security_policy(scripts), "scripts": scripts,
            "data_json": ep.to_script_json(data), "specs_json": ep.to_script_json(ep.specs(result, data)),
            "explorer_css": ep.explorer_style(), "n_table": data["n_table"], "n_quotes": data["n_quotes"],
            "n_quotes_shown": len(data["quotes"]["a"]), "quote_chars": ep.QUOTE_CHARS,
            "live_events": data["events"]}


_LANGUAGES = {"en": "English", "es": "Spanish"}


def _sentiment_by(arts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Articles, scored articles and mean scores per ``keys`` and instrument: the two
    instruments' numbers side by side, never averaged together."""
    d = arts.assign(instrument=arts["sentiment_instrument"].astype(str) if "sentiment_instrument" in arts else "")
    out = (d.groupby(keys + ["instrument"], observed=True)
           .agg(articles=("article_id", "size"), scored=("polarity", "count"),
                mean_polarity=("polarity", "mean"), mean_subjectivity=("subjectivity", "mean"))
           .reset_index())
    out["mean_polarity"] = out["mean_polarity"].round(3)
    out["mean_subjectivity"] = out["mean_subjectivity"].round(3)
    return out


def _actor_sentiment_table(a: pd.DataFrame) -> pd.DataFrame:
    d = a.assign(instrument=a["sentiment_instrument"].astype(str) if "sentiment_instrument" in a else "")
    d = d[d["polarity"].notna()]
    return (d.groupby(["actor", "instrument"]).agg(
        articles=("article_id", "nunique"), sentences=("n_sentences", "sum"), polarity=("polarity", "mean"))
        .reset_index().sort_values(["articles", "actor", "instrument"], ascending=[False, True, True]))


def _validation(lexicon) -> dict | None:
    """The Spanish instrument's figures on the validation pairs (None when they are missing)."""
    try:
        v = validate_instruments(lexicon=lexicon)
    except CoveragekitError:
        return None
    return {k: v[k] for k in ("n", "pearson", "spearman", "agreement", "neutral")}


def write_report(result, path, **kwargs) -> Path:
    """Render the report and write it atomically to ``path``."""
    return atomic_write_text(Path(path), render_report(result, **kwargs))
