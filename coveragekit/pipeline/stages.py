"""The analysis stages and output tables, each declared once.

A **per-article stage** depends on each article alone, so it runs on chunks of articles
(in this process or in worker processes) and its rows can be cached per article content.
Each is one :class:`Stage`: its name, the function it runs on a chunk, its columns and the
order of its gathered table, the setting it is keyed by (the actor table, the frame
lexicon) and the rules behind it (the kit's modules that compute it, third-party lexicons
and libraries), which are part of its cache key.

A **stage across articles** (:class:`Across`: topics, co-occurrence, the time series,
keyness, the agreement of the instruments, the events of the period) is computed once on
the whole run by a function of :mod:`coveragekit.pipeline.across`.

The runner (:mod:`coveragekit.pipeline.run`), the engines, the cache, the early writers and
:func:`coveragekit.write_outputs` loop over :data:`PER_ARTICLE`, :data:`ACROSS_ARTICLES`
and :data:`TABLES`; they know nothing of sentiment or quotes. Adding a per-article table is
one :class:`Stage` (its function below) and one :class:`Table`; the pipeline then computes,
caches and writes it.

Examples
--------
>>> [s.name for s in PER_ARTICLE]
['sentiment', 'spans', 'quotes', 'actor_sentiment', 'frames']
>>> stage("quotes").order
('article_id', 'start')
>>> [s.name for s in ACROSS_ARTICLES]
['topics', 'cooccurrence', 'timeline', 'keyness', 'agreement', 'events']
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._fast.pool import one_process
from ..actors import QUOTE_COLUMNS, SPAN_COLUMNS, ActorMatcher, find_quotes, mention_spans
from ..cache import rules_digest
from ..frames import FrameScorer, score_frames, word_count
from ..schema import COLUMNS
from ..sentiment import actor_sentiment, add_sentiment, add_vader, lexicon_path
from . import across

__all__ = ["ACROSS_ARTICLES", "ARTICLE_COLUMNS", "PER_ARTICLE", "TABLES", "Across", "Context", "Stage", "Table",
           "compute_chunk", "stage", "stage_rules"]

SENTIMENT_COLUMNS = ["polarity", "subjectivity", "title_polarity", "sentiment_basis", "sentiment_note",
                     "sentiment_instrument", "vader_compound"]


@dataclass(frozen=True)
class Context:
    """What the per-article stages of one run share: the tables they read, made once."""

    actor_table: pd.DataFrame
    matcher: ActorMatcher
    frame_lexicon: pd.DataFrame
    frame_scorer: FrameScorer
    es_lexicon: object  # coveragekit.sentiment.spanish_lexicon's lexicon: its digest keys the sentiment stages
    rules: str  # the digest of the role, context and word-rule tables (coveragekit.actors.rules.rules_digest)

    def setting(self, names: str):
        """What a stage is keyed by (see :attr:`Stage.setting`): for each "+"-joined name,
        the table ("actors", "frames"), the Spanish lexicon's digest ("es_lexicon"), the
        rule tables' digest ("rules") or the name itself."""
        values = {"actors": self.actor_table, "frames": self.frame_lexicon,
                  "es_lexicon": "coveragekit-es:" + self.es_lexicon.digest, "rules": "rules:" + self.rules}
        return [values.get(name, name) for name in names.split("+")]


@dataclass(frozen=True)
class Stage:
    """One per-article stage of the analysis.

    ``compute(chunk, context, done)`` returns the stage's rows for a chunk of articles;
    ``done`` holds what the earlier stages computed for the same chunk (a stage listed in
    ``needs`` is computed first even when its own rows come from the cache).
    ``order`` sorts the gathered table (empty: one row per article, merged into the article
    table). ``setting`` names what it is keyed by besides its rules: "actors", "frames", or a
    fixed string. ``modules`` are the kit's modules whose source is part of the cache key
    (tests/test_cache_keys.py traces each stage and fails when one it runs is missing);
    ``lexicons`` the third-party lexicon files it reads; ``packages`` the libraries whose
    version matters."""

    name: str
    compute: Callable[[pd.DataFrame, Context, dict], pd.DataFrame]
    columns: tuple[str, ...]
    order: tuple[str, ...] = ()
    setting: str = ""
    needs: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()


def _n_words(d: pd.DataFrame, done: dict) -> np.ndarray:
    """Words of each article's text, counted once for the sentiment and frame stages."""
    if "_n_words" not in done:
        done["_n_words"] = np.array([word_count(t) for t in d["text"].fillna("").astype(str).tolist()], dtype="int64")
    return done["_n_words"]


