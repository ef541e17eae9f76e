"""Sentiment per sentence and per actor: :func:`sentence_sentiment`, :func:`actor_sentiment`.

Sentences come from :func:`coveragekit.text.split_sentences` (English or Spanish rules,
by the instrument); each sentence is scored on its own, by its article's instrument
(:mod:`coveragekit.sentiment.policy`). An actor's score in an article is the mean score
of the sentences that mention it.
"""

from __future__ import annotations

import bisect
import math

import numpy as np
import pandas as pd

from .._frame import as_articles, as_text
from ..errors import InputError
from ..text import split_sentences
from .policy import COVERAGEKIT_ES, SENTENCE_LANG, TEXTBLOB_EN, instrument_for
from .scoring import map_strings, score_spanish_strings, score_strings
from .textblob import check_method, english_score, ensure_lexicon

__all__ = ["actor_sentiment", "sentence_sentiment"]

SENTENCE_COLUMNS = ["article_id", "sentence_no", "start", "end", "polarity", "subjectivity", "sentiment_instrument"]
MENTION_COLUMNS = ["article_id", "actor", "start", "end"]


# =============================================================================
# Sentences
# =============================================================================
def _sentence_scores(text: str):
    return [(a, b, *english_score(text[a:b])) for a, b in split_sentences(text, lang="en")]


def _sentence_scores_textblob(text: str):
    return [(a, b, *english_score(text[a:b], "textblob")) for a, b in split_sentences(text, lang="en")]


def _english_sentences(bodies: list[str], method: str) -> list:
    """Per English text: ``[(start, end, polarity, subjectivity), ...]`` of its sentences."""
    if method == "textblob":
        return [_sentence_scores_textblob(b) for b in bodies]
    if not bodies:
        return []
    ensure_lexicon()  # before forking: workers inherit it
    return map_strings(_sentence_scores, bodies)


def _spanish_sentences(bodies: list[str], method: str, lexicon) -> list:
    """Per Spanish text: ``[(start, end, polarity, subjectivity), ...]`` of its sentences."""
    spans = [split_sentences(b, lang="es") for b in bodies]
    scores = score_spanish_strings([b[x:y] for b, sp in zip(bodies, spans) for x, y in sp],
                                   method=method, lexicon=lexicon)
    return [[(x, y, *scores[b[x:y]]) for x, y in sp] for b, sp in zip(bodies, spans)]


def _sentence_frame(ids: list[str], insts: list[str], results: list) -> pd.DataFrame:
    cols: dict[str, list] = {k: [] for k in SENTENCE_COLUMNS}
    for aid, inst, rows in zip(ids, insts, results):
        for no, (a, b, p, s) in enumerate(rows, start=1):
            for k, v in zip(SENTENCE_COLUMNS, (aid, no, a, b, p, s, inst)):
                cols[k].append(v)
    return pd.DataFrame(
        {
            "article_id": pd.array(cols["article_id"], dtype="string"),
            "sentence_no": np.array(cols["sentence_no"], dtype="int64"),
            "start": np.array(cols["start"], dtype="int64"),
            "end": np.array(cols["end"], dtype="int64"),
            "polarity": np.array(cols["polarity"], dtype="float64"),
            "subjectivity": np.array(cols["subjectivity"], dtype="float64"),
            "sentiment_instrument": pd.array(cols["sentiment_instrument"], dtype="string"),
        }
    )


