"""The whole analysis in one call: :func:`run_analysis` takes loaded articles and returns
every table in memory (:func:`coveragekit.pipeline.outputs.analyze` also writes them).

A run goes through the registry (:mod:`coveragekit.pipeline.stages`) in four steps:

1. **prepare**: check the options, read the tables (actors, frames, events, outlets, the
   Spanish lexicon), give each article its outlet group;
2. **per article**: start the per-article stages on the engine, in chunks of the articles
   that the cache does not hold, and meanwhile compute the stages across articles that read
   only the texts (the topics);
3. **gather**: each per-article table put back in order (with the cached rows), and the
   article table completed (sentiment, topics, frames, the duplicate marks);
4. **across articles**: the other stages across articles (co-occurrence, time series,
   keyness, agreement, events), then the summary.

Same input and options → the same tables on every engine: everything is sorted, seeded and
free of run times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._fast.pool import n_workers
from .._memory import release_free_memory
from .._version import __version__
from ..actors import ActorMatcher, count_mentions, default_actor_table, read_actors
from ..actors.rules import rules_digest
from ..cache import ArticleCache, content_keys, settings_hash, stably_sorted
from ..datasets import load_events, load_outlets
from ..errors import OptionError
from ..frames import FrameScorer, add_frames, read_frames
from ..io import as_loaded, with_marks
from ..sentiment.spanish_lexicon import load_lexicon, resolve_lexicon_option
from ..timeseries import groups_for_any_coverage, outlet_groups
from ..topics import assign_topics, topic_table
from .across import Topics
from .engines import EngineSpec, engine_spec, start_stage_chunks
from .stages import (
    ACROSS_ARTICLES,
    ARTICLE_COLUMNS,
    PER_ARTICLE,
    TABLES,
    Context,
    compute_chunk,
    stage,
    stage_rules,
)
from .summary import summary_of

__all__ = ["Analysis", "Options", "Run", "run_analysis"]

# From this many articles to analyse, the per-article pass uses worker processes (a
# re-run's few hundred new articles too).
_WORKERS_FROM = 500


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
    lexicon_es: object = field(default=None, repr=False)  # the Spanish sentiment lexicon used (sentiment.spanish_lexicon)

    def summary_line(self) -> str:
        s = self.summary["counts"]

        def n(k, word):
            return f"{k} {word}" if k == 1 else f"{k} {word}s"

        return (f"analysed {n(s['articles'], 'article')} from {n(s['outlets'], 'outlet')} "
                f"({s['period_start']} to {s['period_end']}); {n(s['rejected'], 'record')} rejected, "
                f"{n(s['duplicates'], 'duplicate')} marked; {n(s['mentions'], 'actor mention')}, "
                f"{n(s['quotes'], 'quote')}, {n(s['topics'], 'topic')}")


@dataclass(frozen=True)
class Options:
    """The options of one run, with their defaults (those of :func:`run_analysis`)."""

    actors: object = None
    frames: object = None
    events: object = None
    outlets: object = None
    n_topics: int | None = None
    period: str = "month"
    random_state: int = 0
    topic_candidates: tuple = (4, 6, 8, 10, 12)
    topics_mode: str = "refit"
    topic_sample: int | None = 20000
    engine: EngineSpec = field(default_factory=EngineSpec)
    lexicon: object = None
    progress: object = None

    @classmethod
    def of(cls, *, engine="local", scheduler=None, workers=None, **options) -> Options:
        """The options of a call (an unknown keyword is a TypeError, as for any function)."""
        o = cls(engine=engine_spec(engine, scheduler=scheduler, workers=workers), **options)
        if o.period not in ("day", "week", "month"):
            raise OptionError(f"unknown period '{o.period}'", hint="use day, week or month")
        if o.topics_mode not in ("refit", "reuse"):
            raise OptionError(f"unknown topics mode '{o.topics_mode}'", hint="use refit or reuse")
        return o


_DEFAULT = Options()


def run_analysis(loaded, *, actors=_DEFAULT.actors, frames=_DEFAULT.frames, events=_DEFAULT.events,
                 outlets=_DEFAULT.outlets, n_topics: int | None = _DEFAULT.n_topics, period: str = _DEFAULT.period,
                 random_state: int = _DEFAULT.random_state, topic_candidates=_DEFAULT.topic_candidates,
                 topics_mode: str = _DEFAULT.topics_mode, topic_sample: int | None = _DEFAULT.topic_sample,
                 engine="local", scheduler: str | None = None, workers: int | None = None,
                 lexicon=_DEFAULT.lexicon, cache_dir=None, progress=None) -> Analysis:
    """Run every analysis on loaded articles (a :class:`coveragekit.io.Loaded`, or a
    DataFrame of articles: see :func:`coveragekit.io.as_loaded`).

    With ``cache_dir``, per-article results (sentiment, mentions, quotes, frames, actor
    sentiment) are reused for articles whose content was analysed before with the same
    settings; ``topics_mode="reuse"`` also reuses the saved topics and only places the
    articles in them. ``topic_sample`` is the size of the seeded sample the topics are
    fitted on (None: every article). ``engine="dask"`` runs the per-article stages on a Dask
    cluster, the one at ``scheduler`` or a local one of ``workers`` processes (see
    :mod:`coveragekit.pipeline.engines`); every table is the same as the local engine's.

    ``lexicon={"es": path}`` scores the Spanish articles with another Spanish sentiment
    lexicon than the bundled ``data/lexicons/sentiment_es.csv``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": ["2025-02-20", "2025-03-04", "2025-03-05"],
    ...                    "outlet": ["Wire", "Diario", "Wire"],
    ...                    "title": ["US designates cartels as terrorist organizations",
    ...                              "Sheinbaum: cooperación sí, invasión no", "Hegseth says strikes will go on"],
    ...                    "text": ["The State Department said the cartels were designated.",
    ...                             "La presidenta dijo que no habrá invasión.",
    ...                             "The Pentagon said the strikes would go on."]})
    >>> result = run_analysis(df)
    >>> result.summary["counts"]["articles"], sorted(result.articles["lang"])
    (3, ['en', 'en', 'es'])
    >>> result.summary["topics"]["skipped_because"][:38]
    '3 articles are too few for topics: a t'
    """
    options = Options.of(actors=actors, frames=frames, events=events, outlets=outlets, n_topics=n_topics,
                         period=period, random_state=random_state, topic_candidates=topic_candidates,
                         topics_mode=topics_mode, topic_sample=topic_sample, engine=engine, scheduler=scheduler,
                         workers=workers, lexicon=lexicon, progress=progress)
    return execute(as_loaded(loaded, verb="run_analysis()"), options, cache_dir=cache_dir)


def execute(loaded, options: Options, *, cache_dir=None, tables_ready=None) -> Analysis:
    """The run of :func:`run_analysis`; ``tables_ready(tables)`` is called with the tables
    that are final before the stages across articles (``Table.early``), so that
    :func:`coveragekit.analyze` writes them meanwhile."""
    opened_here = not options.engine.is_open  # a cluster opened by this run is closed by it
    try:
        if cache_dir is None:
            return _analysis(loaded, options, None, tables_ready)
        cache = ArticleCache(cache_dir)
        with cache.deferred():  # the cache's manifest written once, at the end
            return _analysis(loaded, options, cache, tables_ready)
    except BaseException:
        if hasattr(loaded, "cancel_marks"):  # duplicate marks still being computed: not needed now
            loaded.cancel_marks()
        raise
    finally:
        if opened_here:
            options.engine.close()


@dataclass
class Run:
    """One analysis run as it goes: its options and shared tables, the article table, and
    the tables each stage has made (``tables``, by :class:`Analysis` field)."""

    loaded: object
    options: Options
    cache: ArticleCache | None
    articles: pd.DataFrame
    ctx: Context
    outlet_table: pd.DataFrame
    events: pd.DataFrame
    stage_settings: dict
    keys: pd.Series | None = None  # each article's content key (with a cache)
    key_of_id: pd.Series | None = None
    notes: list = field(default_factory=list)  # notes for the summary, in the order they arose
    tables: dict = field(default_factory=dict)

    def step(self, name: str) -> None:
        release_free_memory()  # what the last step freed, before the next one allocates
        if self.options.progress:
            self.options.progress(name)

    def rules(self, name: str) -> str:
        """The digest of the rules of the stage ``name``."""
        return stage_rules(name)

    def key(self, name: str, *settings, rules: str | None = None) -> str:
        """The cache key of what ``name`` keeps, under these settings and the rules of the
        stage ``rules`` (default: ``name``)."""
        return settings_hash(__version__, name, *settings, stage_rules(rules or name))

    def cached(self, name: str, settings, compute, columns, *, rules: str | None = None) -> pd.DataFrame:
        """``compute(articles)``, or with a cache the stored rows of the articles it holds
        and ``compute`` of the others."""
        arts = self.articles
        if self.cache is None:
            got = compute(arts)
        else:
            got = self.cache.run(name, self.key(name, settings, rules=rules), arts, self.keys, compute)
        if len(got) == 0:  # an empty result still has its columns
            got = compute(arts.iloc[:0])
        missing = [c for c in columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got


def _analysis(loaded, options: Options, cache, tables_ready) -> Analysis:
    run = _prepare(loaded, options, cache)
    run.step("topics")
    plans, which, first = _plan(run)
    chunk = min(1000, max(50, -(-len(first) // (4 * n_workers()))))
    pending = start_stage_chunks(options.engine, compute_chunk, first, run.ctx, which, chunk_rows=chunk,
                                 min_rows=_WORKERS_FROM)
    try:  # while the chunks compute: the stages across articles that read only the texts
        started = {st.name: st.compute(run) for st in ACROSS_ARTICLES if st.while_per_article}
    except BaseException:
        pending.cancel()
        raise
    run.step("sentiment, actors, quotes and frames")
    parts = pending.result()
    del pending
    gather = _Gatherer(run, parts, plans, which, len(first))
    del parts
    _complete_articles(run, gather, started["topics"])
    if tables_ready is not None:  # final now: analyze() starts writing them meanwhile
        tables_ready({t.field: run.tables[t.field] for t in TABLES if t.early})
    run.step("time series and keyness")
    for st in ACROSS_ARTICLES:
        if not st.while_per_article:
            run.tables[st.field] = st.compute(run)
    topics = started["topics"]
    summary = summary_of(run, topics)
    return Analysis(rejected=loaded.rejected, files=loaded.files,
                    topic_choice=topics.choice, summary=summary, topic_model=topics.model,
                    lexicon_es=run.ctx.es_lexicon, **run.tables)


def _prepare(loaded, options: Options, cache) -> Run:
    """Check the input, read the shared tables, give each article its outlet group."""
    arts = loaded.articles.copy(deep=False)  # (new columns only: the texts are not copied)
    if len(arts) == 0:
        raise OptionError("no articles were loaded, so there is nothing to analyse",
                          hint="see the rejection table for why each record was rejected")
    o = options
    actor_table = default_actor_table() if o.actors is None else (
        o.actors if isinstance(o.actors, pd.DataFrame) else read_actors(o.actors))
    lexicon = read_frames(o.frames) if not isinstance(o.frames, pd.DataFrame) else o.frames
    events = load_events(o.events) if not isinstance(o.events, pd.DataFrame) else o.events
    outlet_table = load_outlets(o.outlets) if not isinstance(o.outlets, pd.DataFrame) else o.outlets
    # the Spanish sentiment lexicon, read (and checked) once; its digest keys the cache
    es_lexicon = load_lexicon(resolve_lexicon_option(o.lexicon))
    ctx = Context(actor_table=actor_table, matcher=ActorMatcher(actor_table), frame_lexicon=lexicon,
                  frame_scorer=FrameScorer(lexicon), es_lexicon=es_lexicon, rules=rules_digest())

    notes = []
    arts["outlet_group"] = outlet_groups(arts, outlet_table).to_numpy()
    # outlets the table does not know: the largest compared with the rest instead
    fallback, group_note = groups_for_any_coverage(arts, arts["outlet_group"])
    if group_note:
        arts["outlet_group"] = fallback.to_numpy()
        notes.append(group_note)

    stage_settings = {st.name: settings_hash(__version__, st.name, *ctx.setting(st.setting), stage_rules(st.name))
                      for st in PER_ARTICLE}
    run = Run(loaded=loaded, options=o, cache=cache, articles=arts, ctx=ctx, outlet_table=outlet_table,
              events=events, stage_settings=stage_settings, notes=notes)
    if cache is not None:
        cache.prefetch(stage_settings)  # the stored rows are read in a thread while the contents are hashed
        run.keys = content_keys(arts)
        run.key_of_id = pd.Series(run.keys.to_numpy(), index=arts["article_id"].to_numpy())
    return run


def _plan(run: Run):
    """Which per-article stages to compute, and on which articles: all of them, or with a
    cache only the stages and the articles (each content once) it does not hold."""
    if run.cache is None:
        return None, frozenset(run.stage_settings), run.articles
    keys, arts = run.keys, run.articles
    plans = {st: run.cache.plan(st, settings, keys) for st, settings in run.stage_settings.items()}
    need = np.logical_or.reduce([p.need for p in plans.values()])
    which = frozenset(st for st, p in plans.items() if p.need.any())
    todo = arts[need]
    first = todo.loc[~keys[need].duplicated().to_numpy()] if len(todo) else todo  # each content once
    return plans, which, first


class _Gatherer:
    """The per-article tables, each put together from the engine's pieces (and the
    cache's rows) in the order its stage declares."""

    def __init__(self, run: Run, parts: list, plans, which, n_computed: int):
        self.run, self.plans, self.which, self.n_computed = run, plans, which, n_computed
        # each stage's new rows, the pieces of the chunks put together (the pieces go)
        self.new = {}
        for name in which:
            full = [p[name] for p in parts if len(p[name])]
            self.new[name] = full[0] if len(full) == 1 else (pd.concat(full, ignore_index=True) if full
                                                              else parts[0][name])
        # each article's rank by id: the cache sorts the rows of each stage by their
        # article's rank (no comparison of id strings) before gathering them
        self.id_rank = pd.factorize(run.articles["article_id"], sort=True)[0] if run.cache is not None else None

    def table(self, name: str) -> pd.DataFrame:
        run, st = self.run, stage(name)
        by = list(st.order) or None
        new = self.new.pop(name, None)
        if run.cache is None:
            got = new
            if by and got is not None and len(got):
                got = stably_sorted(got, by)
        else:  # sorted as it is gathered
            got = run.cache.finish(self.plans[name], run.articles, run.keys, new,
                                   self.n_computed if name in self.which else 0,
                                   order=(by, self.id_rank) if by else None)
        if got is None or len(got) == 0:  # an empty result still has its columns
            got = compute_chunk(run.articles.iloc[:0], run.ctx, {name})[name]
        missing = [c for c in st.columns if c not in got.columns]
        if missing:
            got = pd.concat([got, pd.DataFrame(columns=missing)], axis=1)
        return got


