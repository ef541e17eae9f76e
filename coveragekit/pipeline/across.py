"""The stages that look across articles, each computed once on the whole run.

A per-article stage (:mod:`coveragekit.pipeline.stages`) sees one chunk of articles; these
see them all: the topics (fitted on a seeded sample while the per-article stages run, then
every article placed in them), co-occurrence, the time series, keyness within each language,
the agreement of the two English sentiment instruments, and the events of the period. Each
takes the run (:class:`coveragekit.pipeline.run.Run`: its options, cache, articles and the
tables made so far) and returns its table; the registry in ``stages.ACROSS_ARTICLES`` says
which field of the :class:`coveragekit.Analysis` it fills and which rules key its cache.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from .._version import __version__
from ..actors import cooccurrence
from ..periods import period_start
from ..sentiment import sentiment_agreement
from ..timeseries import keyness, period_counts, period_means, word_counts
from ..topics import (
    MIN_TOPIC_SIZE,
    TopicModel,
    choose_n_topics,
    doc_texts,
    load_topic_model,
    save_topic_model,
    smallest_topic,
    topics_skipped_because,
)
from ..topics import topic_candidates as candidates_for

if TYPE_CHECKING:  # (for the annotations only: run.py imports this module)
    from .run import Run

__all__ = ["Topics", "agreement", "cooccurrence_table", "events_in_range", "fit_topics", "keyness_tables",
           "timeline"]


# -- topics -------------------------------------------------------------------------------

class Topics(NamedTuple):
    """The topics of a run: the model (None when too few articles), every article's weights,
    the choice of the number of topics (None when it was given or reused), that number, why
    topics were skipped ("" when fitted) and the notes for the summary."""

    model: object
    weights: np.ndarray
    choice: pd.DataFrame | None
    n_topics: int
    skipped: str
    notes: list


def fit_topics(run: Run) -> Topics:
    """The topic model and every article's weights: fitted (choosing the number of topics
    when ``n_topics`` is None), or with ``topics_mode="reuse"`` the cached model with the
    cached weights, placing only new articles."""
    o, cache, arts = run.options, run.cache, run.articles
    notes: list = []
    model, n_topics, choice = _reused_model(run, notes)
    reused = model is not None
    docs = None if reused else doc_texts(arts)  # reused topics place only new articles (below)
    fingerprint = None
    if model is None and cache is not None:
        fingerprint = _topics_fingerprint(run, docs)
        model, n_topics, choice = _same_fit_as_before(run, fingerprint, notes, n_topics)
        reused = model is not None
    if model is None:
        with library_notes(notes, "topics"):
            n_topics, choice, why = _number_of_topics(docs, n_topics, o, notes)
            if why:
                return Topics(None, np.zeros((len(arts), 0)), choice, 0, why, notes)
            model = TopicModel(n_topics=n_topics, random_state=o.random_state, fit_sample=o.topic_sample).fit(docs)
        if cache is not None:
            _keep_fit(cache, fingerprint, n_topics, notes, choice, model)
    with library_notes(notes, "topics"):
        weights = _weights(run, model, None if reused else docs)
    small = smallest_topic(weights, n_topics)
    if small < MIN_TOPIC_SIZE:
        notes.append(f"topics: the smallest of the {n_topics} topics holds {small} article"
                     f"{'' if small == 1 else 's'}: read it as one story, not a pattern"
                     + (" (the number of topics was given)" if choice is None else ""))
    return Topics(model, weights, choice, n_topics, "", notes)


def _reused_model(run: Run, notes: list):
    """With ``topics_mode="reuse"``: the saved model (None when there is none to reuse)."""
    n_topics = run.options.n_topics
    if run.options.topics_mode != "reuse" or run.cache is None:
        return None, n_topics, None
    model = load_topic_model(run.cache.folder)
    if model is None:
        run.cache.problems.append("topics: no saved topics to reuse; topics refitted")
        return None, n_topics, None
    return model, model.n_topics, None


def _same_fit_as_before(run: Run, fingerprint: str, notes: list, n_topics):
    """The same documents, options and seed as the run that saved the topics: its model,
    choice and weights are the ones a refit would give (a small re-run no longer spends its
    time choosing k again)."""
    cache = run.cache
    kept = cache.table("topic_fit", fingerprint)
    saved = load_topic_model(cache.folder) if kept is not None and len(kept) == 1 else None
    if saved is None or saved.n_topics != int(kept["n_topics"].iloc[0]):
        return None, n_topics, None
    notes += [n for n in str(kept["notes"].iloc[0]).split("\x1f") if n]
    cache.stats.setdefault("topic_fit", {"hits": 0, "misses": 0})["hits"] += 1
    return saved, saved.n_topics, cache.table("topic_choice", fingerprint)


def _number_of_topics(docs, n_topics, o, notes: list):
    """The number of topics to fit (chosen on the data when not given), the table of the
    choice, and why there are no topics ("" when there are)."""
    choice = None
    why = topics_skipped_because(len(docs), n_topics)
    if not why and n_topics is None:
        cands = candidates_for(len(docs), o.topic_candidates)
        choice = choose_n_topics(docs, candidates=cands, random_state=o.random_state)
        if not choice["recommended"].any():
            why = (f"no number of topics from {cands[0]} to {cands[-1]} gives topics of at least "
                   f"{MIN_TOPIC_SIZE} articles each on these {len(docs)} articles (topic_choice.csv)")
        else:
            n_topics = int(choice.loc[choice["recommended"], "n_topics"].iloc[0])
            if len(cands) == 1:
                notes.append(f"topics: {len(docs)} articles allow only {cands[0]} topics (about "
                             "5 articles per topic), so the number was not a choice")
    return n_topics, choice, why


def _keep_fit(cache, fingerprint: str, n_topics: int, notes: list, choice, model) -> None:
    save_topic_model(model, cache.folder)
    cache.keep("topic_fit", fingerprint, pd.DataFrame({"n_topics": [int(n_topics)], "notes": ["\x1f".join(notes)]}))
    if choice is not None:
        cache.keep("topic_choice", fingerprint, choice)
    cache.stats.setdefault("topic_fit", {"hits": 0, "misses": 0})["misses"] += 1


def _weights(run: Run, model, docs) -> np.ndarray:
    """Every article's topic weights. Reused topics (``docs`` None): articles placed in
    them on an earlier run keep their weights (NMF places each batch to a tolerance, so
    re-placing them could move the last digits); only new articles are placed."""
    if docs is None:
        return _cached_weights(run, model)
    weights = model.transform(docs)  # once: the article columns and the topic table share it
    if run.cache is not None:  # kept for a later run that reuses these topics
        run.cache.drop("topic_weights")  # the old topics' weights
        _cached_weights(run, model, known=weights)
    return weights


def _topics_fingerprint(run: Run, docs) -> str:
    """What a topic fit depends on: the documents in order, the number of topics asked for
    (or the candidates), the seed, the sample size, and the rules of the topic model (the
    kit's topic code and scikit-learn's version)."""
    o = run.options
    h = hashlib.sha256(f"{__version__}\x1f{o.n_topics}\x1f{tuple(o.topic_candidates)}\x1f{o.random_state}\x1f"
                       f"{o.topic_sample}\x1f{run.rules('topics')}".encode())
    for d in docs:
        h.update(d.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def _cached_weights(run: Run, model, known: np.ndarray | None = None) -> np.ndarray:
    """Topic weights of every article from the per-article cache, placing the new ones
    (or taking them from ``known``, weights already computed for the run's articles)."""
    arts = run.articles
    h = hashlib.sha256(np.ascontiguousarray(model.components_).tobytes())
    h.update("\x1f".join(map(str, model.terms_)).encode("utf-8"))
    cols = [f"w{k}" for k in range(model.n_topics)]
    place = _Placer(model, cols, arts if known is not None else None, known)
    got = run.cached("topic_weights", h.hexdigest(), place, ["article_id"] + cols, rules="topics")
    ids = arts["article_id"].to_numpy(dtype=object)
    if len(got) == len(ids) and np.array_equal(got["article_id"].to_numpy(dtype=object), ids):
        return got[cols].to_numpy(dtype="float64")  # one row per article, in order (the usual case)
    got = got.drop_duplicates("article_id").set_index("article_id")
    return got.loc[ids, cols].to_numpy(dtype="float64")


class _Placer:
    """The topic weights of a set of articles as a table: placed by the model, or taken
    from weights already computed for ``arts``."""

    def __init__(self, model, cols, arts, known):
        self.model, self.cols, self.known = model, cols, known
        self.position = {a: i for i, a in enumerate(arts["article_id"].tolist())} if arts is not None else None

    def __call__(self, d: pd.DataFrame) -> pd.DataFrame:
        if self.known is not None:
            w = self.known[[self.position[a] for a in d["article_id"].tolist()]]
        else:
            w = self.model.transform(doc_texts(d))
        return pd.DataFrame({"article_id": d["article_id"].to_numpy(), **{c: w[:, k] for k, c in enumerate(self.cols)}})


class library_notes:
    """Warnings raised by a library (scikit-learn's ConvergenceWarning, numpy's empty
    means) while a step runs, turned into one note each for summary.json and the report,
    never printed with their file paths."""

    def __init__(self, notes: list, step: str):
        self.notes, self.step = notes, step

    def __enter__(self):
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


# -- the stages on the finished article table ---------------------------------------------

def cooccurrence_table(run: Run) -> pd.DataFrame:
    """Pairs of actors named in the same articles."""
    return cooccurrence(run.tables["mentions"])


def timeline(run: Run, *, min_n: int = 5) -> pd.DataFrame:
    """The long table of every series per period: article counts, sentiment means with
    intervals (per instrument), frame, topic and actor shares."""
    arts, mentions, period = run.articles, run.tables["mentions"], run.options.period
    parts = []
    for by in (None, "outlet_group"):
        parts += _counts_and_means(arts, period, by, min_n)
    starts = period_start(arts["published_at"], period)
    totals = starts.value_counts()
    for col, prefix in (("dominant_frame", "frame"), ("topic_label", "topic")):
        vals = arts[col].astype(str)
        g = pd.DataFrame({"period": starts, "v": vals})
        g = g[g["v"] != ""].groupby(["period", "v"]).size().rename("k").reset_index()
        parts.append(_shares(g, totals, prefix + ":" + g["v"]))
    if len(mentions):
        m = mentions[mentions["kind"] != "place"].merge(
            pd.DataFrame({"article_id": arts["article_id"], "period": starts}), on="article_id")
        g = m.groupby(["period", "actor"]).size().rename("k").reset_index()
        parts.append(_shares(g, totals, "actor:" + g["actor"]))
    out = pd.concat(parts, ignore_index=True)
    out["period"] = pd.to_datetime(out["period"]).dt.strftime("%Y-%m-%d")
    out["n"] = out["n"].astype("int64")
    out["instrument"] = out["instrument"].fillna("").astype(str)  # "" for counts and shares
    return out.sort_values(["metric", "group", "instrument", "period"], kind="stable").reset_index(drop=True)


def _counts_and_means(arts: pd.DataFrame, period: str, by, min_n: int) -> list:
    c = period_counts(arts, period=period, by=by)
    parts = [pd.DataFrame({"period": c["period"], "metric": "articles", "group": c[by] if by else "all",
                           "value": c["n"].astype(float), "n": c["n"], "ci_low": np.nan, "ci_high": np.nan})]
    for metric in ("polarity", "subjectivity", "vader_compound"):
        # per instrument (sentiment.policy): TextBlob's and coveragekit-es's means apart
        m = period_means(arts, metric, period=period, by=by, min_n=min_n)
        if metric == "vader_compound":
            m["instrument"] = "vader-en"
        parts.append(m.drop(columns="too_few"))
    return parts


def _shares(g: pd.DataFrame, totals: pd.Series, metric: pd.Series) -> pd.DataFrame:
    """Counts ``k`` per period as shares of the period's articles."""
    n = g["period"].map(totals)
    return pd.DataFrame({"period": g["period"], "metric": metric, "group": "all", "value": g["k"] / n, "n": n,
                         "ci_low": np.nan, "ci_high": np.nan})


def keyness_tables(run: Run) -> pd.DataFrame:
    """Keyness within one language at a time (across languages the language itself would
    be the key word): the English articles' groups, then the Spanish articles' groups; the
    stop words of both languages are left out of both."""
    arts = run.articles
    parts = []
    for lang, name in (("en", "keyness"), ("es", "keyness_es")):
        rows = _TextRows(arts, ((arts["lang"] == lang) & (arts["text"] != "")).to_numpy())
        if rows.groups.nunique() < 2:
            continue
        counts = None
        if run.cache is not None:
            keys = run.key_of_id.loc[rows.ids].to_numpy()
            counts = _keyness_counts(rows, keys, run.cache, run.key(name, run.outlet_table, rules="keyness"),
                                     name=name)
        part = keyness(rows.frame() if counts is None else None, by="outlet_group", top=40,
                       counts=counts).assign(lang=lang)
        if not len(part):
            run.notes.append(f"keyness ({lang}): no word occurs 5 times or more in the {rows.n} articles "
                             "with text: too little text to tell the groups apart")
        parts.append(part)
    if not parts:
        run.notes.append("keyness: not computed: it compares the articles with text of two or more outlet "
                         "groups writing in one language, and no language has two such groups here")
        return pd.DataFrame(columns=["group", "word", "n_group", "n_rest", "delta", "z", "lang"])
    return pd.concat(parts, ignore_index=True)


class _TextRows:
    """The articles of one language that have a text: their ids and groups at once, their
    texts only when words are counted (a re-run counts only its new articles' words)."""

    def __init__(self, arts: pd.DataFrame, mask: np.ndarray):
        self.arts, self.positions = arts, np.flatnonzero(mask)
        self.n = len(self.positions)
        self.groups = arts["outlet_group"].iloc[self.positions]
        self.ids = arts["article_id"].to_numpy()[self.positions]

    def frame(self, take=None) -> pd.DataFrame:
        """The group and text of these articles (or of the ``take``-th of them)."""
        at = self.positions if take is None else self.positions[np.asarray(take, dtype=np.int64)]
        return self.arts[["outlet_group", "text"]].iloc[at]


def _keyness_counts(rows: _TextRows, keys, cache, settings: str, name: str = "keyness") -> dict:
    """The word counts behind keyness, per outlet group, counting only articles that were
    not counted on an earlier run: counts of disjoint sets of articles add up, so when every
    article counted then is still here (a corpus that grew), the old counts plus those of
    the new articles are exactly the counts of all. Otherwise everything is counted again."""
    groups = rows.groups.astype(str).tolist()
    now = Counter(zip(groups, keys))
    counts = _counts_grown_from_before(rows, groups, keys, now, cache, settings, name)
    if counts is None:
        counts = word_counts(rows.frame(), by="outlet_group")
    out = [(g, w, n) for g in sorted(counts) for w, n in counts[g].items()]
    cache.keep(f"{name}_counts", settings, pd.DataFrame(out, columns=["group", "word", "n"]))
    cache.keep(f"{name}_articles", settings,
               pd.DataFrame([(g, k, m) for (g, k), m in now.items()], columns=["group", "_key", "m"]))
    return counts


def _counts_grown_from_before(rows: _TextRows, groups, keys, now: Counter, cache, settings, name):
    """The kept counts plus those of the articles new since (None when some article counted
    then is gone: everything is counted again)."""
    kept, kept_articles = cache.table(f"{name}_counts", settings), cache.table(f"{name}_articles", settings)
    if kept is None or kept_articles is None:
        return None
    then = Counter({(g, k): int(m) for g, k, m in kept_articles[["group", "_key", "m"]].itertuples(index=False)})
    if not all(now[p] >= m for p, m in then.items()):
        return None
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
    for g, c in word_counts(rows.frame(take), by="outlet_group").items():
        counts.setdefault(g, Counter()).update(c)
    return counts


def agreement(run: Run) -> pd.DataFrame:
    """How far TextBlob and VADER agree on the English articles."""
    return sentiment_agreement(run.articles)


def events_in_range(run: Run) -> pd.DataFrame:
    """The events of the event table within the articles' dates (from a month before)."""
    arts, ev = run.articles, run.events
    lo, hi = arts["published_at"].min(), arts["published_at"].max()
    ev_in = ev[(ev["date"] >= lo.normalize() - pd.Timedelta(days=31)) & (ev["date"] <= hi + pd.Timedelta(days=1))]
    return ev_in.reset_index(drop=True)