def sentence_sentiment(
    df: pd.DataFrame,
    *,
    text: str = "text",
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Polarity and subjectivity of every sentence of the English and Spanish articles.

    Sentences come from :func:`coveragekit.text.split_sentences` (English or Spanish
    rules, by the instrument); each is scored on its own, so a negation no longer reaches
    into the next sentence, and the mean of an article's sentence scores is not its
    article score (which averages words). Rows are chosen as in :func:`~coveragekit.sentiment.add_sentiment`
    (:mod:`coveragekit.sentiment.policy`), judged on the text; title-only articles and
    articles in other languages have no rows.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``article_id``, ``lang`` and the ``text`` column.
    text : str, default "text"
    method : {"fast", "textblob"}, default "fast"
        As in :func:`~coveragekit.sentiment.add_sentiment`.
    lexicon : path or dict, optional
        As in :func:`~coveragekit.sentiment.add_sentiment`.
    lang, id : str
        The columns of language codes and article ids; a frame without them has the
        language detected and ids made (:func:`coveragekit._frame.as_articles`).

    Returns
    -------
    DataFrame
        ``article_id``, ``sentence_no`` (from 1), ``start``, ``end`` (character offsets
        into the text column), ``polarity``, ``subjectivity``, ``sentiment_instrument``;
        in input order.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"], "lang": ["en", "fr", "en"],
    ...                    "text": ["Dr. Lee was happy. It was not good.", "Très bien.", ""]})
    >>> out = sentence_sentiment(df)
    >>> out[["article_id", "sentence_no", "start", "end", "polarity", "subjectivity"]]
      article_id  sentence_no  start  end  polarity  subjectivity
    0          a            1      0   18      0.80           1.0
    1          a            2     19   35     -0.35           0.6
    >>> out["sentiment_instrument"].tolist()
    ['textblob-en', 'textblob-en']
    """
    df = as_articles(df, verb="sentence_sentiment()", text=text, title=None, lang=lang, id=id)
    check_method(method)
    ids, bodies, insts = [], [], []
    for aid, code, body in zip(df["article_id"].tolist(), df["lang"].tolist(), df[text].tolist()):
        body = as_text(body)
        if body.strip():
            inst = instrument_for(code, body)[0]
            if inst:
                ids.append(as_text(aid))
                bodies.append(body)
                insts.append(inst)
    results: list = [None] * len(bodies)
    en = [k for k, i in enumerate(insts) if i == TEXTBLOB_EN]
    es = [k for k, i in enumerate(insts) if i == COVERAGEKIT_ES]
    for k, r in zip(en, _english_sentences([bodies[k] for k in en], method)):
        results[k] = r
    for k, r in zip(es, _spanish_sentences([bodies[k] for k in es], method, lexicon)):
        results[k] = r
    return _sentence_frame(ids, insts, results)


# =============================================================================
# Actors
# =============================================================================
def _mean(values: list[float]) -> float:
    """``float(np.mean(values))``. Below eight values numpy adds them one after another,
    as Python's sum does, so the plain sum gives the same float without numpy's call cost."""
    if len(values) < 8:
        return sum(values) / len(values)
    return float(np.mean(values))




def _first_rows(df: pd.DataFrame, text: str) -> dict[str, tuple[str, str]]:
    """``{article_id: (lang, text)}``, in the order of ``df``; an id's first row counts."""
    articles: dict[str, tuple[str, str]] = {}
    for aid, code, body in zip(df["article_id"].tolist(), df["lang"].tolist(), df[text].tolist()):
        articles.setdefault(as_text(aid), (as_text(code), as_text(body)))
    return articles


class _Sentences:
    """Per article with a mention: its instrument ("" when none scores it) and the spans
    of its sentences, split by that instrument's rules."""

    def __init__(self):
        self.inst: dict[str, str] = {}
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.starts: dict[str, list[int]] = {}

    def of(self, aid: str, lang: str, body: str) -> tuple[list, list]:
        if aid not in self.spans:
            self.inst[aid] = instrument_for(lang, body)[0]
            self.spans[aid] = split_sentences(body, lang=SENTENCE_LANG.get(self.inst[aid], lang))
            self.starts[aid] = [a for a, _ in self.spans[aid]]
        return self.spans[aid], self.starts[aid]


def _offsets(row_no: int, aid: str, actor, start, end, body: str, text: str) -> tuple[int, int]:
    """A mention's offsets as integers, or an InputError when they do not fit the text."""
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        start, end = -1, -1
    if not 0 <= start < end <= len(body):
        raise InputError(
            f"mention {row_no} ({as_text(actor)!r} in article {aid}) has start={start}, "
            f"end={end}, outside the article's {text} ({len(body)} characters)",
            hint=f"compute the mentions on the same {text!r} column",
        )
    return start, end


def _place_mentions(mentions: pd.DataFrame, articles: dict, sentences: _Sentences, text: str) -> dict:
    """``{(article, actor): {sentence numbers its mentions overlap}}``, mentions of
    articles not in ``articles`` left out."""
    hits: dict[tuple[str, str], set[int]] = {}
    rows = zip(*(mentions[c].tolist() for c in MENTION_COLUMNS))  # lists: fast to walk
    for row_no, (aid, actor, start, end) in enumerate(rows):
        aid = as_text(aid)
        if aid not in articles:
            continue
        lang, body = articles[aid]
        start, end = _offsets(row_no, aid, actor, start, end, body, text)
        sent, starts = sentences.of(aid, lang, body)
        found = hits.setdefault((aid, as_text(actor)), set())
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        while k < len(sent) and sent[k][0] < end:
            if sent[k][1] > start:
                found.add(k)
            k += 1
    return hits


