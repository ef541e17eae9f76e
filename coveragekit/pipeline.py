"""The whole analysis in one call: what ``coveragekit analyze`` (and the report) run.

:func:`run_analysis` takes loaded articles and returns every table in memory;
:func:`analyze` also writes them into a folder. Same input and options → byte-identical
files: everything is sorted, seeded and free of run times.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._memory import release_free_memory
from .errors import OptionError
from .schema import COLUMNS

__all__ = ["Analysis", "run_analysis", "analyze", "ARTICLE_COLUMNS"]

# From this many articles to analyse, the per-article pass uses worker processes (a
# re-run's few hundred new articles too).
_WORKERS_FROM = 500
# From this many rows in all, the output tables are written by worker processes.
_WRITE_WORKERS_FROM = 200_000

ARTICLE_COLUMNS = COLUMNS + [
    "outlet_group", "n_words", "polarity", "subjectivity", "title_polarity", "sentiment_basis",
    "sentiment_note", "vader_compound", "topic", "topic_weight", "topic_label", "dominant_frame",
    "dup_cluster", "dup_kind",
]


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

    def summary_line(self) -> str:
        s = self.summary["counts"]
        return (f"analysed {s['articles']} articles from {s['outlets']} outlets "
                f"({s['period_start']} to {s['period_end']}); {s['rejected']} records rejected, "
                f"{s['duplicates']} duplicates marked; {s['mentions']} actor mentions, "
                f"{s['quotes']} quotes, {s['topics']} topics")


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    import matplotlib
    import sklearn

    from . import __version__

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return {"coveragekit": __version__, "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": np.__version__, "scikit-learn": sklearn.__version__, "textblob": v("textblob"),
            "vaderSentiment": v("vaderSentiment"), "matplotlib": matplotlib.__version__}


def _timeline(arts: pd.DataFrame, mentions: pd.DataFrame, *, freq: str, min_n: int = 5) -> pd.DataFrame:
    from .timeseries import period_counts, period_means, period_start

    parts = []
    for by in (None, "outlet_group"):
        c = period_counts(arts, freq=freq, by=by)
        parts.append(pd.DataFrame({"period": c["period"], "metric": "articles",
                                   "group": c[by] if by else "all", "value": c["n"].astype(float),
                                   "n": c["n"], "ci_low": np.nan, "ci_high": np.nan}))
        for metric in ("polarity", "subjectivity", "vader_compound"):
            m = period_means(arts, metric, freq=freq, by=by, min_n=min_n)
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
    return out.sort_values(["metric", "group", "period"], kind="stable").reset_index(drop=True)


def run_analysis(loaded, *, actors=None, frames=None, events=None, outlets=None, n_topics: int | None = None,
                 period: str = "month", random_state: int = 0, topic_candidates=(4, 6, 8, 10, 12),
                 topics_mode: str = "refit", cache_dir=None, progress=None, _tables_ready=None) -> Analysis:
    """Run every analysis on loaded articles (a :class:`coveragekit.io.Loaded`).

    With ``cache_dir``, per-article results (sentiment, mentions, quotes, frames, actor
    sentiment) are reused for articles whose content was analysed before with the same
    settings; ``topics_mode="reuse"`` also reuses the saved topics and only places the
    articles in them.
    """
    from .cache import ArticleCache

    options = {"actors": actors, "frames": frames, "events": events, "outlets": outlets, "n_topics": n_topics,
               "period": period, "random_state": random_state, "topic_candidates": topic_candidates,
               "topics_mode": topics_mode, "progress": progress, "tables_ready": _tables_ready}
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
                  topic_candidates, topics_mode, progress, tables_ready=None) -> Analysis:
    from . import __version__
    from ._parallel import n_workers, start_chunks
    from .actors import (
        QUOTE_COLUMNS,
        SPAN_COLUMNS,
        ActorMatcher,
        cooccurrence,
        count_mentions,
        default_actor_table,
        find_quotes,
        mention_spans,
        read_actors,
    )
    from .cache import _stably_sorted, content_keys, settings_hash
    from .datasets import load_events, load_outlets
    from .frames import FrameScorer, _words, add_frames, read_frames, score_frames
    from .rules import rules_digest
    from .sentiment import actor_sentiment, add_sentiment, add_vader, sentiment_agreement
    from .timeseries import keyness, outlet_groups
    from .topics import _with_topics, topic_table

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

    arts["outlet_group"] = outlet_groups(arts, outlet_table).to_numpy()

    # The per-article analyses (sentiment, actor mentions, quotes, actor sentiment,
    # frames) depend on each article alone: they run in one pass over chunks of the
    # articles in worker processes, each chunk doing all of them (quotes reuse the
    # chunk's actor search), while this process fits the topics.
    sent_cols = ["polarity", "subjectivity", "title_polarity", "sentiment_basis", "sentiment_note", "vader_compound"]
    stages = {
        "sentiment": ("textblob+vader+n_words", ["article_id"] + sent_cols + ["n_words"]),
        # the roles and the word rules are read by the mention and quote stages too
        "spans": (settings_hash(actor_table, role_rules), SPAN_COLUMNS),
        "quotes": (settings_hash(actor_table, role_rules), QUOTE_COLUMNS),
        "actor_sentiment": (settings_hash(actor_table, role_rules),
                            ["article_id", "actor", "n_sentences", "polarity", "subjectivity"]),
        "frames": (lexicon, ["article_id", "frame", "n", "score"]),
    }
    stage_settings = {st: settings_hash(__version__, st, setting) for st, (setting, _) in stages.items()}
    if cache is not None:  # the stored rows are read in a thread while the contents are hashed
        cache.prefetch(stage_settings)
    keys = content_keys(arts) if cache is not None else None
    key_of_id = pd.Series(keys.to_numpy(), index=arts["article_id"].to_numpy()) if cache is not None else None

    def cached(stage, settings, compute, columns):
        if cache is None:
            got = compute(arts)
        else:
            got = cache.run(stage, settings_hash(__version__, stage, settings), arts, keys, compute)
        if len(got) == 0:  # an empty result still has its columns
            got = compute(arts.iloc[:0])
        missing = [c for c in columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got

    def per_article(d: pd.DataFrame, which) -> dict:
        # one chunk of articles per worker process, so n_jobs=1: no nested workers
        out = {}
        n_words = None
        if "sentiment" in which or "frames" in which:  # words counted once for both
            n_words = np.array([_words(t) for t in d["text"].fillna("").astype(str).tolist()], dtype="int64")
        if "sentiment" in which:
            scored = add_vader(add_sentiment(d, n_jobs=1), n_jobs=1)[["article_id"] + sent_cols]
            scored["n_words"] = n_words
            out["sentiment"] = scored
        with matcher.remembering():  # find_quotes looks for persons in the texts again
            if "spans" in which or "actor_sentiment" in which:
                out["spans"] = mention_spans(d, actors=matcher)
            if "quotes" in which:
                out["quotes"] = find_quotes(d, actors=matcher)
        if "actor_sentiment" in which:
            sp = out["spans"]
            out["actor_sentiment"] = actor_sentiment(d, sp[sp["field"] == "text"], n_jobs=1)
        if "frames" in which:  # frames count the title's words too
            title_words = np.array([_words(t) for t in d["title"].fillna("").astype(str).tolist()], dtype="int64")
            out["frames"] = score_frames(d.assign(_words=n_words + title_words), lexicon=scorer, words="_words")
        return out

    step("topics")
    plans = None
    if cache is not None:
        plans = {st: cache.plan(st, stage_settings[st], keys) for st in stages}
        need = np.logical_or.reduce([p.need for p in plans.values()])
        which = frozenset(st for st, p in plans.items() if p.need.any())
        todo = arts[need]
        first = todo.loc[~keys[need].duplicated().to_numpy()] if len(todo) else todo  # each content once
    else:
        which, first = frozenset(stages), arts
    chunk = min(1000, max(50, -(-len(first) // (4 * n_workers()))))
    pending = start_chunks(lambda a, b: per_article(first.iloc[a:b], which), len(first) if which else 0,
                           chunk_rows=chunk, min_rows=_WORKERS_FROM)
    try:
        model, weights, choice, n_topics = _fit_topics(arts, cache, cached, n_topics=n_topics,
                                                       topics_mode=topics_mode, random_state=random_state,
                                                       topic_candidates=topic_candidates)
    except BaseException:
        pending.cancel()
        raise

    step("sentiment, actors, quotes and frames")
    parts = pending.result()
    del pending

    # each article's rank by id: the cache sorts the rows of each stage by their
    # article's rank (no comparison of id strings) before gathering them
    id_rank = pd.factorize(arts["article_id"], sort=True)[0] if cache is not None else None

    def collected(st, by=None):
        _, columns = stages[st]
        new = None
        if st in which:
            full = [p[st] for p in parts if len(p[st])]
            new = full[0] if len(full) == 1 else (pd.concat(full, ignore_index=True) if full else parts[0][st])
        if cache is None:
            got = new
            if by and got is not None and len(got):
                got = _stably_sorted(got, by)
        else:  # sorted as it is gathered
            got = cache.finish(plans[st], arts, keys, new, len(first) if st in which else 0,
                               order=(by, id_rank) if by else None)
        if got is None or len(got) == 0:  # an empty result still has its columns
            got = per_article(arts.iloc[:0], {st})[st]
        missing = [c for c in columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got

    sent = collected("sentiment")
    arts = arts.merge(sent, on="article_id", how="left")
    del sent
    arts = _with_topics(arts, model, weights)
    # pandas deep-copies ``attrs`` into every frame derived from this one (each column
    # taken, each merge): with the model there, that was most of a re-run's time
    arts.attrs.pop("topic_model", None)
    topics = topic_table(model, weights)
    del weights

    spans = collected("spans", ["article_id", "field", "start"])
    if len(spans):
        mentions = count_mentions(spans)
    else:
        mentions = pd.DataFrame({"article_id": pd.Series([], dtype="string"), "actor": pd.Series([], dtype="string"),
                                 "kind": pd.Series([], dtype="string"), "n": pd.Series([], dtype="int64"),
                                 "n_role": pd.Series([], dtype="int64")})
    quotes = collected("quotes", ["article_id", "start"])
    co = cooccurrence(mentions)
    a_sent = collected("actor_sentiment", ["article_id", "actor"])
    fscores = collected("frames", ["article_id", "frame"])
    parts = None  # the workers' pieces, now in the tables
    if not len(fscores):
        fscores = pd.DataFrame({"article_id": pd.Series([], dtype="string"), "frame": pd.Series([], dtype="string"),
                                "n": pd.Series([], dtype="int64"), "score": pd.Series([], dtype="float64")})
    arts = add_frames(arts, scores=fscores)
    # the article table is complete now: the duplicate marks (computed by a worker
    # meanwhile) where load() puts them, every column, in order
    if getattr(loaded, "pending_marks", None) is not None:
        from .io import insert_marks

        at = len(loaded.articles.columns)
        insert_marks(arts, loaded.wait_for_marks(), at)
    for c in ARTICLE_COLUMNS:
        if c not in arts.columns:
            arts[c] = ""
    arts = arts.sort_values(["published_at", "article_id"], kind="stable").reset_index(drop=True)
    if tables_ready is not None:  # final now: analyze() starts writing them meanwhile
        tables_ready({"mentions": mentions, "quotes": quotes, "frames": fscores, "actor_sentiment": a_sent,
                      "articles": arts})

    step("time series and keyness")
    timeline = _timeline(arts, mentions, freq=period)
    en = arts[(arts["lang"] == "en") & (arts["text"] != "")]
    if en["outlet_group"].nunique() >= 2:
        counts = None
        if cache is not None:
            en_keys = key_of_id.loc[en["article_id"].to_numpy()].to_numpy()
            counts = _keyness_counts(en, en_keys, cache, settings_hash(__version__, "keyness", outlet_table))
        key = keyness(en, group="outlet_group", top=40, counts=counts)
    else:
        key = pd.DataFrame(columns=["group", "word", "n_group", "n_rest", "delta", "z"])
    agree = sentiment_agreement(arts)
    lo, hi = arts["published_at"].min(), arts["published_at"].max()
    ev_in = ev[(ev["date"] >= lo.normalize() - pd.Timedelta(days=31)) & (ev["date"] <= hi + pd.Timedelta(days=1))]

    rejected = loaded.rejected
    summary = {
        "counts": {
            "records_read": int(loaded.n_read), "articles": int(len(arts)), "rejected": int(len(rejected)),
            "outlets": int(arts["outlet"].nunique()),
            "languages": {str(k): int(v) for k, v in sorted(arts["lang"].value_counts().items())},
            "title_only": int((arts["text"] == "").sum()),
            "duplicates": int(arts["is_duplicate"].sum()) if "is_duplicate" in arts else 0,
            "duplicate_clusters": int(arts.loc[arts["dup_cluster"] != "", "dup_cluster"].nunique()),
            "scored_sentiment": int(arts["polarity"].notna().sum()),
            "mentions": int(mentions["n"].sum()) if len(mentions) else 0,
            "quotes": int(len(quotes)), "topics": int(n_topics),
            "period_start": lo.strftime("%Y-%m-%d"), "period_end": hi.strftime("%Y-%m-%d"),
        },
        "rejected_by_reason": {str(k): int(v) for k, v in sorted(
            rejected["reason"].str.replace(r"'[^']*'", "'…'", regex=True).value_counts().items())},
        "parameters": {"n_topics": int(n_topics), "topics_chosen_on_data": choice is not None,
                       "topics_mode": topics_mode, "period": period, "random_state": int(random_state),
                       "actors": _name(actors), "frames": _name(frames), "events": _name(events),
                       "outlets": _name(outlets)},
        "versions": _versions(),
    }
    if cache is not None:
        summary["cache"] = {"stages": cache.stats, "problems": cache.problems}
        if getattr(loaded, "cache_stats", None):
            summary["cache"]["files"] = dict(loaded.cache_stats)
    return Analysis(articles=arts, rejected=rejected, files=loaded.files, mentions=mentions,
                    mention_spans=spans, quotes=quotes, topics=topics, topic_choice=choice, frames=fscores,
                    timeline=timeline, cooccurrence=co, actor_sentiment=a_sent, keyness=key,
                    agreement=agree, events=ev_in.reset_index(drop=True), summary=summary, topic_model=model)


def _fit_topics(arts, cache, cached, *, n_topics, topics_mode, random_state, topic_candidates):
    """The topic model and every article's weights: fitted (choosing the number of topics
    when ``n_topics`` is None), or with ``topics_mode="reuse"`` the cached model with the
    cached weights, placing only new articles."""
    from .topics import TopicModel, choose_n_topics, doc_texts, load_topic_model, save_topic_model

    choice = None
    model, reused = None, False
    if topics_mode == "reuse" and cache is not None:
        model = load_topic_model(cache.folder)
        if model is None:
            cache.problems.append("topics: no saved topics to reuse; topics refitted")
        else:
            n_topics = model.n_topics
            reused = True
    docs = None if reused else doc_texts(arts)  # reused topics place only new articles (below)
    if model is None:
        if n_topics is None:
            cands = [k for k in topic_candidates if k < len(arts)]
            if not cands:
                raise OptionError(f"{len(arts)} articles are too few to fit topics",
                                  hint="pass --topics with a small number")
            choice = choose_n_topics(docs, candidates=cands, random_state=random_state)
            n_topics = int(choice.loc[choice["recommended"], "n_topics"].iloc[0])
        model = TopicModel(n_topics=n_topics, random_state=random_state).fit(docs)
        if cache is not None:
            save_topic_model(model, cache.folder)
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
    return model, weights, choice, n_topics


def _keyness_counts(en: pd.DataFrame, keys, cache, settings: str) -> dict:
    """The word counts behind keyness, per outlet group, counting only articles that were
    not counted on an earlier run: counts of disjoint sets of articles add up, so when every
    article counted then is still here (a corpus that grew), the old counts plus those of
    the new articles are exactly the counts of all. Otherwise everything is counted again."""
    from collections import Counter

    from .timeseries import word_counts

    groups = en["outlet_group"].astype(str).tolist()
    now = Counter(zip(groups, keys))
    counts = None
    kept, kept_articles = cache.table("keyness_counts", settings), cache.table("keyness_articles", settings)
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
            for g, c in word_counts(en.iloc[take], group="outlet_group").items():
                counts.setdefault(g, Counter()).update(c)
    if counts is None:
        counts = word_counts(en, group="outlet_group")
    rows = [(g, w, n) for g in sorted(counts) for w, n in counts[g].items()]
    cache.keep("keyness_counts", settings, pd.DataFrame(rows, columns=["group", "word", "n"]))
    cache.keep("keyness_articles", settings,
               pd.DataFrame([(g, k, m) for (g, k), m in now.items()], columns=["group", "_key", "m"]))
    return counts


def _cached_weights(model, arts: pd.DataFrame, cached, known: np.ndarray | None = None) -> np.ndarray:
    """Topic weights of every article from the per-article cache, placing the new ones
    (or taking them from ``known``, weights already computed for ``arts``)."""
    import hashlib

    from .topics import doc_texts

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


def _output_tables(result: Analysis) -> dict:
    """The tables :func:`write_outputs` writes, by file name, in their order."""
    tables = {
        "articles.csv": lambda: result.articles[ARTICLE_COLUMNS],
        "mentions.csv": lambda: _mentions_out(result.mentions),
        "quotes.csv": lambda: _quotes_out(result.quotes),
        "topics.csv": lambda: result.topics,
        "frames.csv": lambda: _frames_out(result.frames),
        "timeline.csv": lambda: result.timeline,
        "cooccurrence.csv": lambda: result.cooccurrence,
        "actor_sentiment.csv": lambda: result.actor_sentiment,
        "keyness.csv": lambda: result.keyness,
        "sentiment_agreement.csv": lambda: result.agreement,
        "rejected.csv": lambda: result.rejected,
        "files.csv": lambda: result.files,
    }
    if result.topic_choice is not None:
        tables["topic_choice.csv"] = lambda: result.topic_choice
    return tables


def _mentions_out(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[[c for c in ["article_id", "actor", "kind", "n", "n_role"] if c in mentions]]


def _quotes_out(quotes: pd.DataFrame) -> pd.DataFrame:
    return quotes[[c for c in ["article_id", "speaker", "actor", "quote", "cue"] if c in quotes]]


def _frames_out(frames: pd.DataFrame) -> pd.DataFrame:
    return frames[["article_id", "frame", "score"]]


def _start_writing(tables: dict, out: Path):
    """Write the tables the analysis has just finished (the articles, mentions, quotes,
    frames, actor sentiment) in worker processes while the analysis goes on (here, when
    there are no workers), into temporary files that :func:`write_outputs` puts in place
    with the others: a run that fails later leaves the previous outputs as they were.
    Returns the pending writes."""
    from ._parallel import start_chunks
    from .output import table_bytes, write_temp

    items = [(tables["articles"][ARTICLE_COLUMNS], "articles.csv"),
             (_mentions_out(tables["mentions"]), "mentions.csv"), (_quotes_out(tables["quotes"]), "quotes.csv"),
             (_frames_out(tables["frames"]), "frames.csv"), (tables["actor_sentiment"], "actor_sentiment.csv")]
    items.sort(key=lambda item: -item[0].size)  # the largest first (the articles, then the mentions)
    rows = sum(len(df) for df, _ in items)
    _prepare_out(out)

    def write(a, b):
        return {name: write_temp(out / name, table_bytes(df, out / name)) for df, name in items[a:b]}

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
    from .output import discard

    if out.is_dir():
        for tmp in out.glob(".*.csv.*.tmp"):
            discard(tmp)


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
    from .output import table_bytes, write_json, write_temp

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
                temps[name] = write_temp(out / name, table_bytes(make(), out / name))
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
    written.append(write_json(result.summary, out / "summary.json"))
    return written


def analyze(loaded, *, out, cache: bool = False, **options) -> Analysis:
    """Run :func:`run_analysis` and write its tables into the folder ``out``.

    With ``cache=True`` the per-article cache lives in ``out/.coveragekit-cache``.
    """
    try:
        return _analyze(loaded, out=Path(out), cache=cache, **options)
    except BaseException:
        if hasattr(loaded, "cancel_marks"):  # duplicate marks still being computed: not needed now
            loaded.cancel_marks()
        raise


def _analyze(loaded, *, out: Path, cache: bool, **options) -> Analysis:
    from .errors import OptionError as _OptionError

    if out.exists() and not out.is_dir():
        raise _OptionError(f"--out {out} is a file, not a folder", hint="name a folder for the outputs")
    cache_dir = out / ".coveragekit-cache" if cache else None
    if len(loaded.articles) == 0:
        from .output import write_table

        write_table(loaded.rejected, out / "rejected.csv")
        write_table(loaded.files, out / "files.csv")
        top = loaded.rejected["reason"].value_counts()
        why = f" (most common reason: {top.index[0]})" if len(top) else ""
        raise _OptionError(f"no articles were loaded, so there is nothing to analyse{why}",
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
