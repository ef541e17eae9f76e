"""What the interactive report embeds: the chart specs, the article fields its explorer
filters and shows, and the scripts, all made safe to sit inside the page.

The page carries no article texts. It carries, per article, the codes its filters and
charts need (group, outlet, language, period, instrument, topic, frame, actors, polarity)
and, for the first :data:`TABLE_LIMIT` articles by date, the fields of the article table;
quotes up to :data:`QUOTE_LIMIT`. The explorer (``templates/explorer.js``) computes the
chart tables from these codes in the browser, the same tables as
:mod:`coveragekit.interactive`.

Everything article-derived reaches the page as JSON inside ``<script
type="application/json">`` with ``<``, ``>``, ``&`` and the two JavaScript line separators
written as ``\\u`` escapes, so no title can end the block; the explorer puts strings into
the page as text, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from importlib import resources

import pandas as pd
from scipy import stats

from . import interactive as ex
from .periods import period_start

__all__ = ["TABLE_LIMIT", "QUOTE_LIMIT", "QUOTE_CHARS", "payload", "specs", "to_script_json", "scripts",
           "content_security_policy"]

#: Articles listed in the page's article table (the first ones by date); all of them are
#: in the charts and in articles.csv.
TABLE_LIMIT = 20_000
#: Quotes listed in the page's quote table; all of them are in quotes.csv.
QUOTE_LIMIT = 20_000
#: A longer quote is cut to this many characters in the page (in full in quotes.csv).
QUOTE_CHARS = 300


def _safe_url(u) -> str:
    u = str(u or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else ""


def _codes(values: pd.Series, names: list[str]) -> list[int]:
    index = {n: i for i, n in enumerate(names)}
    return [index.get(v, -1) for v in values]


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def payload(result) -> dict:
    """The data of the explorer for an :class:`~coveragekit.pipeline.Analysis`."""
    arts = result.articles.sort_values(["published_at", "article_id"], kind="stable").reset_index(drop=True)
    period = result.summary.get("parameters", {}).get("period", "month")
    vol = ex.volume_table(arts, period=period)
    periods = vol["period"].tolist()
    per = period_start(arts["published_at"], period).dt.strftime("%Y-%m-%d")
    text = lambda c: arts[c].fillna("").astype(str)
    group, outlet, lang = text("outlet_group"), text("outlet"), text("lang")
    topic, frame = text("topic_label"), text("dominant_frame")
    instrument = ex.instruments(arts).reset_index(drop=True)
    pol = arts["polarity"].astype(float)
    dims = {
        "group": sorted(group.unique()), "outlet": sorted(outlet.unique()), "lang": sorted(lang.unique()),
        "topic": sorted(set(topic) - {""}), "frame": sorted(set(frame) - {""}),
        "instrument": sorted(instrument[pol.notna()].unique()) or [""], "period": periods,
        "period_end": vol["end"].tolist(),
    }
    ment = result.mentions
    ment = ment[ment["kind"] != "place"] if len(ment) else ment
    dims["actor"] = sorted(ment["actor"].astype(str).unique()) if len(ment) else []
    row_of = {a: i for i, a in enumerate(arts["article_id"].astype(str))}
    acts = _actors_per_row(ment, row_of, dims["actor"], n_rows=len(arts))
    n_table = min(len(arts), TABLE_LIMIT)
    head = arts.iloc[:n_table]
    a = {
        "g": _codes(group, dims["group"]), "o": _codes(outlet, dims["outlet"]), "l": _codes(lang, dims["lang"]),
        "p": _codes(per, periods), "t": _codes(topic, dims["topic"]), "f": _codes(frame, dims["frame"]),
        "i": _codes(instrument, dims["instrument"]), "pol": [_num(v) for v in pol], "act": acts,
        "title": head["title"].fillna("").astype(str).tolist(),
        "date": head["published_at"].dt.strftime("%Y-%m-%d").tolist(),
        "url": [_safe_url(u) for u in head["url"]],
        "dup": head["dup_cluster"].fillna("").astype(str).tolist(),
    }
    quotes, n_quotes = _quote_columns(result.quotes, row_of)
    ev = ex.events_table(result.events, start=periods[0], end=vol["end"].iloc[-1]) if periods else None
    key = ex.keyness_table(result.keyness) if len(result.keyness) else pd.DataFrame()
    max_n = int(pd.Series(a["p"]).value_counts().max()) if len(arts) else 1
    return {
        "freq": period, "min_n": 5, "n_articles": len(arts), "n_table": n_table, "n_quotes": n_quotes,
        "table_limit": TABLE_LIMIT, "dims": dims, "a": a, "quotes": quotes,
        "events": [] if ev is None else ev.to_dict("records"),
        "keyness": [{k: (_num(v) if isinstance(v, float) else v) for k, v in r.items()} for r in key.to_dict("records")],
        "top_actors": 12,
        # 97.5% quantiles of Student's t for 1 .. max_n - 1 degrees of freedom (the intervals)
        "t975": [round(float(stats.t.ppf(0.975, d)), 10) for d in range(1, max(max_n, 2))],
    }


def _actors_per_row(mentions: pd.DataFrame, row_of: dict, actors: list, *, n_rows: int) -> list[list[int]]:
    """For each of the ``n_rows`` article rows, the codes (places in ``actors``) of the actors
    it names."""
    actor_code = {a: i for i, a in enumerate(actors)}
    acts = [[] for _ in range(n_rows)]
    if len(mentions):
        pairs = mentions[["article_id", "actor"]].astype(str).drop_duplicates().sort_values(["article_id", "actor"])
        for aid, actor in zip(pairs["article_id"], pairs["actor"]):
            r = row_of.get(aid)
            if r is not None:
                acts[r].append(actor_code[actor])
    return acts


def _quote_columns(q: pd.DataFrame, row_of: dict) -> tuple[dict, int]:
    """The first :data:`QUOTE_LIMIT` quotes (in article order) as columns, each quote cut at
    :data:`QUOTE_CHARS`, and how many quotes there are in all."""
    if not len(q):
        return {"a": [], "speaker": [], "actor": [], "quote": []}, 0
    q = q.assign(_row=q["article_id"].astype(str).map(row_of)).dropna(subset=["_row"])
    q = q.sort_values(["_row", "actor", "speaker"], kind="stable")
    n_quotes = len(q)
    q = q.head(QUOTE_LIMIT)
    return {
        "a": q["_row"].astype(int).tolist(), "speaker": q["speaker"].fillna("").astype(str).tolist(),
        "actor": q["actor"].fillna("").astype(str).tolist(),
        "quote": [s if len(s) <= QUOTE_CHARS else s[:QUOTE_CHARS - 1] + "…"
                  for s in q["quote"].fillna("").astype(str)],
    }, n_quotes


def specs(result, data: dict) -> dict:
    """The Vega-Lite specs of the page's charts; their data sets are filled by the explorer."""
    d = data["dims"]
    f = data["freq"]
    span = (d["period"][0], d["period_end"][-1]) if d["period"] else None
    out = {
        "volume": ex.volume_chart(period=f, span=span),
        "sentiment": ex.sentiment_chart(groups=d["group"], instrument_names=d["instrument"],
                                        min_n=data["min_n"], period=f, span=span),
        "topics": ex.topics_chart(topics=d["topic"], period=f, span=span),
        "actors": ex.actors_chart(period=f, span=span),
        "frames": ex.frames_chart(frames=d["frame"], groups=d["group"]),
        "keyness": ex.keyness_chart(groups=sorted({r["group"] for r in data["keyness"]}),
                                     panels=list(dict.fromkeys(r["panel"] for r in data["keyness"]))),
    }
    return {k: v.to_dict() for k, v in out.items()}


