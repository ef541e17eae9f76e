"""``summary.json``: the counts of a run, its parameters, versions and engine, what each
analysis rests on, and the notes for the report."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._version import __version__

if TYPE_CHECKING:  # (for the annotations only: run.py imports this module)
    from .across import Topics
    from .run import Run

__all__ = ["summary_of", "text_basis"]


def summary_of(run: Run, topics: Topics) -> dict:
    """The summary of a finished run."""
    arts, loaded, o = run.articles, run.loaded, run.options
    summary = {"counts": _counts(run, topics.n_topics),
               "rejected_by_reason": _rejected_by_reason(loaded.rejected),
               "parameters": _parameters(run, topics),
               "versions": _versions(),
               "engine": {"name": o.engine.name, **o.engine.info}}
    # what each analysis rests on, and what it could not say (issue 17): the report's
    # notes block reads these
    basis = text_basis(arts)
    summary["text_basis"] = basis
    summary["topics"] = {"fitted": topics.model is not None, "n_topics": int(topics.n_topics),
                         "articles": int(len(arts)), "skipped_because": topics.skipped}
    notes = list(basis["notes"])
    if topics.skipped:
        notes.append(f"topics: not fitted: {topics.skipped}")
    summary["notes"] = notes + topics.notes + list(run.notes)
    if run.cache is not None:
        summary["cache"] = {"stages": run.cache.stats, "problems": run.cache.problems}
        if getattr(loaded, "cache_stats", None):
            summary["cache"]["files"] = dict(loaded.cache_stats)
    return summary


def _counts(run: Run, n_topics: int) -> dict:
    arts, mentions, loaded = run.articles, run.tables["mentions"], run.loaded
    scored = arts["polarity"].notna()
    return {
        "records_read": int(loaded.n_read), "articles": len(arts), "rejected": len(loaded.rejected),
        "outlets": int(arts["outlet"].nunique()),
        "languages": {str(k): int(v) for k, v in sorted(arts["lang"].value_counts().items())},
        "title_only": int((arts["text"] == "").sum()),
        "duplicates": int(arts["is_duplicate"].sum()) if "is_duplicate" in arts else 0,
        "duplicate_clusters": int(arts.loc[arts["dup_cluster"] != "", "dup_cluster"].nunique()),
        "scored_sentiment": int(scored.sum()),
        "scored_sentiment_by_instrument": {
            str(k): int(v) for k, v in sorted(arts.loc[scored, "sentiment_instrument"].value_counts().items())},
        "mentions": int(mentions["n"].sum()) if len(mentions) else 0,
        "quotes": len(run.tables["quotes"]), "topics": int(n_topics),
        "period_start": arts["published_at"].min().strftime("%Y-%m-%d"),
        "period_end": arts["published_at"].max().strftime("%Y-%m-%d"),
    }


def _rejected_by_reason(rejected: pd.DataFrame) -> dict:
    reasons = rejected["reason"].str.replace(r"'[^']*'", "'…'", regex=True)
    return {str(k): int(v) for k, v in sorted(reasons.value_counts().items())}


def _parameters(run: Run, topics: Topics) -> dict:
    o = run.options
    return {"n_topics": int(topics.n_topics), "topics_chosen_on_data": topics.choice is not None,
            "topics_mode": o.topics_mode, "topic_sample": o.topic_sample, "period": o.period,
            "random_state": int(o.random_state),
            "actors": _name(o.actors), "frames": _name(o.frames), "events": _name(o.events),
            "outlets": _name(o.outlets), "lexicon_es": _name(None if o.lexicon is None else run.ctx.es_lexicon.path)}


def _name(table) -> str:
    if table is None:
        return "default"
    if isinstance(table, pd.DataFrame):
        return "table given in Python"
    return Path(str(table)).name


def _versions() -> dict:
    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return {"coveragekit": __version__, "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": np.__version__, "scikit-learn": v("scikit-learn"), "textblob": v("textblob"),
            "vaderSentiment": v("vaderSentiment"), "matplotlib": v("matplotlib")}


def text_basis(arts: pd.DataFrame) -> dict:
    """How many articles have a text, and which analyses rest on titles only.

    Returns ``articles, with_text, title_only, title_only_analyses`` (the analyses whose
    every input was a title), ``need_text`` (analyses that read article text and so had
    nothing to read when no article has one) and ``notes`` (sentences for the report)."""
    n = int(len(arts))
    with_text = int((arts["text"].fillna("").astype(str) != "").sum())
    title_only = n - with_text
    on_titles = ["sentiment", "topics", "actor mentions", "frames"]
    need_text = ["quotes", "actor sentiment", "keyness"]
    notes = []
    if n and with_text == 0:
        notes.append(f"titles only: none of the {n} articles has a text (an export such as Media Cloud's "
                     "or GDELT's gives headlines), so sentiment, topics, actor mentions and frames rest on "
                     "headlines alone, and quotes, actor sentiment and keyness, which read article text, "
                     "found nothing")
    elif title_only:
        notes.append(f"{title_only} of the {n} articles are titles only: their sentiment, topics, actor mentions "
                     f"and frames rest on the headline alone; quotes, actor sentiment and keyness come from the "
                     f"{with_text} articles with text")
    return {"articles": n, "with_text": with_text, "title_only": title_only,
            "title_only_analyses": on_titles if n and with_text == 0 else [],
            "need_text": need_text if n and with_text == 0 else [], "notes": notes}
