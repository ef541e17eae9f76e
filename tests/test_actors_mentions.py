"""Tests for coveragekit.actors.mentions: mention spans, mentions per article, over time,
and co-occurrence, on small frames whose expected rows are written down by hand."""


import numpy as np
import pandas as pd
import pytest
from actor_tables import CJNG, table_frame

from coveragekit.actors import (
    ActorMatcher,
    cooccurrence,
    find_mentions,
    mention_spans,
    mentions_over_time,
)


@pytest.fixture(scope="module")
def table():
    return table_frame()


@pytest.fixture(scope="module")
def matcher(table):
    return ActorMatcher(table)



@pytest.fixture
def articles():
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "published_at": pd.to_datetime(
                ["2025-02-03 10:00", "2025-02-27 23:30", "2025-03-01 01:00"], utc=True
            ),
            "outlet": ["Wire", "Diario", "Wire"],
            "title": ["Sheinbaum rejects Trump's label", "", "Trump y la DEA"],
            "text": [
                "Sheinbaum spoke in Mexico City. Trump did not reply.",
                "Sheinbaum y Trump hablaron; la DEA calló.",
                "La DEA y Trump.",
            ],
            "lang": ["en", "es", "es"],
        }
    )


def test_mention_spans_lists_title_and_text_mentions(articles, matcher):
    before = articles.copy()
    spans = mention_spans(articles, actors=matcher)
    pd.testing.assert_frame_equal(articles, before)
    assert list(spans.columns) == [
        "article_id",
        "field",
        "start",
        "end",
        "actor",
        "kind",
        "matched",
        "how",
    ]
    a1 = spans[spans["article_id"] == "a1"]
    assert list(zip(a1["field"], a1["start"], a1["end"], a1["actor"])) == [
        ("text", 0, 9, "Claudia Sheinbaum"),
        ("text", 19, 30, "Mexico City"),
        ("text", 32, 37, "Donald Trump"),
        ("title", 0, 9, "Claudia Sheinbaum"),
        ("title", 18, 23, "Donald Trump"),
    ]
    for row in spans.itertuples():
        source = articles.set_index("article_id").loc[row.article_id, row.field]
        assert source[row.start : row.end] == row.matched


def test_find_mentions_counts_title_and_text_together(articles, table):
    got = find_mentions(articles, actors=table)
    assert list(got.columns) == ["article_id", "actor", "kind", "n", "n_role"]
    expected = [
        ("a1", "Claudia Sheinbaum", "person", 2, 0),
        ("a1", "Donald Trump", "person", 2, 0),
        ("a1", "Mexico City", "place", 1, 0),
        ("a2", "Claudia Sheinbaum", "person", 1, 0),
        ("a2", "DEA", "agency", 1, 0),
        ("a2", "Donald Trump", "person", 1, 0),
        ("a3", "DEA", "agency", 2, 0),
        ("a3", "Donald Trump", "person", 2, 0),
    ]
    assert list(got.itertuples(index=False, name=None)) == expected


def test_find_mentions_on_an_empty_or_title_only_table(matcher):
    empty = pd.DataFrame({"article_id": [], "title": [], "text": []}, dtype="string")
    got = find_mentions(empty, actors=matcher)
    assert len(got) == 0 and list(got.columns) == ["article_id", "actor", "kind", "n", "n_role"]
    title_only = pd.DataFrame({"article_id": ["t"], "title": ["CJNG leader killed"], "text": [""]})
    assert find_mentions(title_only, actors=matcher)["actor"].tolist() == [CJNG]