_EMPTY_MENTIONS = {"article_id": "string", "actor": "string", "kind": "string", "n": "int64", "n_role": "int64"}
_EMPTY_FRAMES = {"article_id": "string", "frame": "string", "n": "int64", "score": "float64"}
_EMPTY_TOPICS = {"topic": "int64", "label": "object", "terms": "object", "n_articles": "int64"}


def _empty(dtypes: dict) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in dtypes.items()})


def _complete_articles(run: Run, gather: _Gatherer, topics: Topics) -> None:
    """The per-article tables into ``run.tables``, and the article table completed: its
    sentiment, topics and frames, the duplicate marks, every column, sorted by date."""
    arts = run.articles.merge(gather.table("sentiment"), on="article_id", how="left")
    arts, run.tables["topics"] = _place_topics(arts, topics)
    spans = gather.table("spans")
    run.tables["mention_spans"] = spans
    run.tables["mentions"] = count_mentions(spans) if len(spans) else _empty(_EMPTY_MENTIONS)
    run.tables["quotes"] = gather.table("quotes")
    run.tables["actor_sentiment"] = gather.table("actor_sentiment")
    fscores = gather.table("frames")
    if not len(fscores):
        fscores = _empty(_EMPTY_FRAMES)
    run.tables["frames"] = fscores
    arts = add_frames(arts, scores=fscores)
    # the duplicate marks (computed by a worker meanwhile) where load() puts them
    loaded = run.loaded
    if getattr(loaded, "pending_marks", None) is not None:
        arts = with_marks(arts, loaded.wait_for_marks().articles, at=len(loaded.articles.columns))
    for c in ARTICLE_COLUMNS:
        if c not in arts.columns:
            arts[c] = ""
    run.articles = arts.sort_values(["published_at", "article_id"], kind="stable").reset_index(drop=True)
    run.tables["articles"] = run.articles


def _place_topics(arts: pd.DataFrame, topics: Topics):
    """The articles with their topic columns, and the topic table."""
    if topics.model is None:  # too few articles for topics: every article in none, the reason in the summary
        arts = arts.assign(topic=np.full(len(arts), -1, dtype="int64"), topic_weight=0.0,
                           topic_label=pd.array([""] * len(arts), dtype="string"))
        return arts, _empty(_EMPTY_TOPICS)
    return assign_topics(arts, topics.model, topics.weights), topic_table(topics.model, topics.weights)
