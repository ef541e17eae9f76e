"""Topic clusters with scikit-learn: a :class:`TopicModel` estimator (TF-IDF + NMF by
default, LDA on counts as an option), :func:`add_topics` for notebooks, and
:func:`choose_n_topics`, which reports the evidence for a number of topics.

Topics are word-use patterns, not subjects a reader would name: read the top terms and a
few articles before trusting a label. In a bilingual corpus the first split is often the
language itself; fit per language (filter ``lang``) when that is not what you want.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import vstack
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import (
    NMF,
    LatentDirichletAllocation,
    MiniBatchNMF,
    non_negative_factorization,
)
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from ._fast.pool import run_chunks
from ._frame import as_articles
from ._lexicon import fold, stop_words
from .errors import OptionError
from .output import atomic_write_bytes, atomic_write_text

__all__ = ["TopicModel", "add_topics", "assign_topics", "topic_weights", "topic_table", "choose_n_topics", "doc_texts",
           "save_topic_model", "load_topic_model", "topic_candidates", "topics_skipped_because",
           "MIN_ARTICLES_PER_TOPIC", "MIN_TOPIC_SIZE"]


def topics_skipped_because(n_docs: int, n_topics: int | None = None) -> str:
    """Why topics are not fitted on ``n_docs`` articles (``n_topics`` of them, when the
    user asked for a number), or "" when they are.

    >>> topics_skipped_because(7)
    '7 articles are too few for topics: a topic needs about 5 articles, so two topics need at least 10'
    >>> topics_skipped_because(226), topics_skipped_because(3, n_topics=2)[:28]
    ('', '3 articles are too few for 2')
    """
    need = 2 * MIN_ARTICLES_PER_TOPIC
    if n_topics is not None:
        if n_topics < 1:
            return f"{n_topics} topics were asked for: give a number from 2"
        if n_docs < max(2, n_topics) * 2:
            if n_docs < 4:
                return (f"{_articles(n_docs)} too few for {n_topics} topics: even a number of topics that is "
                        "given needs at least 4 articles (two per topic, two topics)")
            return (f"{_articles(n_docs)} too few for {n_topics} topics: ask for at most "
                    f"{n_docs // 2} (two articles per topic at the very least), or leave the number "
                    "to the kit")
        return ""
    if n_docs < need:
        return (f"{_articles(n_docs)} too few for topics: a topic needs about {MIN_ARTICLES_PER_TOPIC} "
                f"articles, so two topics need at least {need}")
    return ""


def _articles(n: int) -> str:
    return "1 article is" if n == 1 else f"{n} articles are"


def topic_candidates(n_docs: int, candidates=(4, 6, 8, 10, 12)) -> list[int]:
    """The numbers of topics worth comparing on ``n_docs`` articles: the ``candidates``
    that leave about :data:`MIN_ARTICLES_PER_TOPIC` articles per topic, filled in with
    every k from 2 up when fewer than :data:`MIN_CANDIDATES` of them are left.

    >>> topic_candidates(7), topic_candidates(12), topic_candidates(20), topic_candidates(226)
    ([], [2], [2, 3, 4], [4, 6, 8, 10, 12])
    """
    max_k = n_docs // MIN_ARTICLES_PER_TOPIC
    if max_k < 2:
        return []
    cands = sorted({int(k) for k in candidates if 2 <= k <= max_k})
    if len(cands) < MIN_CANDIDATES:
        cands = sorted(set(cands) | set(range(2, min(max_k, 2 + MIN_CANDIDATES - 1) + 1)))
    return cands

_TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"

# When topics say something. A topic is a pattern of words shared by several articles:
# with fewer articles per topic than this, NMF gives each article a topic of its own (seen
# on seven headlines: six "topics", one per article, "stability 0.95"). So the kit fits
# topics only from 2 x MIN_ARTICLES_PER_TOPIC articles, compares only numbers of topics k
# with k x MIN_ARTICLES_PER_TOPIC <= articles, and never recommends a k whose model leaves a
# topic with fewer than MIN_TOPIC_SIZE articles.
MIN_ARTICLES_PER_TOPIC = 5
MIN_TOPIC_SIZE = 3
# A choice of k compares at least this many candidates where the articles allow it.
MIN_CANDIDATES = 3


def doc_texts(df: pd.DataFrame, *, text: str = "text", title: str = "title") -> list[str]:
    """Title and text of each article, joined: the documents the topic model reads.

    Examples
    --------
    >>> doc_texts(pd.DataFrame({"title": ["Boats", "Tariffs", None], "text": ["A strike.", "", "No invasion."]}))
    ['Boats\\nA strike.', 'Tariffs\\n', '\\nNo invasion.']
    """
    df = as_articles(df, verb="doc_texts()", text=text, title=title, need_lang=False, need_id=False)
    return [f"{a}\n{b}" for a, b in zip(df[title].fillna("").astype(str), df[text].fillna("").astype(str))]


def _documents(X) -> list[str]:
    """The documents of ``X``: an articles frame's :func:`doc_texts`, else ``X`` as a list."""
    return doc_texts(X) if isinstance(X, pd.DataFrame) else list(X)