def _sentiment(d: pd.DataFrame, ctx: Context, done: dict) -> pd.DataFrame:
    scored = add_vader(add_sentiment(d, lexicon=ctx.es_lexicon))[["article_id"] + SENTIMENT_COLUMNS]
    scored["n_words"] = _n_words(d, done)
    return scored


def _spans(d: pd.DataFrame, ctx: Context, done: dict) -> pd.DataFrame:
    return mention_spans(d, actors=ctx.matcher)


def _quotes(d: pd.DataFrame, ctx: Context, done: dict) -> pd.DataFrame:
    return find_quotes(d, actors=ctx.matcher)


def _actor_sentiment(d: pd.DataFrame, ctx: Context, done: dict) -> pd.DataFrame:
    sp = done["spans"]
    return actor_sentiment(d, sp[sp["field"] == "text"], lexicon=ctx.es_lexicon)


def _frames(d: pd.DataFrame, ctx: Context, done: dict) -> pd.DataFrame:
    # frames count the title's words too
    title_words = np.array([word_count(t) for t in d["title"].fillna("").astype(str).tolist()], dtype="int64")
    return score_frames(d.assign(_words=_n_words(d, done) + title_words), lexicon=ctx.frame_scorer, words="_words")


PER_ARTICLE: list[Stage] = [
    Stage("sentiment", _sentiment, tuple(["article_id"] + SENTIMENT_COLUMNS + ["n_words"]),
          setting="textblob+vader+n_words+es_lexicon",
          modules=("sentiment.articles", "sentiment.vader", "sentiment.scoring", "sentiment.policy",
                   "sentiment.textblob", "sentiment.spanish", "sentiment.spanish_lexicon", "_fast.pattern",
                   "_fast.vader", "_fast.spanish", "clean.language", "text", "frames",
                   "_lexicon", "errors", "_frame", "pipeline.stages"),
          lexicons=("textblob", "vader"), packages=("textblob", "vaderSentiment")),
    Stage("spans", _spans, tuple(SPAN_COLUMNS), order=("article_id", "field", "start"), setting="actors+rules",
          modules=("actors", "actors.table", "actors.matching", "actors.roles", "actors.rules", "actors.mentions", "_fast.fold",
                   "_fast.trie", "text", "errors", "_frame", "pipeline.stages")),
    Stage("quotes", _quotes, tuple(QUOTE_COLUMNS), order=("article_id", "start"), setting="actors+rules",
          modules=("actors", "actors.table", "actors.matching", "actors.roles", "actors.rules", "actors.mentions", "_fast.fold",
                   "_fast.trie", "actors.quotes", "actors.quotes.cues", "actors.quotes.marks",
                   "actors.quotes.speakers", "actors.quotes.attribution", "text", "errors", "_frame", "pipeline.stages")),
    Stage("actor_sentiment", _actor_sentiment,
          ("article_id", "actor", "n_sentences", "polarity", "subjectivity", "sentiment_instrument"),
          order=("article_id", "actor"), setting="actors+rules+es_lexicon", needs=("spans",),
          modules=("sentiment.per_actor", "sentiment.scoring", "sentiment.policy", "sentiment.textblob",
                   "sentiment.spanish", "sentiment.spanish_lexicon", "_fast.pattern", "_fast.spanish", "actors", "actors.table", "actors.matching", "actors.roles", "actors.rules", "actors.mentions", "_fast.fold",
                   "_fast.trie", "clean.language", "text", "errors", "_frame", "pipeline.stages"),
          lexicons=("textblob",), packages=("textblob",)),
    Stage("frames", _frames, ("article_id", "frame", "n", "score"), order=("article_id", "frame"), setting="frames",
          modules=("frames", "_lexicon", "text", "errors", "_frame", "pipeline.stages")),
]

@dataclass(frozen=True)
class Across:
    """One stage that looks across articles, computed once on the whole run.

    ``compute(run)`` returns the table for the :class:`coveragekit.Analysis` field
    ``field``; the run (:class:`coveragekit.pipeline.run.Run`) holds the options, the cache,
    the article table and the tables of the stages before. A stage ``while_per_article``
    starts before the per-article stages are gathered and runs while they compute (the
    topics: they read only the texts). ``modules`` and ``packages`` are its rules, as for a
    :class:`Stage`: they key what it keeps in the cache (the topic weights, the keyness
    counts)."""

    name: str
    compute: Callable
    field: str
    while_per_article: bool = False
    modules: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()


