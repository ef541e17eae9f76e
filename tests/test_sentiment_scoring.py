"""Scoring over worker processes (coveragekit.sentiment.scoring): the numbers do not depend
on them, and COVERAGEKIT_JOBS says how many there are (1: none)."""

import numpy as np
import pandas as pd
import pytest
from sentiment_texts import ES_FIXTURES, TRICKY, generated_texts, textblob_lexicon_words

import coveragekit as ck
from coveragekit._fast import pool
from coveragekit.sentiment import add_sentiment, add_vader, scoring, sentence_sentiment
from coveragekit.sentiment.spanish_lexicon import read_spanish_lexicon


@pytest.fixture(scope="module")
def lexicon_words():
    return textblob_lexicon_words()


@pytest.fixture
def pools(monkeypatch):
    """The worker pools started (their sizes), with processes used even for small input."""
    started = []

    class CountingPool(pool.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pool, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(scoring, "PARALLEL_MIN_CHARS", 0)
    return started


def test_worker_processes_do_not_change_the_numbers(monkeypatch, pools, lexicon_words):
    texts = generated_texts(lexicon_words, 60, seed=11) + TRICKY
    df = pd.DataFrame({"article_id": [str(i) for i in range(len(texts))], "lang": "en", "title": "Good",
                       "text": texts})
    monkeypatch.setenv("COVERAGEKIT_JOBS", "1")
    one = add_vader(add_sentiment(df))
    assert pools == []
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    two = add_vader(add_sentiment(df))
    assert pools == [2, 2]  # one pool for TextBlob's scores, one for VADER's
    pd.testing.assert_frame_equal(one, two)
    assert np.array_equal(one["polarity"].to_numpy(), two["polarity"].to_numpy())


def test_sentence_sentiment_is_the_same_with_processes(monkeypatch, pools, lexicon_words):
    texts = generated_texts(lexicon_words, 30, seed=8)
    df = pd.DataFrame({"article_id": [str(i) for i in range(30)], "lang": "en", "text": texts})
    monkeypatch.setenv("COVERAGEKIT_JOBS", "1")
    one = sentence_sentiment(df)
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    two = sentence_sentiment(df)
    assert pools == [2]
    pd.testing.assert_frame_equal(one, two)


def test_small_inputs_are_scored_in_this_process(monkeypatch):
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    monkeypatch.setattr(pool, "ProcessPoolExecutor", None)  # any pool would fail
    assert scoring.map_strings(len, ["ab", "c"]) == [2, 1]


def test_spanish_scores_are_the_same_with_processes(monkeypatch, pools):
    lex = read_spanish_lexicon(ES_FIXTURES / "small_lexicon.csv", rules=ES_FIXTURES / "small_rules.csv")
    arts = ck.load(ck.datasets.demo_paths()).articles
    texts = [t for t in arts.loc[arts["lang"] == "es", "text"].tolist() if t]
    df = pd.DataFrame({"article_id": [str(i) for i in range(len(texts))], "lang": "es", "title": "", "text": texts})
    monkeypatch.setenv("COVERAGEKIT_JOBS", "1")
    one = add_sentiment(df, lexicon={"es": lex})
    assert pools == []
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    two = add_sentiment(df, lexicon={"es": lex})
    assert pools == [2]
    pd.testing.assert_frame_equal(one, two)
    # and the reference ("textblob" asks for the references: the plain Spanish scorer)
    pd.testing.assert_frame_equal(one, add_sentiment(df, method="textblob", lexicon={"es": lex}))
    assert set(one["sentiment_instrument"]) == {"coveragekit-es"}