class TopicModel(TransformerMixin, BaseEstimator):
    """Topics as non-negative factors of the document-term matrix.

    Parameters
    ----------
    n_topics : int
    method : {"nmf", "lda", "minibatch-nmf"}
        NMF on TF-IDF (default), LDA on counts, or MiniBatch NMF for large corpora.
    langs : tuple of str
        Languages whose stop words are removed (English and Spanish by default).
    max_features, min_df, max_df : vectoriser options.
    n_top_terms : int
        Terms kept per topic for ``top_terms_`` and labels.
    random_state : int
    max_iter : int
    fit_sample : int or None, default 20000
        With more documents than this, the vocabulary and the topics are learned from a
        random sample of this many (drawn with ``random_state``, so the same every run),
        and :meth:`transform` then places every document in them. The cost of fitting
        stops growing with the corpus; what is lost is vocabulary that only unsampled
        documents use (a word must appear in ``min_df`` sampled documents). Measured on
        the benchmark corpus (``make bench``, 100,000 articles): see bench/README.md.
        None fits on every document. Corpora up to this size are fitted as before.

    Attributes
    ----------
    vectorizer_, model_, components_ (topics × terms), terms_ (vocabulary),
    top_terms_ (list of lists), labels_ (one string per topic), n_fit_docs_ (documents
    the model was fitted on)

    Examples
    --------
    >>> docs = ["tariff trade steel export", "tariff export trade", "strike boat navy",
    ...         "boat strike caribbean navy", "tariff steel trade", "navy boat strike"]
    >>> tm = TopicModel(n_topics=2, min_df=1, random_state=0).fit(docs)
    >>> sorted(tm.transform(docs).argmax(axis=1).tolist()) == [0, 0, 0, 1, 1, 1]
    True
    """

    def __init__(self, n_topics=8, *, method="nmf", langs=("en", "es"), max_features=20000,
                 min_df=2, max_df=0.9, n_top_terms=10, random_state=0, max_iter=400, fit_sample=20000):
        self.n_topics = n_topics
        self.method = method
        self.langs = langs
        self.max_features = max_features
        self.min_df = min_df
        self.max_df = max_df
        self.n_top_terms = n_top_terms
        self.random_state = random_state
        self.max_iter = max_iter
        self.fit_sample = fit_sample

    def _vectorizer(self, n_docs=None):
        min_df, max_df = self.min_df, self.max_df
        if n_docs is not None and n_docs < 20:
            # a handful of documents: keep every word rather than fail on an empty vocabulary
            min_df, max_df = 1, 1.0
        kw = dict(preprocessor=fold, token_pattern=_TOKEN_PATTERN, stop_words=stop_words(self.langs),
                  max_features=self.max_features, min_df=min_df, max_df=max_df)
        if self.method == "lda":
            return CountVectorizer(**kw)
        return TfidfVectorizer(sublinear_tf=True, **kw)

    def _model(self):
        if self.method == "nmf":
            return NMF(n_components=self.n_topics, init="nndsvda", random_state=self.random_state,
                       max_iter=self.max_iter)
        if self.method == "minibatch-nmf":
            return MiniBatchNMF(n_components=self.n_topics, init="nndsvda", batch_size=2048,
                                random_state=self.random_state, max_iter=self.max_iter)
        if self.method == "lda":
            return LatentDirichletAllocation(n_components=self.n_topics, learning_method="batch",
                                             random_state=self.random_state, max_iter=min(self.max_iter, 50))
        raise OptionError(f"unknown topic method '{self.method}'", hint="use nmf, minibatch-nmf or lda")

    def fit(self, X, y=None):
        """Learn the vocabulary and the topics of ``X``: documents (strings) or an
        articles frame (its titles and texts, as :func:`doc_texts` joins them)."""
        docs = _documents(X)
        if len(docs) < max(2, self.n_topics):
            raise OptionError(f"{len(docs)} documents are too few for {self.n_topics} topics",
                              hint="use fewer topics or more articles")
        if self.fit_sample is not None and len(docs) > self.fit_sample:
            rng = np.random.default_rng(self.random_state)
            docs = [docs[i] for i in np.sort(rng.choice(len(docs), size=int(self.fit_sample), replace=False))]
        self.n_fit_docs_ = len(docs)
        self.vectorizer_ = self._vectorizer(len(docs))
        try:
            dtm = self.vectorizer_.fit_transform(docs)
        except ValueError as exc:
            raise OptionError(f"no vocabulary left to model ({exc})",
                              hint="lower min_df or check that the articles have text") from None
        self.model_ = self._model().fit(dtm)
        self.components_ = self.model_.components_
        self.terms_ = self.vectorizer_.get_feature_names_out()
        order = np.argsort(-self.components_, axis=1, kind="stable")[:, : self.n_top_terms]
        self.top_terms_ = [[str(self.terms_[j]) for j in row] for row in order]
        self.labels_ = [" / ".join(t[:3]) for t in self.top_terms_]
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        """Document-topic weights of ``X`` (documents or an articles frame), each row summing
        to 1 (0 for a document with no known term)."""
        check_is_fitted(self, "model_")
        w = self.model_.transform(self._document_terms(_documents(X)))
        s = w.sum(axis=1, keepdims=True)
        return np.divide(w, s, out=np.zeros_like(w), where=s > 0)

    def _document_terms(self, docs: list[str]):
        """``vectorizer_.transform(docs)``; long lists are vectorised in parallel chunks
        (each row depends on its document alone, so the matrix is the same)."""
        parts = run_chunks(lambda a, b: self.vectorizer_.transform(docs[a:b]), len(docs), min_rows=4000)
        if len(parts) == 1:
            return parts[0]
        return vstack(parts, format="csr")

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "model_")
        return np.array([f"topic_{k}" for k in range(self.n_topics)], dtype=object)