def test_cooccurrence_on_three_articles_by_hand():
    # a1: Sheinbaum, Trump, Mexico City (a place); a2: Sheinbaum, Trump, DEA; a3: Trump, DEA.
    m = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a2", "a2", "a2", "a3", "a3"],
            "actor": [
                "Claudia Sheinbaum",
                "Donald Trump",
                "Mexico City",
                "Claudia Sheinbaum",
                "Donald Trump",
                "DEA",
                "Donald Trump",
                "DEA",
            ],
            "kind": ["person", "person", "place", "person", "person", "agency", "person", "agency"],
            "n": [2, 1, 1, 1, 3, 1, 1, 1],
        }
    )
    got = cooccurrence(m)
    # Articles per actor: Sheinbaum 2, Trump 3, DEA 2. Jaccard = both / (a + b - both).
    assert list(got.itertuples(index=False, name=None)) == [
        ("Claudia Sheinbaum", "Donald Trump", 2, 2, 3, pytest.approx(2 / 3)),
        ("DEA", "Donald Trump", 2, 2, 3, pytest.approx(2 / 3)),
        ("Claudia Sheinbaum", "DEA", 1, 2, 2, pytest.approx(1 / 3)),
    ]
    assert len(cooccurrence(m, min_count=2)) == 2
    with_places = cooccurrence(m, include_places=True)
    pairs = set(zip(with_places["actor_a"], with_places["actor_b"]))
    assert ("Claudia Sheinbaum", "Mexico City") in pairs and (
        "Donald Trump",
        "Mexico City",
    ) in pairs
    assert len(with_places) == 5


def test_mentions_over_time_on_a_toy_frame(articles):
    arts = pd.concat(
        [articles, articles.iloc[[0]].assign(article_id="a4", title="", text="Nada.")],
        ignore_index=True,
    )
    m = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a2", "a2", "a3", "a3"],
            "actor": [
                "Claudia Sheinbaum",
                "Donald Trump",
                "Mexico City",
                "Claudia Sheinbaum",
                "Donald Trump",
                "Donald Trump",
                "DEA",
            ],
            "kind": ["person", "person", "place", "person", "person", "person", "agency"],
            "n": [2, 2, 1, 1, 1, 2, 2],
        }
    )
    got = mentions_over_time(m, arts)
    feb, mar = pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-01")
    # February: a1, a2, a4 (3 articles); March: a3 (1 article). Places left out.
    assert list(got.itertuples(index=False, name=None)) == [
        (feb, "Claudia Sheinbaum", 2, 3, pytest.approx(2 / 3)),
        (feb, "Donald Trump", 2, 3, pytest.approx(2 / 3)),
        (mar, "DEA", 1, 2, 1.0),
        (mar, "Donald Trump", 1, 2, 1.0),
    ]
    by = mentions_over_time(m, arts, by="outlet")
    assert list(by.columns) == ["period", "actor", "outlet", "n_articles", "n_mentions", "share"]
    row = by[
        (by["period"] == feb) & (by["actor"] == "Donald Trump") & (by["outlet"] == "Wire")
    ].iloc[0]
    assert (row["n_articles"], row["n_mentions"], row["share"]) == (1, 2, 0.5)  # a1 of a1, a4
    weekly = mentions_over_time(m, arts, period="week")
    assert set(weekly["period"].dt.day_name()) == {"Monday"}



def _pairs_by_hand(m: pd.DataFrame) -> pd.DataFrame:
    """Co-occurrence counted the plain way: every pair of each article's actors."""
    import itertools
    from collections import Counter

    per_article = m.groupby("article_id")["actor"].apply(lambda s: sorted(set(s)))
    together = Counter(p for names in per_article for p in itertools.combinations(names, 2))
    alone = Counter(a for names in per_article for a in names)
    rows = [(a, b, n, alone[a], alone[b], n / (alone[a] + alone[b] - n)) for (a, b), n in together.items()]
    out = pd.DataFrame(rows, columns=["actor_a", "actor_b", "n_articles", "n_a", "n_b", "weight"])
    return out.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(drop=True)


@pytest.mark.parametrize("n_actors", [6, 3000])  # a count per possible pair / counting the pairs found
def test_cooccurrence_counts_the_pairs_of_every_article(n_actors):
    rng = np.random.default_rng(n_actors)
    n = 4000
    m = pd.DataFrame({"article_id": [f"a{i}" for i in rng.integers(0, 700, n)],
                      "actor": [f"Actor {i}" for i in rng.integers(0, n_actors, n)]})
    got = cooccurrence(m)
    want = _pairs_by_hand(m)
    assert len(want) >= (15 if n_actors == 6 else 100)  # every pair of 6 actors; many of 3000
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
