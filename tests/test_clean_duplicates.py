"""Duplicate marks (coveragekit.clean.duplicates): the method's clusters, the loader's
extras, and the two steps a distributed run maps and combines (partition_keys on each
partition alone, marks_from_keys over all of them) giving the marks of the whole frame."""

import hashlib
import random

import numpy as np
import pandas as pd
import pytest
from near_copies import WORDS, random_texts

import coveragekit as ck
from coveragekit._fast.minhash import Vocab, reference_pairs, shingle_hashes
from coveragekit.clean import mark_duplicates, text_key
from coveragekit.clean.duplicates import duplicate_marks, marks_from_keys, partition_keys

MARKS = ["dup_cluster", "dup_kind", "is_duplicate"]
def corpus(n=300, seed=3):
    """The texts of near_copies.random_texts as articles, an hour apart."""
    texts = random_texts(n, seed)
    return pd.DataFrame({
        "article_id": [f"a{i:04d}" for i in range(len(texts))],
        "published_at": pd.Timestamp("2025-03-01", tz="UTC") + pd.to_timedelta(np.arange(len(texts)), unit="h"),
        "url": [f"https://example.org/{i}" for i in range(len(texts))],
        "text": texts,
    })


def clusters(df):
    g = {}
    for i, c in enumerate(df["dup_cluster"]):
        if c:
            g.setdefault(c, set()).add(i)
    return sorted(sorted(v) for v in g.values())


def components(pairs, n, extra=()):
    parent = list(range(n))

    def root(a):
        while parent[a] != a:
            a = parent[a]
        return a

    for a, b in list(pairs) + list(extra):
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    found = {}
    for i in range(n):
        found.setdefault(root(i), set()).add(i)
    return sorted(sorted(v) for v in found.values() if len(v) > 1)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_near_duplicate_clusters_equal_datasketch_one_at_a_time(threshold):
    df = corpus()
    got = mark_duplicates(df, threshold=threshold)
    vocab = Vocab()
    signed = [i for i, t in enumerate(df["text"]) if len(t.split()) >= 40]
    sets = [shingle_hashes(df["text"][i].casefold().split(), 3, vocab) for i in signed]
    pairs = [(signed[a], signed[b]) for a, b in reference_pairs(sets, threshold=threshold, num_perm=64, seed=1)]
    want = components(pairs, len(df), extra=[(7, len(df) - 2)])  # and the exact copy
    assert clusters(got) == want
    assert got.loc[len(df) - 2, "dup_kind"] == "same text"
    assert got.loc[len(df) - 1, "dup_kind"] == ""  # too short for MinHash, unique text


def test_mark_duplicates_leaves_its_input_alone():
    df = corpus(40)
    before = df.copy()
    mark_duplicates(df)
    pd.testing.assert_frame_equal(df, before)


def test_the_public_verb_takes_only_the_method_settings():
    with pytest.raises(TypeError):
        mark_duplicates(corpus(10), cache_dir="/tmp/nowhere")  # the loader's extra: duplicate_marks
    with pytest.raises(TypeError):
        partition_keys(corpus(10), bands=3)  # not a setting of the method


def test_cached_signatures_give_the_same_marks(tmp_path):
    df = corpus(400)
    plain = mark_duplicates(df)
    cache = tmp_path / "dups"
    pd.testing.assert_frame_equal(duplicate_marks(df.iloc[:250], cache_dir=cache), mark_duplicates(df.iloc[:250]))
    (file,) = cache.glob("signatures-*.parquet")
    assert len(pd.read_parquet(file)) == df["text"].iloc[:250].nunique()  # each distinct text signed once
    # the whole corpus: 250 texts read back, the new ones signed, marks as without a cache
    pd.testing.assert_frame_equal(duplicate_marks(df, cache_dir=cache), plain)
    assert len(pd.read_parquet(file)) == df["text"].nunique()
    # a damaged cache is ignored and rebuilt
    file.write_bytes(b"not parquet")
    pd.testing.assert_frame_equal(duplicate_marks(df, cache_dir=cache), plain)
    # a Parquet file without the expected columns likewise
    pd.DataFrame({"other": [1]}).to_parquet(file)
    pd.testing.assert_frame_equal(duplicate_marks(df, cache_dir=cache), plain)
    # the texts' keys as the loader computes them: the same cache entries, the same marks
    keys = [text_key(t) for t in df["text"]]
    assert keys[0] == hashlib.blake2b(df["text"].iloc[0].encode("utf-8"), digest_size=16).hexdigest()
    pd.testing.assert_frame_equal(duplicate_marks(df, cache_dir=cache, text_keys=keys), plain)
    assert len(pd.read_parquet(file)) == df["text"].nunique()
    # other settings get a file of their own
    pd.testing.assert_frame_equal(duplicate_marks(df, num_perm=128, cache_dir=cache),
                                  mark_duplicates(df, num_perm=128))
    assert len(list(cache.glob("signatures-*.parquet"))) == 2


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(tmp_path):
    df = corpus(30)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    pd.testing.assert_frame_equal(duplicate_marks(df, cache_dir=blocker / "dups"), mark_duplicates(df))


def test_url_keys_from_the_loader_must_match_the_rows():
    df = corpus(10)
    with pytest.raises(ValueError, match="one key per row"):
        duplicate_marks(df, url_keys=["x"])


# ---------------------------------------------------------------- partitions