class _FixedNMF:
    """The transform half of a saved NMF model: components fixed, documents projected."""

    def __init__(self, components, *, max_iter=400, random_state=0):
        self.components_ = components
        self.max_iter = max_iter
        self.random_state = random_state

    def transform(self, X):
        W, _, _ = non_negative_factorization(X, H=self.components_, n_components=self.components_.shape[0],
                                             init="custom", update_H=False, max_iter=self.max_iter,
                                             random_state=self.random_state)
        return W


def save_topic_model(model: TopicModel, folder) -> None:
    """Save a fitted NMF topic model as plain arrays (``topics.npz``) and JSON — no pickle."""
    check_is_fitted(model, "model_")
    if model.method == "lda":
        raise OptionError("only NMF topic models can be saved for reuse", hint="use method nmf")
    buf = io.BytesIO()
    np.savez(buf, components=model.components_, idf=model.vectorizer_.idf_)
    data = buf.getvalue()
    folder = Path(folder)
    atomic_write_bytes(folder / "topics.npz", data)
    meta = {"params": model.get_params(), "terms": [str(t) for t in model.terms_],
            "labels": model.labels_, "top_terms": model.top_terms_, "sha256": hashlib.sha256(data).hexdigest()}
    atomic_write_text(folder / "topics.json", json.dumps(meta, sort_keys=True))


