"""Topic models: scikit-learn's conventions, seeds, the choice of k (worked out by hand);
on large corpora, fitting on a sample and transforming in chunks; a re-run reusing the fit."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from coveragekit import cli
from coveragekit.topics import (
    MIN_TOPIC_SIZE,
    TopicModel,
    add_topics,
    choose_n_topics,
    topic_candidates,
    topic_table,
)

FIX = Path(__file__).parent / "fixtures" / "small"

DOCS = [f"tariff trade steel export port{i % 7} customs" for i in range(60)] + \
       [f"navy strike boat caribbean vessel{i % 5} crew" for i in range(60)]


def test_fit_sample_caps_the_documents_the_model_learns_from():
    tm = TopicModel(n_topics=2, min_df=1, fit_sample=50, random_state=0).fit(DOCS)
    assert tm.n_fit_docs_ == 50
    again = TopicModel(n_topics=2, min_df=1, fit_sample=50, random_state=0).fit(DOCS)
    assert np.array_equal(tm.components_, again.components_)  # the same sample every time
    w = tm.transform(DOCS)
    assert w.shape == (120, 2)
    assert len(set(w[:60].argmax(axis=1))) == 1 and len(set(w[60:].argmax(axis=1))) == 1


def test_corpora_up_to_the_sample_size_are_fitted_on_every_document():
    tm = TopicModel(n_topics=2, min_df=1, random_state=0).fit(DOCS)
    assert tm.n_fit_docs_ == len(DOCS)
    full = TopicModel(n_topics=2, min_df=1, fit_sample=None, random_state=0).fit(DOCS)
    assert np.array_equal(tm.components_, full.components_)


def test_chunked_document_terms_equal_one_transform():
    tm = TopicModel(n_topics=2, min_df=1, random_state=0).fit(DOCS)
    many = DOCS * 40  # 4,800 documents: vectorised in chunks in worker processes
    a = tm._document_terms(many)
    b = tm.vectorizer_.transform(many)
    assert (a != b).nnz == 0 and a.shape == b.shape


HAND_DOCS = [
    "tariff steel export trade talks", "tariff trade deal steel exporters", "export tariff trade steel",
    "navy destroyer caribbean boat strike", "boat strike navy caribbean survivors", "navy boat destroyer strike",
    "tariff export trade steel deal", "caribbean navy strike boat destroyer",
]


def test_topic_model_follows_sklearn_conventions():
    tm = TopicModel(n_topics=2, min_df=1, random_state=0)
    assert clone(tm).get_params() == tm.get_params()
    with pytest.raises(NotFittedError):
        tm.transform(HAND_DOCS)
    assert tm.fit(HAND_DOCS) is tm
    w = tm.transform(HAND_DOCS)
    assert w.shape == (8, 2)
    assert np.allclose(w.sum(axis=1), 1.0)
    groups = w.argmax(axis=1)
    assert len(set(groups[[0, 1, 2, 6]])) == 1 and len(set(groups[[3, 4, 5, 7]])) == 1
    assert groups[0] != groups[3]
    assert list(tm.get_feature_names_out()) == ["topic_0", "topic_1"]
    trade = groups[0]
    assert {"tariff", "trade", "steel", "export"} <= set(tm.top_terms_[trade][:5])


def test_same_seed_same_topics_and_input_untouched():
    df = pd.DataFrame({"article_id": list("abcdefgh"), "title": [""] * 8, "text": HAND_DOCS})
    before = df.copy()
    a = add_topics(df, n_topics=2, random_state=3)
    b = add_topics(df, n_topics=2, random_state=3)
    pd.testing.assert_frame_equal(df, before)
    assert list(a["topic"]) == list(b["topic"])
    assert np.array_equal(a["topic_weight"].to_numpy(), b["topic_weight"].to_numpy())
    assert a.attrs == {}  # no model rides along in the frame
    model = TopicModel(n_topics=2, random_state=3).fit(df)
    c = add_topics(df, model=model)
    assert list(c["topic"]) == list(a["topic"])
    t = topic_table(model, model.transform(df))
    assert t["n_articles"].sum() == 8


def test_lda_option_and_choice_of_n_reports_evidence():
    tm = TopicModel(n_topics=2, method="lda", min_df=1, random_state=0).fit(HAND_DOCS * 3)
    assert tm.transform(HAND_DOCS).shape == (8, 2)
    ev = choose_n_topics(HAND_DOCS * 3, candidates=(2, 3), seeds=(0, 1))
    assert list(ev.columns) == ["n_topics", "stability", "coherence", "smallest_topic", "recommended"]
    assert ev["recommended"].sum() == 1
    assert ((ev["stability"] >= 0) & (ev["stability"] <= 1)).all()


def test_the_choice_of_k_compares_enough_candidates_and_refuses_tiny_topics():
    assert topic_candidates(9) == []
    assert topic_candidates(15) == [2, 3]
    assert len(topic_candidates(20)) >= 3 and len(topic_candidates(226)) >= 3
    trade = ["tariff steel trade export duty", "steel tariff export trade", "trade duty tariff steel"]
    boats = ["navy boat strike caribbean", "boat strike navy sea", "strike caribbean boat navy"]
    border = ["border troops guard deploy", "troops border deploy guard", "guard border troops north"]
    docs = (trade * 3 + boats * 3 + border * 2)[:24]
    choice = choose_n_topics(docs, candidates=topic_candidates(len(docs)), random_state=0)
    assert choice["n_topics"].tolist() == [2, 3, 4]
    chosen = choice[choice["recommended"]]
    assert len(chosen) == 1 and int(chosen["smallest_topic"].iloc[0]) >= MIN_TOPIC_SIZE


def test_a_re_run_on_the_same_articles_reuses_the_topic_fit(tmp_path, capsys):
    out = tmp_path / "o"
    args = ["analyze", "--demo", "--out", str(out), "--cache", "--quiet"]
    assert cli.main(args) == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert json.loads((out / "summary.json").read_text())["cache"]["stages"]["topic_fit"] == {"hits": 0, "misses": 1}
    assert cli.main(args) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cache"]["stages"]["topic_fit"] == {"hits": 1, "misses": 0}
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == first  # the same tables, topic_choice.csv too
    assert "topic_choice.csv" in first and summary["topics"]["n_topics"] == 6