def split(df, k):
    bounds = np.linspace(0, len(df), k + 1).astype(int)
    return [df.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


@pytest.mark.parametrize("k", [1, 3, 7])
def test_the_demo_in_partitions_gets_the_marks_of_the_whole_frame(k):
    demo = ck.load_demo(mark_duplicates=False)
    whole = mark_duplicates(demo)
    assert whole["is_duplicate"].sum() == 6  # the demo's wire copies (two clusters)
    marks = marks_from_keys([partition_keys(p) for p in split(demo, k)])
    assert list(marks.columns) == ["article_id"] + MARKS
    assert marks["article_id"].tolist() == demo["article_id"].tolist()
    pd.testing.assert_frame_equal(marks[MARKS], whole[MARKS].reset_index(drop=True))


@pytest.mark.parametrize("k", [1, 3, 7])
def test_the_random_corpus_in_partitions_gets_the_marks_of_the_whole_frame(k):
    df = corpus(200)
    marks = marks_from_keys([partition_keys(p, threshold=0.3, num_perm=32) for p in split(df, k)],
                            threshold=0.3, num_perm=32)
    pd.testing.assert_frame_equal(marks[MARKS], mark_duplicates(df, threshold=0.3, num_perm=32)[MARKS])


def _words(rng, n=80):
    return [rng.choice(WORDS) + str(rng.randrange(100)) for _ in range(n)]


def planted():
    """Three partitions of four articles, with duplicates planted across them (written by
    hand, below): which article copies which, and how."""
    rng = random.Random(11)
    base = {k: _words(rng) for k in ("a1", "a2", "a3", "a4", "b1", "b4", "c3", "c4")}
    near_a1 = list(base["a1"])
    for pos in (10, 40, 70):  # three words of 80 changed: a near copy
        near_a1[pos] = "changed"
    far_a2 = list(base["a2"])
    far_a2[::2] = _words(rng, 40)  # every other word changed: no longer a copy
    texts = {**{k: " ".join(v) for k, v in base.items()}, "b2": " ".join(near_a1), "b3": " ".join(far_a2)}
    texts["c1"] = texts["b1"].upper()  # b1's text in capitals: the same normalised text
    texts["c2"] = " ".join(_words(rng))
    url = {k: f"https://news.example/{k}" for k in texts}
    url["c2"] = "https://www.news.example/a3/"  # a3's URL, written another way
    day = {"a1": 1, "a2": 2, "a3": 3, "a4": 4, "b1": 2, "b2": 5, "b3": 6, "b4": 7, "c1": 6, "c2": 4,
           "c3": 8, "c4": 9}
    parts = []
    for p in "abc":
        ids = [f"{p}{i}" for i in range(1, 5)]
        parts.append(pd.DataFrame({
            "article_id": ids,
            "published_at": pd.to_datetime([f"2025-03-{day[i]:02d} 12:00" for i in ids], utc=True),
            "url": [url[i] for i in ids], "text": [texts[i] for i in ids]}))
    return parts


def test_duplicates_planted_across_partitions_are_found():
    parts = planted()
    marks = marks_from_keys([partition_keys(p) for p in parts]).set_index("article_id")
    # written from the plan above: b2 copies a1 with 3 words changed; c1 is b1's text in
    # capitals; c2 has a3's URL; b3, half of a2 changed, is no copy; the rest are unique
    want = {"a1": ("a1", "original"), "b2": ("a1", "near duplicate"),
            "b1": ("b1", "original"), "c1": ("b1", "same text"),
            "a3": ("a3", "original"), "c2": ("a3", "same url")}
    for i in marks.index:
        cluster, kind = want.get(i, ("", ""))
        assert (marks.at[i, "dup_cluster"], marks.at[i, "dup_kind"]) == (cluster, kind), i
        assert marks.at[i, "is_duplicate"] == (kind not in ("", "original")), i
    whole = mark_duplicates(pd.concat(parts, ignore_index=True))
    pd.testing.assert_frame_equal(marks[MARKS].reset_index(drop=True), whole[MARKS])
    # and in another order of partitions: the same marks per article
    again = marks_from_keys([partition_keys(p) for p in parts[::-1]]).set_index("article_id")
    pd.testing.assert_frame_equal(again.loc[marks.index], marks)


def test_the_earliest_article_is_the_original_whatever_its_partition():
    parts = planted()
    parts[2] = parts[2].assign(published_at=pd.Timestamp("2025-02-01", tz="UTC"))  # c1..c4 now earliest
    marks = marks_from_keys([partition_keys(p) for p in parts]).set_index("article_id")
    assert (marks.at["c1", "dup_kind"], marks.at["b1", "dup_kind"], marks.at["b1", "dup_cluster"]) == \
        ("original", "same text", "c1")
    assert (marks.at["c2", "dup_kind"], marks.at["a3", "dup_kind"]) == ("original", "same url")


def test_no_partitions_and_empty_partitions():
    assert len(marks_from_keys([partition_keys(corpus(20).iloc[:0])])) == 0
    assert len(mark_duplicates(corpus(20).iloc[:0])) == 0
    df = corpus(20)
    marks = marks_from_keys([partition_keys(df.iloc[:0]), partition_keys(df), partition_keys(df.iloc[:0])])
    pd.testing.assert_frame_equal(marks[MARKS], mark_duplicates(df)[MARKS])