def load_topic_model(folder) -> TopicModel | None:
    """A model saved by :func:`save_topic_model`, or None when it is missing or damaged."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / "topics.json").read_text("utf-8"))
        data = (folder / "topics.npz").read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            return None
        arrays = np.load(io.BytesIO(data), allow_pickle=False)
        model = TopicModel(**meta["params"])
        vec = model._vectorizer()
        vec.set_params(vocabulary={t: i for i, t in enumerate(meta["terms"])})
        vec.fit(["x"])  # builds the analyzer for the fixed vocabulary
        vec.idf_ = arrays["idf"]
        model.vectorizer_ = vec
        model.model_ = _FixedNMF(arrays["components"], max_iter=model.max_iter, random_state=model.random_state)
        model.components_ = arrays["components"]
        model.terms_ = np.array(meta["terms"], dtype=object)
        model.top_terms_ = meta["top_terms"]
        model.labels_ = meta["labels"]
        model.n_features_in_ = 1
        return model
    except (OSError, ValueError, KeyError, TypeError):
        return None


def topic_table(model: TopicModel, weights: np.ndarray | None = None) -> pd.DataFrame:
    """One row per topic: ``topic, label, terms, n_articles`` (articles whose top topic it is).

    Examples
    --------
    >>> d = pd.DataFrame({"title": ["", "", ""], "text": ["tariff trade steel", "navy boat strike",
    ...                                                    "tariff steel trade"]})
    >>> model = TopicModel(n_topics=2, min_df=1).fit(d)
    >>> t = topic_table(model, model.transform(d))
    >>> t.columns.tolist(), sorted(t["n_articles"].tolist())
    (['topic', 'label', 'terms', 'n_articles'], [1, 2])
    """
    check_is_fitted(model, "model_")
    n = [0] * model.n_topics
    if weights is not None and len(weights):
        top = weights.argmax(axis=1)
        has = weights.sum(axis=1) > 0
        for k in range(model.n_topics):
            n[k] = int(((top == k) & has).sum())
    return pd.DataFrame({"topic": range(model.n_topics), "label": model.labels_,
                         "terms": [" ".join(t) for t in model.top_terms_], "n_articles": n})


def add_topics(df: pd.DataFrame, *, n_topics: int = 8, random_state: int = 0, model: TopicModel | None = None,
               method: str = "nmf", text: str = "text", title: str = "title") -> pd.DataFrame:
    """Add ``topic`` (the top topic, -1 when the article has no modelled word),
    ``topic_weight`` and ``topic_label``; returns a new frame.

    Fits a :class:`TopicModel` unless a fitted ``model`` is given (then the articles are
    only transformed). The frame carries no model: to keep the model (its terms, its
    :func:`topic_table`, :func:`topic_weights`), fit it first, as with scikit-learn, and
    pass it in: ``model = TopicModel(n_topics=8).fit(df)``, then ``add_topics(df, model=model)``.

    Examples
    --------
    >>> d = pd.DataFrame({"title": ["", "", ""], "text": ["tariff trade steel", "navy boat strike",
    ...                                                    "tariff steel trade"]})
    >>> model = TopicModel(n_topics=2, min_df=1).fit(d)
    >>> out = add_topics(d, model=model)
    >>> out["topic"].tolist()[0] == out["topic"].tolist()[2] != out["topic"].tolist()[1]
    True
    >>> sorted(out.columns[2:]), out.attrs
    (['topic', 'topic_label', 'topic_weight'], {})
    """
    df = as_articles(df, verb="add_topics()", text=text, title=title, need_lang=False, need_id=False)
    docs = doc_texts(df, text=text, title=title)
    if model is None:
        model = TopicModel(n_topics=n_topics, method=method, random_state=random_state).fit(docs)
    return assign_topics(df, model, model.transform(docs))


def assign_topics(df: pd.DataFrame, model: TopicModel, weights: np.ndarray) -> pd.DataFrame:
    """The columns of :func:`add_topics` (``topic, topic_weight, topic_label``) from
    document-topic ``weights`` already computed (one row per row of ``df``, as
    ``model.transform`` gives them); returns a new frame.

    Examples
    --------
    >>> d = pd.DataFrame({"title": ["", "", ""], "text": ["tariff trade steel", "navy boat strike",
    ...                                                    "tariff steel trade"]})
    >>> model = TopicModel(n_topics=2, min_df=1).fit(d)
    >>> out = assign_topics(d, model, np.array([[0.9, 0.1], [0.2, 0.8], [0.0, 0.0]]))
    >>> out["topic"].tolist(), out["topic_weight"].tolist(), out["topic_label"].tolist()[2]
    ([0, 1, -1], [0.9, 0.8, 0.0], '')
    """
    w = weights
    out = df.copy()
    top = w.argmax(axis=1) if len(w) else np.array([], dtype=int)
    has = w.sum(axis=1) > 0 if len(w) else np.array([], dtype=bool)
    out["topic"] = np.where(has, top, -1).astype("int64")
    out["topic_weight"] = np.where(has, w.max(axis=1) if len(w) else 0.0, 0.0)
    labels = np.array(model.labels_ + [""], dtype=object)
    out["topic_label"] = pd.array(labels[out["topic"].to_numpy()], dtype="string")
    return out


def topic_weights(df: pd.DataFrame, model: TopicModel, *, min_weight: float = 0.0) -> pd.DataFrame:
    """Document-topic weights, long: ``article_id, topic, weight`` (ids made for a frame
    that has none, as :func:`coveragekit._frame.made_ids` makes them).

    Examples
    --------
    >>> d = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["", "", ""],
    ...                   "text": ["tariff trade steel", "navy boat strike", "tariff steel trade"]})
    >>> model = TopicModel(n_topics=2, min_df=1).fit(d)
    >>> w = topic_weights(d, model, min_weight=0.5)
    >>> w["article_id"].tolist(), bool(w["topic"].iloc[0] == w["topic"].iloc[2] != w["topic"].iloc[1])
    (['a', 'b', 'c'], True)
    """
    df = as_articles(df, verb="topic_weights()", need_lang=False)
    w = model.transform(doc_texts(df))
    ids = np.repeat(df["article_id"].astype(str).to_numpy(), model.n_topics)
    topics = np.tile(np.arange(model.n_topics), len(df))
    out = pd.DataFrame({"article_id": ids, "topic": topics, "weight": w.ravel()})
    return out[out["weight"] > min_weight].reset_index(drop=True)


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def _stability(runs) -> float:
    """Mean best-match Jaccard overlap of top-term sets between pairs of runs."""
    scores = []
    for r1, r2 in itertools.combinations(runs, 2):
        scores.append(np.mean([max(_jaccard(t, u) for u in r2) for t in r1]))
    return float(np.mean(scores)) if scores else float("nan")


def _coherence(model: TopicModel, docs: list[str], top: int = 10) -> float:
    """Mean UMass coherence of the topics' top terms over the documents."""
    vec = CountVectorizer(vocabulary=sorted({t for ts in model.top_terms_ for t in ts[:top]}),
                          preprocessor=fold, token_pattern=_TOKEN_PATTERN, binary=True)
    X = vec.fit_transform(docs).tocsc()
    index = {t: i for i, t in enumerate(vec.get_feature_names_out())}
    df_ = np.asarray(X.sum(axis=0)).ravel()
    scores = []
    for terms in model.top_terms_:
        ids = [index[t] for t in terms[:top]]
        s = 0.0
        for i in range(1, len(ids)):
            for j in range(i):
                co = X[:, ids[i]].multiply(X[:, ids[j]]).sum()
                s += np.log((co + 1.0) / max(df_[ids[j]], 1))
        scores.append(s)
    return float(np.mean(scores))