def to_script_json(obj) -> str:
    """JSON that is safe inside a ``<script>`` block: no ``<``, ``>`` or ``&`` left."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        s = s.replace(ch, esc)
    return s


_BUNDLE: dict[str, str] = {}


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (from vl-convert, which Altair's own
    inline pages use), checked to hold nothing that would end a script block."""
    if "js" not in _BUNDLE:
        # on first use: vl-convert (a Deno runtime) is large, and only the explorer page needs it
        import vl_convert as vlc
        from altair.utils._importers import vl_version_for_vl_convert

        js = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
        low = js.lower()
        if "</script" in low or "<!--" in low or "<script" in low:
            js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--").replace("<script", "<\\script")
        _BUNDLE["js"] = js
    return _BUNDLE["js"]


def explorer_script() -> str:
    """The page's own script (plain JavaScript, no library of its own)."""
    return resources.files("coveragekit").joinpath("templates/explorer.js").read_text(encoding="utf-8")


def explorer_style() -> str:
    return resources.files("coveragekit").joinpath("templates/explorer.css").read_text(encoding="utf-8")


def scripts() -> list[str]:
    return [vega_bundle(), explorer_script()]


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script_texts=()) -> str:
    """A policy that lets the page load nothing from anywhere: pictures only from
    ``data:``, scripts only the page's own (by hash). Vega compiles its expressions with
    ``Function``, so the policy allows ``'unsafe-eval'`` when there are scripts: the
    bundle vl-convert ships has no expression interpreter, and without it no chart is
    drawn. That permits no request: every fetch, frame, font and form target is denied."""
    parts = ["default-src 'none'", "img-src data:", "style-src 'unsafe-inline'", "base-uri 'none'",
             "form-action 'none'", "connect-src 'none'", "font-src 'none'", "frame-src 'none'",
             "object-src 'none'", "media-src 'none'", "worker-src 'none'"]
    if script_texts:
        parts.insert(1, "script-src " + " ".join(_hash(s) for s in script_texts) + " 'unsafe-eval'")
    else:
        parts.insert(1, "script-src 'none'")
    return "; ".join(parts)