ACROSS_ARTICLES: list[Across] = [
    Across("topics", across.fit_topics, "topics", while_per_article=True,
           modules=("topics", "_lexicon", "_frame", "pipeline.across"), packages=("scikit-learn",)),
    Across("cooccurrence", across.cooccurrence_table, "cooccurrence", modules=("actors", "pipeline.across", "actors.mentions", "_frame")),
    Across("timeline", across.timeline, "timeline", modules=("timeseries", "_frame", "pipeline.across", "periods")),
    Across("keyness", across.keyness_tables, "keyness",
           modules=("timeseries", "_lexicon", "_frame", "pipeline.across")),
    Across("agreement", across.agreement, "agreement", modules=("sentiment.agreement", "pipeline.across", "text", "_frame")),
    Across("events", across.events_in_range, "events", modules=("pipeline.across",)),
]


def stage(name: str) -> Stage | Across:
    """The stage called ``name`` (per article or across articles)."""
    for s in PER_ARTICLE + ACROSS_ARTICLES:
        if s.name == name:
            return s
    raise KeyError(name)


def compute_chunk(d: pd.DataFrame, ctx: Context, which) -> dict:
    """The rows of the stages in ``which`` for one chunk of articles, by stage name."""
    wanted = set(which)
    for s in reversed(PER_ARTICLE):  # what a wanted stage needs is computed too
        if s.name in wanted:
            wanted.update(s.needs)
    done: dict = {}
    # the quote finder looks for persons in the texts again: the matcher remembers the
    # mention search's finds while both run
    searches = wanted & {"spans", "quotes"}
    # the engine has spread the work already: the scorers run in this process, whichever
    # process (a local worker, a Dask worker) computes the chunk
    with one_process(), ctx.matcher.remembering() if len(searches) == 2 else contextlib.nullcontext():
        for s in PER_ARTICLE:
            if s.name in wanted:
                done[s.name] = s.compute(d, ctx, done)
    return {name: done[name] for name in which if name in done}


def _lexicon_files(name: str) -> list[str]:
    if name == "textblob":
        return [lexicon_path()]
    spec = importlib.util.find_spec("vaderSentiment")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec else None
    return sorted(str(p) for p in folder.glob("*lexicon*.txt")) if folder else []


@functools.cache
def stage_rules(name: str) -> str:
    """The digest of the rules behind one stage: part of its cache key."""
    s = stage(name)
    files = [f for lex in s.lexicons for f in _lexicon_files(lex)]
    return rules_digest(modules=s.modules, files=files, packages=s.packages)


def rules_of_every_stage() -> dict:
    """``{stage: stage_rules(stage)}`` for every stage, and the digests of the rule tables a
    stage reads where it runs (the roles and word rules, the Spanish lexicon): compared
    between Dask workers and the process that starts the run."""
    from ..actors.rules import rules_digest
    from ..sentiment.spanish_lexicon import lexicon_digest

    out = {s.name: stage_rules(s.name) for s in PER_ARTICLE + ACROSS_ARTICLES}
    out["the rule tables (data/rules, roles.csv)"] = rules_digest()
    out["the Spanish lexicon"] = lexicon_digest()
    return out


@dataclass(frozen=True)
class Table:
    """One output table: its file, the :class:`coveragekit.Analysis` field it holds and the
    columns written (those present, in this order; all when empty). ``early`` tables are
    final before the time series and are written by a worker meanwhile."""

    file: str
    field: str
    columns: tuple[str, ...] = ()
    early: bool = False
    optional: bool = False  # written only when the field is set

    def select(self, df: pd.DataFrame) -> pd.DataFrame:
        if not self.columns:
            return df
        return df[[c for c in self.columns if c in df.columns]]


ARTICLE_COLUMNS = COLUMNS + [
    "outlet_group", "n_words", *SENTIMENT_COLUMNS, "topic", "topic_weight", "topic_label", "dominant_frame",
    "dup_cluster", "dup_kind",
]

TABLES: list[Table] = [
    Table("articles.csv", "articles", tuple(ARTICLE_COLUMNS), early=True),
    Table("mentions.csv", "mentions", ("article_id", "actor", "kind", "n", "n_role"), early=True),
    Table("quotes.csv", "quotes", ("article_id", "speaker", "actor", "quote", "cue"), early=True),
    Table("topics.csv", "topics"),
    Table("frames.csv", "frames", ("article_id", "frame", "score"), early=True),
    Table("timeline.csv", "timeline"),
    Table("cooccurrence.csv", "cooccurrence"),
    Table("actor_sentiment.csv", "actor_sentiment", early=True),
    Table("keyness.csv", "keyness"),
    Table("sentiment_agreement.csv", "agreement"),
    Table("rejected.csv", "rejected"),
    Table("files.csv", "files"),
    Table("topic_choice.csv", "topic_choice", optional=True),
]