def choose_n_topics(df_or_docs, *, candidates=(4, 6, 8, 10, 12), seeds=(0, 1, 2), method="nmf",
                    random_state=0) -> pd.DataFrame:
    """Evidence for the number of topics: for each candidate, the stability of the topics
    when the model is refitted on random 80% subsamples of the articles, one per seed (mean
    best-match Jaccard overlap of their top-10 terms; 1 = the same topics every time), and
    their UMass coherence on all articles (higher, i.e. closer to 0, is better).

    Returns ``n_topics, stability, coherence, smallest_topic, recommended``:
    ``smallest_topic`` is the number of articles in the smallest topic when every article
    is placed in the first subsample's topics. The recommendation is the most stable
    candidate among those within 0.05 of the best stability, preferring the larger
    coherence, then fewer topics, among the candidates whose smallest topic holds at least
    :data:`MIN_TOPIC_SIZE` articles (no candidate is recommended when none does).

    Examples
    --------
    >>> d = pd.DataFrame({"title": ["", "", ""], "text": ["tariff trade steel", "navy boat strike",
    ...                                                    "tariff steel trade"]})
    >>> ev = choose_n_topics(d, candidates=(2,), seeds=(0, 1))
    >>> ev[["n_topics", "smallest_topic", "recommended"]].to_dict("records")  # a topic of one article: none
    [{'n_topics': 2, 'smallest_topic': 1, 'recommended': False}]
    """
    docs = doc_texts(df_or_docs) if isinstance(df_or_docs, pd.DataFrame) else list(df_or_docs)
    rows = []
    for k in candidates:
        runs = []
        coh = []
        smallest = 0
        for s in seeds:
            rng = np.random.default_rng(random_state + s)
            idx = np.sort(rng.choice(len(docs), size=max(k + 1, int(0.8 * len(docs))), replace=False))
            m = TopicModel(n_topics=k, method=method, random_state=random_state + s)
            m.fit([docs[i] for i in idx])
            runs.append(m.top_terms_)
            coh.append(_coherence(m, docs))
            if s == seeds[0]:
                smallest = smallest_topic(m.transform(docs), k)
        rows.append((k, _stability(runs), float(np.mean(coh)), smallest))
    out = pd.DataFrame(rows, columns=["n_topics", "stability", "coherence", "smallest_topic"])
    big = out[out["smallest_topic"] >= MIN_TOPIC_SIZE]
    out["recommended"] = False
    if len(big):
        best = big["stability"].max()
        near = big[big["stability"] >= best - 0.05].sort_values(["coherence", "n_topics"], ascending=[False, True])
        out["recommended"] = out["n_topics"] == near.iloc[0]["n_topics"]
    return out


def smallest_topic(weights: np.ndarray, n_topics: int) -> int:
    """Articles in the smallest of ``n_topics`` topics (each article in its top topic;
    articles with no modelled word in none).

    >>> smallest_topic(np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7]]), 2)
    1
    """
    if not len(weights):
        return 0
    has = weights.sum(axis=1) > 0
    counts = np.bincount(weights.argmax(axis=1)[has], minlength=n_topics)
    return int(counts.min())
