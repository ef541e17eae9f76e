"""Topic models on large corpora: fitting on a sample, transforming in chunks."""

import numpy as np

from coveragekit.topics import TopicModel

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
