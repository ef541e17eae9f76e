"""The whole analysis in one call: what ``coveragekit analyze`` (and the report) run.

:func:`run_analysis` takes loaded articles and returns every table in memory;
:func:`analyze` also writes them into a folder. Same input and options → byte-identical
files: everything is sorted, seeded and free of run times.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from . import output
from ._memory import release_free_memory
from ._parallel import n_workers, start_chunks
from ._version import __version__
from .actors import ActorMatcher, cooccurrence, count_mentions, default_actor_table, read_actors
from .cache import ArticleCache, _stably_sorted, content_keys, settings_hash
from .datasets import load_events, load_outlets
from .engines import engine_spec, start_stage_chunks
from .errors import OptionError
from .frames import FrameScorer, add_frames, read_frames
from .io import as_loaded, insert_marks
from .outdir import claim, owned, record
from .rules import rules_digest
from .sentiment import sentiment_agreement
from .sentiment_es import load_lexicon, resolve_lexicon_option
from .stages import ARTICLE_COLUMNS, PER_ARTICLE, TABLES, Context, compute_chunk, stage, stage_rules
from .timeseries import (
    groups_for_any_coverage,
    keyness,
    outlet_groups,
    period_counts,
    period_means,
    period_start,
    word_counts,
)
from .topics import (
    MIN_TOPIC_SIZE,
    TopicModel,
    assign_topics,
    choose_n_topics,
    doc_texts,
    load_topic_model,
    save_topic_model,
    smallest_topic,
    topic_table,
    topics_skipped_because,
)
from .topics import topic_candidates as candidates_for

__all__ = ["ARTICLE_COLUMNS", "Analysis", "analyze", "run_analysis"]

# From this many articles to analyse, the per-article pass uses worker processes (a
# re-run's few hundred new articles too).
_WORKERS_FROM = 500
# From this many rows in all, the output tables are written by worker processes.
_WRITE_WORKERS_FROM = 200_000



@dataclass
class Analysis:
    """Every table of one analysis run."""

    articles: pd.DataFrame
    rejected: pd.DataFrame
    files: pd.DataFrame
    mentions: pd.DataFrame
    mention_spans: pd.DataFrame
    quotes: pd.DataFrame
    topics: pd.DataFrame
    topic_choice: pd.DataFrame | None
    frames: pd.DataFrame
    timeline: pd.DataFrame
    cooccurrence: pd.DataFrame
    actor_sentiment: pd.DataFrame
    keyness: pd.DataFrame
    agreement: pd.DataFrame
    events: pd.DataFrame
    summary: dict = field(default_factory=dict)
    topic_model: object = None
    lexicon_es: object = field(default=None, repr=False)  # the Spanish sentiment lexicon used (sentiment_es)

    def summary_line(self) -> str:
        s = self.summary["counts"]

        def n(k, word):
            return f"{k} {word}" if k == 1 else f"{k} {word}s"

        return (f"analysed {n(s['articles'], 'article')} from {n(s['outlets'], 'outlet')} "
                f"({s['period_start']} to {s['period_end']}); {n(s['rejected'], 'record')} rejected, "
                f"{n(s['duplicates'], 'duplicate')} marked; {n(s['mentions'], 'actor mention')}, "
                f"{n(s['quotes'], 'quote')}, {n(s['topics'], 'topic')}")


def _versions() -> dict:
    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return {"coveragekit": __version__, "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": np.__version__, "scikit-learn": v("scikit-learn"), "textblob": v("textblob"),
            "vaderSentiment": v("vaderSentiment"), "matplotlib": v("matplotlib")}


def _timeline(arts: pd.DataFrame, mentions: pd.DataFrame, *, freq: str, min_n: int = 5) -> pd.DataFrame:
    parts = []
    for by in (None, "outlet_group"):
        c = period_counts(arts, period=freq, by=by)
        parts.append(pd.DataFrame({"period": c["period"], "metric": "articles",
                                   "group": c[by] if by else "all", "value": c["n"].astype(float),
                                   "n": c["n"], "ci_low": np.nan, "ci_high": np.nan}))
        for metric in ("polarity", "subjectivity", "vader_compound"):
            # per instrument (sentiment_policy): TextBlob's and coveragekit-es's means apart
            m = period_means(arts, metric, period=freq, by=by, min_n=min_n)
            if metric == "vader_compound":
                m["instrument"] = "vader-en"
            parts.append(m.drop(columns="too_few"))
    period = period_start(arts["published_at"], freq)
    totals = period.value_counts()
    for col, prefix in (("dominant_frame", "frame"), ("topic_label", "topic")):
        vals = arts[col].astype(str)
        g = pd.DataFrame({"period": period, "v": vals})
        g = g[g["v"] != ""].groupby(["period", "v"]).size().rename("k").reset_index()
        g["n"] = g["period"].map(totals)
        parts.append(pd.DataFrame({"period": g["period"], "metric": prefix + ":" + g["v"], "group": "all",
                                   "value": g["k"] / g["n"], "n": g["n"], "ci_low": np.nan, "ci_high": np.nan}))
    if len(mentions):
        m = mentions[mentions["kind"] != "place"].merge(
            pd.DataFrame({"article_id": arts["article_id"], "period": period}), on="article_id")
        g = m.groupby(["period", "actor"]).size().rename("k").reset_index()
        g["n"] = g["period"].map(totals)
        parts.append(pd.DataFrame({"period": g["period"], "metric": "actor:" + g["actor"], "group": "all",
                                   "value": g["k"] / g["n"], "n": g["n"], "ci_low": np.nan, "ci_high": np.nan}))
    out = pd.concat(parts, ignore_index=True)
    out["period"] = pd.to_datetime(out["period"]).dt.strftime("%Y-%m-%d")
    out["n"] = out["n"].astype("int64")
    out["instrument"] = out["instrument"].fillna("").astype(str)  # "" for counts and shares
    return out.sort_values(["metric", "group", "instrument", "period"], kind="stable").reset_index(drop=True)


def run_analysis(loaded, *, actors=None, frames=None, events=None, outlets=None, n_topics: int | None = None,
                 period: str = "month", random_state: int = 0, topic_candidates=(4, 6, 8, 10, 12),
                 topics_mode: str = "refit", topic_sample: int | None = 20000, engine="local",
                 scheduler: str | None = None, workers: int | None = None, lexicon=None, cache_dir=None,
                 progress=None, _tables_ready=None) -> Analysis:
    """Run every analysis on loaded articles (a :class:`coveragekit.io.Loaded`, or a
    DataFrame of articles: see :func:`coveragekit.io.as_loaded`).

    With ``cache_dir``, per-article results (sentiment, mentions, quotes, frames, actor
    sentiment) are reused for articles whose content was analysed before with the same
    settings; ``topics_mode="reuse"`` also reuses the saved topics and only places the
    articles in them. ``topic_sample`` is the size of the seeded sample the topics are
    fitted on (None: every article). ``engine="dask"`` runs the per-article stages on a Dask
    cluster, the one at ``scheduler`` or a local one of ``workers`` processes (see
    :mod:`coveragekit.engines`); every table is the same as the local engine's.

    ``lexicon={"es": path}`` scores the Spanish articles with another Spanish sentiment
    lexicon than the bundled ``data/lexicons/sentiment_es.csv``.
    """
    loaded = as_loaded(loaded, verb="run_analysis()")
    options = {"actors": actors, "frames": frames, "events": events, "outlets": outlets, "n_topics": n_topics,
               "period": period, "random_state": random_state, "topic_candidates": topic_candidates,
               "topics_mode": topics_mode, "topic_sample": topic_sample, "progress": progress,
               "tables_ready": _tables_ready,
               "engine": engine_spec(engine, scheduler=scheduler, workers=workers), "sentiment_lexicon": lexicon}
    try:
        if cache_dir is None:
            return _run_analysis(loaded, cache=None, **options)
        cache = ArticleCache(cache_dir)
        with cache.deferred():  # the cache's manifest written once, at the end
            return _run_analysis(loaded, cache=cache, **options)
    except BaseException:
        if hasattr(loaded, "cancel_marks"):  # duplicate marks still being computed: not needed now
            loaded.cancel_marks()
        raise


def _run_analysis(loaded, *, cache, actors, frames, events, outlets, n_topics, period, random_state,
                  topic_candidates, topics_mode, topic_sample, engine, progress, tables_ready=None,
                  sentiment_lexicon=None) -> Analysis:

    report = progress or (lambda name: None)

    def step(name):
        release_free_memory()  # what the last step freed, before the next one allocates
        report(name)

    if period not in ("day", "week", "month"):
        raise OptionError(f"unknown period '{period}'", hint="use day, week or month")
    if topics_mode not in ("refit", "reuse"):
        raise OptionError(f"unknown topics mode '{topics_mode}'", hint="use refit or reuse")
    arts = loaded.articles.copy(deep=False)  # (new columns only: the texts are not copied)
    if len(arts) == 0:
        raise OptionError("no articles were loaded, so there is nothing to analyse",
                          hint="see the rejection table for why each record was rejected")
    actor_table = default_actor_table() if actors is None else (
        actors if isinstance(actors, pd.DataFrame) else read_actors(actors))
    matcher = ActorMatcher(actor_table)
    role_rules = rules_digest()
    lexicon = read_frames(frames) if not isinstance(frames, pd.DataFrame) else frames
    scorer = FrameScorer(lexicon)
    ev = load_events(events) if not isinstance(events, pd.DataFrame) else events
    outlet_table = load_outlets(outlets) if not isinstance(outlets, pd.DataFrame) else outlets
    # the Spanish sentiment lexicon, read (and checked) once; its digest keys the cache
    es_lexicon = load_lexicon(resolve_lexicon_option(sentiment_lexicon))

    arts["outlet_group"] = outlet_groups(arts, outlet_table).to_numpy()
    extra_notes = []
    # outlets the table does not know: the largest compared with the rest instead
    fallback, group_note = groups_for_any_coverage(arts, arts["outlet_group"])
    if group_note:
        arts["outlet_group"] = fallback.to_numpy()
        extra_notes.append(group_note)

    # The per-article stages (coveragekit.stages: sentiment, actor mentions, quotes, actor
    # sentiment, frames) depend on each article alone: they run in one pass over chunks of
    # the articles in worker processes, each chunk doing all of them, while this process
    # fits the topics.
    ctx = Context(actor_table=actor_table, matcher=matcher, frame_lexicon=lexicon, frame_scorer=scorer,
                  es_lexicon=es_lexicon, rules=role_rules)
    stage_settings = {st.name: settings_hash(__version__, st.name, *ctx.setting(st.setting), stage_rules(st.name))
                      for st in PER_ARTICLE}
    if cache is not None:  # the stored rows are read in a thread while the contents are hashed
        cache.prefetch(stage_settings)
    keys = content_keys(arts) if cache is not None else None
    key_of_id = pd.Series(keys.to_numpy(), index=arts["article_id"].to_numpy()) if cache is not None else None

    def cached(name, settings, compute, columns):
        if cache is None:
            got = compute(arts)
        else:
            got = cache.run(name, settings_hash(__version__, name, settings, stage_rules(name)), arts, keys, compute)
        if len(got) == 0:  # an empty result still has its columns
            got = compute(arts.iloc[:0])
        missing = [c for c in columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got

    step("topics")
    plans = None
    if cache is not None:
        plans = {st: cache.plan(st, settings, keys) for st, settings in stage_settings.items()}
        need = np.logical_or.reduce([p.need for p in plans.values()])
        which = frozenset(st for st, p in plans.items() if p.need.any())
        todo = arts[need]
        first = todo.loc[~keys[need].duplicated().to_numpy()] if len(todo) else todo  # each content once
    else:
        which, first = frozenset(stage_settings), arts
    chunk = min(1000, max(50, -(-len(first) // (4 * n_workers()))))
    pending = start_stage_chunks(engine, compute_chunk, first, ctx, which, chunk_rows=chunk, min_rows=_WORKERS_FROM)
    try:
        model, weights, choice, n_topics, topics_skipped, notes = _fit_topics(
            arts, cache, cached, n_topics=n_topics, topics_mode=topics_mode, random_state=random_state,
            topic_candidates=topic_candidates, topic_sample=topic_sample)
    except BaseException:
        pending.cancel()
        raise

    step("sentiment, actors, quotes and frames")
    parts = pending.result()
    del pending

    # each article's rank by id: the cache sorts the rows of each stage by their
    # article's rank (no comparison of id strings) before gathering them
    id_rank = pd.factorize(arts["article_id"], sort=True)[0] if cache is not None else None

    def collected(name):
        st = stage(name)
        by = list(st.order) or None
        new = None
        if name in which:
            full = [p[name] for p in parts if len(p[name])]
            new = full[0] if len(full) == 1 else (pd.concat(full, ignore_index=True) if full else parts[0][name])
        if cache is None:
            got = new
            if by and got is not None and len(got):
                got = _stably_sorted(got, by)
        else:  # sorted as it is gathered
            got = cache.finish(plans[name], arts, keys, new, len(first) if name in which else 0,
                               order=(by, id_rank) if by else None)
        if got is None or len(got) == 0:  # an empty result still has its columns
            got = compute_chunk(arts.iloc[:0], ctx, {name})[name]
        missing = [c for c in st.columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got

    sent = collected("sentiment")
    arts = arts.merge(sent, on="article_id", how="left")
    del sent
    if model is not None:
        arts = assign_topics(arts, model, weights)
        topics = topic_table(model, weights)
    else:  # too few articles for topics: every article in none, and the reason in the summary
        arts = arts.assign(topic=np.full(len(arts), -1, dtype="int64"), topic_weight=0.0,
                           topic_label=pd.array([""] * len(arts), dtype="string"))
        topics = pd.DataFrame({"topic": pd.Series([], dtype="int64"), "label": pd.Series([], dtype="object"),
                               "terms": pd.Series([], dtype="object"), "n_articles": pd.Series([], dtype="int64")})
    del weights

    spans = collected("spans")
    if len(spans):
        mentions = count_mentions(spans)
    else:
        mentions = pd.DataFrame({"article_id": pd.Series([], dtype="string"), "actor": pd.Series([], dtype="string"),
                                 "kind": pd.Series([], dtype="string"), "n": pd.Series([], dtype="int64"),
                                 "n_role": pd.Series([], dtype="int64")})
    quotes = collected("quotes")
    co = cooccurrence(mentions)
    a_sent = collected("actor_sentiment")
    fscores = collected("frames")
    parts = None  # the workers' pieces, now in the tables
    if not len(fscores):
        fscores = pd.DataFrame({"article_id": pd.Series([], dtype="string"), "frame": pd.Series([], dtype="string"),
                                "n": pd.Series([], dtype="int64"), "score": pd.Series([], dtype="float64")})
    arts = add_frames(arts, scores=fscores)
    # the article table is complete now: the duplicate marks (computed by a worker
    # meanwhile) where load() puts them, every column, in order
    if getattr(loaded, "pending_marks", None) is not None:
        at = len(loaded.articles.columns)
        insert_marks(arts, loaded.wait_for_marks(), at)
    for c in ARTICLE_COLUMNS:
        if c not in arts.columns:
            arts[c] = ""
    arts = arts.sort_values(["published_at", "article_id"], kind="stable").reset_index(drop=True)
    if tables_ready is not None:  # final now: analyze() starts writing them meanwhile
        finished = {"articles": arts, "mentions": mentions, "quotes": quotes, "frames": fscores,
                    "actor_sentiment": a_sent}
        tables_ready({t.field: finished[t.field] for t in TABLES if t.early})

    step("time series and keyness")
    timeline = _timeline(arts, mentions, freq=period)
    # keyness within one language at a time (across languages the language itself would be
    # the key word): the English articles' groups, then the Spanish articles' groups; the
    # stop words of both languages are left out of both
    key_parts = []
    for lang, name in (("en", "keyness"), ("es", "keyness_es")):
        sub = arts[(arts["lang"] == lang) & (arts["text"] != "")]
        if sub["outlet_group"].nunique() < 2:
            continue
        counts = None
        if cache is not None:
            sub_keys = key_of_id.loc[sub["article_id"].to_numpy()].to_numpy()
            counts = _keyness_counts(sub, sub_keys, cache,
                                     settings_hash(__version__, name, outlet_table, stage_rules("keyness")), name=name)
        part = keyness(sub, by="outlet_group", top=40, counts=counts).assign(lang=lang)
        if not len(part):
            extra_notes.append(f"keyness ({lang}): no word occurs 5 times or more in the {len(sub)} articles "
                               "with text: too little text to tell the groups apart")
        key_parts.append(part)
    if not key_parts:
        extra_notes.append("keyness: not computed: it compares the articles with text of two or more outlet "
                           "groups writing in one language, and no language has two such groups here")
    key = (pd.concat(key_parts, ignore_index=True) if key_parts
           else pd.DataFrame(columns=["group", "word", "n_group", "n_rest", "delta", "z", "lang"]))
    agree = sentiment_agreement(arts)
    lo, hi = arts["published_at"].min(), arts["published_at"].max()
    ev_in = ev[(ev["date"] >= lo.normalize() - pd.Timedelta(days=31)) & (ev["date"] <= hi + pd.Timedelta(days=1))]

    rejected = loaded.rejected
    summary = {
        "counts": {
            "records_read": int(loaded.n_read), "articles": len(arts), "rejected": len(rejected),
            "outlets": int(arts["outlet"].nunique()),
            "languages": {str(k): int(v) for k, v in sorted(arts["lang"].value_counts().items())},
            "title_only": int((arts["text"] == "").sum()),
            "duplicates": int(arts["is_duplicate"].sum()) if "is_duplicate" in arts else 0,
            "duplicate_clusters": int(arts.loc[arts["dup_cluster"] != "", "dup_cluster"].nunique()),
            "scored_sentiment": int(arts["polarity"].notna().sum()),
            "scored_sentiment_by_instrument": {
                str(k): int(v) for k, v in sorted(
                    arts.loc[arts["polarity"].notna(), "sentiment_instrument"].value_counts().items())},
            "mentions": int(mentions["n"].sum()) if len(mentions) else 0,
            "quotes": len(quotes), "topics": int(n_topics),
            "period_start": lo.strftime("%Y-%m-%d"), "period_end": hi.strftime("%Y-%m-%d"),
        },
        "rejected_by_reason": {str(k): int(v) for k, v in sorted(
            rejected["reason"].str.replace(r"'[^']*'", "'…'", regex=True).value_counts().items())},
        "parameters": {"n_topics": int(n_topics), "topics_chosen_on_data": choice is not None,
                       "topics_mode": topics_mode, "topic_sample": topic_sample, "period": period,
                       "random_state": int(random_state),
                       "actors": _name(actors), "frames": _name(frames), "events": _name(events),
                       "outlets": _name(outlets), "lexicon_es": _name(None if sentiment_lexicon is None else es_lexicon.path)},
        "versions": _versions(),
        "engine": {"name": engine.name, **engine.info},
    }
    # what each analysis rests on, and what it could not say (issue 17): the report's
    # notes block reads these
    basis = text_basis(arts)
    summary["text_basis"] = basis
    summary["topics"] = {"fitted": model is not None, "n_topics": int(n_topics),
                         "articles": int(len(arts)), "skipped_because": topics_skipped}
    all_notes = list(basis["notes"])
    if topics_skipped:
        all_notes.append(f"topics: not fitted: {topics_skipped}")
    all_notes += notes + list(extra_notes)
    summary["notes"] = all_notes
    if cache is not None:
        summary["cache"] = {"stages": cache.stats, "problems": cache.problems}
        if getattr(loaded, "cache_stats", None):
            summary["cache"]["files"] = dict(loaded.cache_stats)
    return Analysis(articles=arts, rejected=rejected, files=loaded.files, mentions=mentions,
                    mention_spans=spans, quotes=quotes, topics=topics, topic_choice=choice, frames=fscores,
                    timeline=timeline, cooccurrence=co, actor_sentiment=a_sent, keyness=key,
                    agreement=agree, events=ev_in.reset_index(drop=True), summary=summary, topic_model=model,
                    lexicon_es=es_lexicon)


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


def _fit_topics(arts, cache, cached, *, n_topics, topics_mode, random_state, topic_candidates, topic_sample):
    """The topic model and every article's weights: fitted (choosing the number of topics
    when ``n_topics`` is None), or with ``topics_mode="reuse"`` the cached model with the
    cached weights, placing only new articles."""
    choice = None
    model, reused = None, False
    notes = []
    if topics_mode == "reuse" and cache is not None:
        model = load_topic_model(cache.folder)
        if model is None:
            cache.problems.append("topics: no saved topics to reuse; topics refitted")
        else:
            n_topics = model.n_topics
            reused = True
    docs = None if reused else doc_texts(arts)  # reused topics place only new articles (below)
    fingerprint = None
    if model is None and cache is not None:
        # the same documents, options and seed as the run that saved the topics: its model,
        # choice and weights are the ones a refit would give (a small re-run no longer
        # spends its time choosing k again)
        fingerprint = _topics_fingerprint(docs, n_topics, topic_candidates, random_state, topic_sample)
        kept = cache.table("topic_fit", fingerprint)
        saved = load_topic_model(cache.folder) if kept is not None and len(kept) == 1 else None
        if saved is not None and saved.n_topics == int(kept["n_topics"].iloc[0]):
            model, reused, n_topics = saved, True, saved.n_topics
            choice = cache.table("topic_choice", fingerprint)
            notes += [n for n in str(kept["notes"].iloc[0]).split("\x1f") if n]
            cache.stats.setdefault("topic_fit", {"hits": 0, "misses": 0})["hits"] += 1
    if model is None:
        with _library_notes(notes, "topics"):
            why = topics_skipped_because(len(docs), n_topics)
            if not why and n_topics is None:
                cands = candidates_for(len(docs), topic_candidates)
                choice = choose_n_topics(docs, candidates=cands, random_state=random_state)
                if not choice["recommended"].any():
                    why = (f"no number of topics from {cands[0]} to {cands[-1]} gives topics of at least "
                           f"{MIN_TOPIC_SIZE} articles each on these {len(docs)} articles (topic_choice.csv)")
                else:
                    n_topics = int(choice.loc[choice["recommended"], "n_topics"].iloc[0])
                    if len(cands) == 1:
                        notes.append(f"topics: {len(docs)} articles allow only {cands[0]} topics (about "
                                     "5 articles per topic), so the number was not a choice")
            if why:
                return None, np.zeros((len(arts), 0)), choice, 0, why, notes
            model = TopicModel(n_topics=n_topics, random_state=random_state, fit_sample=topic_sample).fit(docs)
        if cache is not None:
            save_topic_model(model, cache.folder)
            cache.keep("topic_fit", fingerprint, pd.DataFrame({"n_topics": [int(n_topics)],
                                                               "notes": ["\x1f".join(notes)]}))
            if choice is not None:
                cache.keep("topic_choice", fingerprint, choice)
            cache.stats.setdefault("topic_fit", {"hits": 0, "misses": 0})["misses"] += 1
    with _library_notes(notes, "topics"):
        if reused:
            # reused topics: articles placed in them on an earlier run keep their weights
            # (NMF places each batch to a tolerance, so re-placing them could move the last
            # digits); only new articles are placed
            weights = _cached_weights(model, arts, cached)
        else:
            weights = model.transform(docs)  # once: the article columns and the topic table share it
            if cache is not None:  # kept for a later run that reuses these topics
                cache.drop("topic_weights")  # the old topics' weights
                _cached_weights(model, arts, cached, known=weights)
    small = smallest_topic(weights, n_topics)
    if small < MIN_TOPIC_SIZE:
        notes.append(f"topics: the smallest of the {n_topics} topics holds {small} article"
                     f"{'' if small == 1 else 's'}: read it as one story, not a pattern"
                     + (" (the number of topics was given)" if choice is None else ""))
    return model, weights, choice, n_topics, "", notes


def _topics_fingerprint(docs, n_topics, candidates, random_state, sample) -> str:
    """What a topic fit depends on: the documents in order, the number of topics asked for
    (or the candidates), the seed, the sample size, and the rules of the topic model (the
    kit's topic code and scikit-learn's version)."""
    h = hashlib.sha256(f"{__version__}\x1f{n_topics}\x1f{tuple(candidates)}\x1f{random_state}\x1f{sample}\x1f"
                       f"{stage_rules('topic_weights')}".encode())
    for d in docs:
        h.update(d.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


class _library_notes:
    """Warnings raised by a library (scikit-learn's ConvergenceWarning, numpy's empty
    means) while a step runs, turned into one note each for summary.json and the report,
    never printed with their file paths."""

    def __init__(self, notes: list, step: str):
        self.notes, self.step = notes, step

    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings(record=True)
        self._seen = self._catch.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)
        for w in self._seen:
            note = _note_for(w, self.step)
            if note and note not in self.notes:
                self.notes.append(note)
        return False


def _note_for(w, step: str) -> str:
    name = w.category.__name__
    text = str(w.message).split("\n")[0]
    if name == "ConvergenceWarning":
        return (f"{step}: the model stopped at its iteration limit before it converged; the topics are "
                "usable but may change a little with --seed")
    if name in ("DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"):
        return ""
    return f"{step}: {text}"


def _keyness_counts(en: pd.DataFrame, keys, cache, settings: str, name: str = "keyness") -> dict:
    """The word counts behind keyness, per outlet group, counting only articles that were
    not counted on an earlier run: counts of disjoint sets of articles add up, so when every
    article counted then is still here (a corpus that grew), the old counts plus those of
    the new articles are exactly the counts of all. Otherwise everything is counted again."""
    groups = en["outlet_group"].astype(str).tolist()
    now = Counter(zip(groups, keys))
    counts = None
    kept, kept_articles = cache.table(f"{name}_counts", settings), cache.table(f"{name}_articles", settings)
    if kept is not None and kept_articles is not None:
        then = Counter({(g, k): int(m) for g, k, m in kept_articles[["group", "_key", "m"]].itertuples(index=False)})
        if all(now[p] >= m for p, m in then.items()):
            counts = {g: Counter(dict(zip(sub["word"], sub["n"].astype(int).tolist())))
                      for g, sub in kept.groupby("group", sort=False)}
            need = now - then
            if not need:
                return counts
            take = []
            for i, pair in enumerate(zip(groups, keys)):
                if need[pair] > 0:
                    take.append(i)
                    need[pair] -= 1
            for g, c in word_counts(en.iloc[take], by="outlet_group").items():
                counts.setdefault(g, Counter()).update(c)
    if counts is None:
        counts = word_counts(en, by="outlet_group")
    rows = [(g, w, n) for g in sorted(counts) for w, n in counts[g].items()]
    cache.keep(f"{name}_counts", settings, pd.DataFrame(rows, columns=["group", "word", "n"]))
    cache.keep(f"{name}_articles", settings,
               pd.DataFrame([(g, k, m) for (g, k), m in now.items()], columns=["group", "_key", "m"]))
    return counts


def _cached_weights(model, arts: pd.DataFrame, cached, known: np.ndarray | None = None) -> np.ndarray:
    """Topic weights of every article from the per-article cache, placing the new ones
    (or taking them from ``known``, weights already computed for ``arts``)."""

    h = hashlib.sha256(np.ascontiguousarray(model.components_).tobytes())
    h.update("\x1f".join(map(str, model.terms_)).encode("utf-8"))
    cols = [f"w{k}" for k in range(model.n_topics)]

    position = {a: i for i, a in enumerate(arts["article_id"].tolist())} if known is not None else None

    def place(d):
        if known is not None:
            w = known[[position[a] for a in d["article_id"].tolist()]]
        else:
            w = model.transform(doc_texts(d))
        return pd.DataFrame({"article_id": d["article_id"].to_numpy(), **{c: w[:, k] for k, c in enumerate(cols)}})

    got = cached("topic_weights", h.hexdigest(), place, ["article_id"] + cols)
    ids = arts["article_id"].to_numpy(dtype=object)
    if len(got) == len(ids) and np.array_equal(got["article_id"].to_numpy(dtype=object), ids):
        return got[cols].to_numpy(dtype="float64")  # one row per article, in order (the usual case)
    got = got.drop_duplicates("article_id").set_index("article_id")
    return got.loc[ids, cols].to_numpy(dtype="float64")


def _name(table) -> str:
    if table is None:
        return "default"
    if isinstance(table, pd.DataFrame):
        return "table given in Python"
    return Path(str(table)).name


# Every file analyze() may write into the output folder (the report adds report.html):
# what the output folder's manifest guards (coveragekit.outdir).
OUTPUT_FILES = tuple(t.file for t in TABLES) + ("summary.json",)


def _output_tables(result: Analysis) -> dict:
    """The tables :func:`write_outputs` writes (``coveragekit.stages.TABLES``), by file name,
    in their order."""
    return {t.file: functools.partial(lambda t: t.select(getattr(result, t.field)), t) for t in TABLES
            if not (t.optional and getattr(result, t.field) is None)}


def _start_writing(tables: dict, out: Path):
    """Write the tables the analysis has just finished (the articles, mentions, quotes,
    frames, actor sentiment) in worker processes while the analysis goes on (here, when
    there are no workers), into temporary files that :func:`write_outputs` puts in place
    with the others: a run that fails later leaves the previous outputs as they were.
    Returns the pending writes."""
    items = [(t.select(tables[t.field]), t.file) for t in TABLES if t.early]
    items.sort(key=lambda item: -item[0].size)  # the largest first (the articles, then the mentions)
    rows = sum(len(df) for df, _ in items)
    _prepare_out(out)

    def write(a, b):
        return {name: output.write_temp(out / name, output.table_bytes(df, out / name)) for df, name in items[a:b]}

    # the two writers hold the cores: other chunked work (keyness on a first run) runs in
    # this process meanwhile rather than start two more workers (measured at 100k: 4.3 GB
    # of memory over five processes, against the 4 GB goal)
    return start_chunks(write, len(items), chunk_rows=1, min_rows=1,
                        workers=None if rows >= _WRITE_WORKERS_FROM else 1)


def _drop_started(started, out: Path) -> None:
    """A failed run: stop the early writes and delete what they wrote."""
    started.cancel()
    _drop_temporary_files(out)


def _drop_temporary_files(out: Path) -> None:
    """Delete temporary files of output tables (from a failed run, or one that was
    killed before it could put its tables in place)."""
    if out.is_dir():
        for tmp in out.glob(".*.csv.*.tmp"):
            output.discard(tmp)


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OptionError(f"cannot create the output folder {out}: {exc.strerror or exc}",
                          hint="name a folder you can write to") from None


def write_outputs(result: Analysis, out, *, started=None) -> list[Path]:
    """Write the tables of ``result`` into the folder ``out`` (each file atomically).

    ``started``: the pending writes of tables already being written (from
    :func:`_start_writing`), waited for here."""
    out = Path(out)
    _prepare_out(out)
    tables = _output_tables(result)
    temps = {}
    try:
        if started is not None:  # written meanwhile by a worker, not yet in place
            temps = {name: tmp for part in started.result() for name, tmp in part.items()}
        # a long table (the articles) is formatted in pieces by worker processes
        for name, make in tables.items():
            if name not in temps:
                temps[name] = output.write_temp(out / name, output.table_bytes(make(), out / name))
    except BaseException:  # every temporary table file goes, written here or early
        if started is not None:
            started.cancel()
        _drop_temporary_files(out)
        raise
    written = []
    for name in tables:  # every table is complete: each put in place
        os.replace(temps[name], out / name)
        written.append(out / name)
    _drop_temporary_files(out)  # any left by an early writer that failed (its tables were written again)
    written.append(output.write_json(result.summary, out / "summary.json"))
    if "topic_choice.csv" not in tables and "topic_choice.csv" in owned(out):
        (out / "topic_choice.csv").unlink(missing_ok=True)  # an earlier run's, for topics not fitted now
    record(out, [p.name for p in written])
    return written


def analyze(loaded, *, out, cache: bool = False, force: bool = False, **options) -> Analysis:
    """Run :func:`run_analysis` and write its tables into the folder ``out``.

    With ``cache=True`` the per-article cache lives in ``out/.coveragekit-cache``. Files in
    ``out`` that the kit did not write are never replaced unless ``force=True``
    (:mod:`coveragekit.outdir`): the run stops first, naming them.
    """
    loaded = as_loaded(loaded, verb="analyze()")
    claim(Path(out), OUTPUT_FILES, force=force)
    try:
        return _analyze(loaded, out=Path(out), cache=cache, **options)
    except BaseException:
        if hasattr(loaded, "cancel_marks"):  # duplicate marks still being computed: not needed now
            loaded.cancel_marks()
        raise


def _analyze(loaded, *, out: Path, cache: bool, **options) -> Analysis:
    if out.exists() and not out.is_dir():
        raise OptionError(f"--out {out} is a file, not a folder", hint="name a folder for the outputs")
    cache_dir = out / ".coveragekit-cache" if cache else None
    if len(loaded.articles) == 0:
        output.write_table(loaded.rejected, out / "rejected.csv")
        output.write_table(loaded.files, out / "files.csv")
        record(out, ["rejected.csv", "files.csv"])
        top = loaded.rejected["reason"].value_counts()
        why = f" (most common reason: {top.index[0]})" if len(top) else ""
        raise OptionError(f"no articles were loaded, so there is nothing to analyse{why}",
                           hint=f"every rejected record and its reason is in {out / 'rejected.csv'}")
    _drop_temporary_files(out)  # left by a run that was killed
    started = []

    def tables_ready(tables):  # written by a worker while the analysis goes on
        started.append(_start_writing(tables, out))

    try:
        result = run_analysis(loaded, cache_dir=cache_dir, _tables_ready=tables_ready, **options)
    except BaseException:
        for pending in started:
            _drop_started(pending, out)
        raise
    release_free_memory()
    if options.get("progress"):
        options["progress"]("writing outputs")
    write_outputs(result, out, started=started[0] if started else None)
    return result