def _score_sentences(hits: dict, articles: dict, sentences: _Sentences, order: dict, *, method, lexicon) -> dict:
    """``{(article, sentence number): (polarity, subjectivity)}`` of each sentence needed,
    scored once by its article's instrument."""
    inst_of = sentences.inst
    needed = sorted(
        {(aid, k) for (aid, _), ks in hits.items() if inst_of[aid] for k in ks},
        key=lambda t: (order[t[0]], t[1]),
    )
    strings = [articles[aid][1][slice(*sentences.spans[aid][k])] for aid, k in needed]
    insts = [inst_of[aid] for aid, _ in needed]
    scores = score_strings(strings, insts, method=method, lexicon=lexicon)
    return {key: scores[(i, s)] for key, i, s in zip(needed, insts, strings)}


def _actor_frame(hits: dict, sentence_score: dict, inst_of: dict, order: dict) -> pd.DataFrame:
    out_rows = []
    for (aid, actor), ks in sorted(hits.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        if inst_of[aid] and ks:
            ps = [sentence_score[(aid, k)] for k in sorted(ks)]
            p = _mean([x[0] for x in ps])
            s = _mean([x[1] for x in ps])
        else:
            p = s = math.nan
        out_rows.append((aid, actor, len(ks), p, s, inst_of[aid]))
    return pd.DataFrame(
        {
            "article_id": pd.array([r[0] for r in out_rows], dtype="string"),
            "actor": pd.array([r[1] for r in out_rows], dtype="string"),
            "n_sentences": np.array([r[2] for r in out_rows], dtype="int64"),
            "polarity": np.array([r[3] for r in out_rows], dtype="float64"),
            "subjectivity": np.array([r[4] for r in out_rows], dtype="float64"),
            "sentiment_instrument": pd.array([r[5] for r in out_rows], dtype="string"),
        }
    )


def actor_sentiment(
    df: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    text: str = "text",
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Mean polarity of the sentences that mention each actor, per article.

    Each mention is placed in the sentence(s) its character span overlaps
    (:func:`coveragekit.text.split_sentences`, by the article's ``lang``). A sentence
    that names an actor twice counts once. Each sentence is scored on its own, as in
    :func:`sentence_sentiment`, by the article's instrument
    (:mod:`coveragekit.sentiment.policy`: TextBlob for English, coveragekit-es for
    Spanish); a sentence naming two actors counts for both — neither instrument can tell
    whom a word is about.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``article_id``, ``lang`` and the ``text`` column. When an
        ``article_id`` occurs twice, its first row is used.
    mentions : DataFrame
        One row per mention: ``article_id``, ``actor``, ``start``, ``end`` (character
        offsets into ``df[text]``, e.g. from ``coveragekit.actors``). Mentions of articles
        not in ``df`` are left out.
    text : str, default "text"
    method : {"fast", "textblob"}, default "fast"
    lexicon : path or dict, optional
        As in :func:`~coveragekit.sentiment.add_sentiment`.
    lang, id : str
        The columns of language codes and article ids; a frame without them has the
        language detected and ids made (:func:`coveragekit._frame.as_articles`).

    Returns
    -------
    DataFrame
        One row per (article, actor) with a mention: ``article_id``, ``actor``,
        ``n_sentences`` (distinct sentences mentioning the actor), ``polarity`` and
        ``subjectivity`` (their means; NaN for articles no instrument scores, as in
        :func:`~coveragekit.sentiment.add_sentiment`) and ``sentiment_instrument`` ("" for those). Articles in
        the order of ``df``, actors sorted.

    Raises
    ------
    InputError
        When a mention's offsets do not fit its article's text.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"], "lang": ["en", "en", "fr"],
    ...     "text": ["Lopez was happy. Smith was not happy. Lopez left.", "Nobody is named.", "Lopez est parti."]})
    >>> mentions = pd.DataFrame({"article_id": ["a", "a", "a"],
    ...     "actor": ["Lopez", "Smith", "Lopez"], "start": [0, 17, 38], "end": [5, 22, 43]})
    >>> actor_sentiment(df, mentions)
      article_id  actor  n_sentences  polarity  subjectivity sentiment_instrument
    0          a  Lopez            2       0.4           0.5          textblob-en
    1          a  Smith            1      -0.4           1.0          textblob-en

    ("left" is in TextBlob's lexicon, with polarity 0: "Lopez left." scores 0.0.)
    """
    df = as_articles(df, verb="actor_sentiment()", text=text, title=None, lang=lang, id=id)
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise InputError(
            f"the mentions table lacks the column(s) {', '.join(missing)}",
            hint="it needs article_id, actor, start and end (character offsets into the text)",
        )
    check_method(method)
    articles = _first_rows(df, text)
    order = {aid: i for i, aid in enumerate(articles)}
    sentences = _Sentences()
    hits = _place_mentions(mentions, articles, sentences, text)
    scores = _score_sentences(hits, articles, sentences, order, method=method, lexicon=lexicon)
    return _actor_frame(hits, scores, sentences.inst, order)
