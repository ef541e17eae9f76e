"""sentence_sentiment and actor_sentiment (coveragekit.sentiment.per_actor): expectations
worked out by hand from the lexicon entries in the comments."""

import random

import numpy as np
import pandas as pd
import pytest
from sentiment_texts import ES_FIXTURES

from coveragekit.errors import InputError
from coveragekit.sentiment import per_actor as S
from coveragekit.sentiment.spanish_lexicon import read_spanish_lexicon

# a small Spanish lexicon written for the tests ("bueno" 0.7/0.6, "feliz" absent...)
ES_LEXICON = read_spanish_lexicon(ES_FIXTURES / "small_lexicon.csv", rules=ES_FIXTURES / "small_rules.csv")


def test_sentence_sentiment_scores_each_sentence():
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "lang": ["en", "fr", "en"],
            "title": ["", "", "Title only"],
            "text": ["Dr. Lee was happy. It was not good.", "Très bien. Tout va bien.", ""],
        }
    )
    before = df.copy()
    out = S.sentence_sentiment(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == [
        "article_id",
        "sentence_no",
        "start",
        "end",
        "polarity",
        "subjectivity",
        "sentiment_instrument",
    ]
    assert out["article_id"].tolist() == ["a", "a"]
    assert out["sentiment_instrument"].tolist() == ["textblob-en", "textblob-en"]
    assert out["sentence_no"].tolist() == [1, 2]
    assert list(zip(out["start"], out["end"])) == [(0, 18), (19, 35)]
    assert out["polarity"].tolist() == pytest.approx([0.8, -0.35])  # happy; not good
    assert out["subjectivity"].tolist() == pytest.approx([1.0, 0.6])
    ref = S.sentence_sentiment(df, method="textblob")
    pd.testing.assert_frame_equal(out, ref)


@pytest.fixture
def actor_articles():
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "es"],
            "lang": ["en", "en", "es"],
            "title": ["", "", ""],
            #        0         1         2         3         4         5         6
            #        0123456789012345678901234567890123456789012345678901234567890123456789
            "text": [
                "Lopez was happy. Smith was not happy. Lopez and Lopez left.",
                "Smith met Lopez. Both were\n\ngood.",
                "López está feliz.",
            ],
        }
    )


def test_actor_sentiment_averages_the_sentences_that_mention_each_actor(actor_articles):
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b", "b", "es", "elsewhere"],
            "actor": ["Lopez", "Smith", "Lopez", "Lopez", "Smith", "Lopez", "López", "Lopez"],
            "start": [0, 17, 38, 48, 0, 10, 0, 0],
            "end": [5, 22, 43, 53, 5, 15, 5, 5],
        }
    )
    before = (actor_articles.copy(), mentions.copy())
    out = S.actor_sentiment(actor_articles, mentions, lexicon={"es": ES_LEXICON})
    pd.testing.assert_frame_equal(actor_articles, before[0])
    pd.testing.assert_frame_equal(mentions, before[1])
    assert list(out.columns) == ["article_id", "actor", "n_sentences", "polarity", "subjectivity",
                                 "sentiment_instrument"]
    rows = {(r.article_id, r.actor): r for r in out.itertuples()}
    assert list(rows) == [
        ("a", "Lopez"),
        ("a", "Smith"),
        ("b", "Lopez"),
        ("b", "Smith"),
        ("es", "López"),
    ]
    # a/Lopez: "Lopez was happy." (0.8, 1.0) and "Lopez and Lopez left." (left: 0.0, 0.0),
    # the second sentence counted once although it names Lopez twice
    assert rows[("a", "Lopez")].n_sentences == 2
    assert rows[("a", "Lopez")].polarity == pytest.approx(0.4)
    assert rows[("a", "Lopez")].subjectivity == pytest.approx(0.5)
    # a/Smith: "Smith was not happy." -> -0.5 * 0.8
    assert rows[("a", "Smith")].polarity == pytest.approx(-0.4)
    # b: "Smith met Lopez." has no lexicon word
    assert rows[("b", "Smith")].polarity == 0.0
    # Spanish article: scored by the Spanish instrument ("feliz" is not in the test lexicon)
    assert rows[("es", "López")].n_sentences == 1
    assert rows[("es", "López")].polarity == 0.0
    assert rows[("es", "López")].sentiment_instrument == "coveragekit-es"
    assert rows[("a", "Lopez")].sentiment_instrument == "textblob-en"


def test_a_mention_across_a_boundary_counts_both_sentences(actor_articles):
    # "Lopez. Both" spans the end of sentence 1 and the start of sentence 2 in article b
    mentions = pd.DataFrame({"article_id": ["b"], "actor": ["X"], "start": [10], "end": [21]})
    out = S.actor_sentiment(actor_articles, mentions)
    assert out.loc[0, "n_sentences"] == 2
    # "Smith met Lopez." 0.0 and "Both were\n\ngood." -> paragraph break: "Both were" and
    # "good." are separate sentences; the mention reaches "Both were" only.
    assert out.loc[0, "polarity"] == 0.0


def test_actor_sentiment_rejects_offsets_outside_the_text(actor_articles):
    bad = pd.DataFrame({"article_id": ["a"], "actor": ["Lopez"], "start": [0], "end": [999]})
    with pytest.raises(InputError, match="outside"):
        S.actor_sentiment(actor_articles, bad)
    with pytest.raises(InputError, match="start"):
        S.actor_sentiment(actor_articles, bad.drop(columns="start"))


def test_mean_of_few_values_equals_numpy():
    rng = random.Random(7)
    for _ in range(20000):
        xs = [rng.uniform(-1, 1) * 10 ** rng.randint(-4, 4) for _ in range(rng.randint(1, 12))]
        assert S._mean(xs) == float(np.mean(xs))
