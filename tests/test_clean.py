"""mark_duplicates: the block-wise MinHash and band matching give what datasketch's
MinHashLSH, used one article at a time, gives."""

import random

import numpy as np
import pandas as pd
import pytest

from coveragekit.clean import _TOKEN, _shingle_hashes, _Signer, _UnionFind, _Vocab, mark_duplicates

WORDS = ["cartel", "navy", "strike", "boat", "mexico", "sovereignty", "tariff", "border", "minister",
         "congress", "vessel", "designation", "terrorist", "intelligence", "cooperation", "invasion",
         "president", "treasury"]


def _corpus(n=300, seed=3):
    """Random 60-word texts; every fifth one a copy of an earlier one with a few edits."""
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        if i >= 5 and i % 5 == 0:
            words = texts[rng.randrange(i)].split()
            for _ in range(rng.randint(0, 12)):  # some copies drift below the threshold
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(60)))
    texts.append(texts[7])  # an exact copy
    texts.append("too short to sign")
    return pd.DataFrame({
        "article_id": [f"a{i:04d}" for i in range(len(texts))],
        "published_at": pd.Timestamp("2025-03-01", tz="UTC") + pd.to_timedelta(np.arange(len(texts)), unit="h"),
        "url": [f"https://example.org/{i}" for i in range(len(texts))],
        "text": texts,
    })


def _reference(df, *, threshold=0.5, shingle=3, num_perm=64, min_words=40, seed=1):
    """The near-duplicate pairs as datasketch finds them, one article at a time."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs, vocab, pairs = {}, {}, set()
    for i, t in enumerate(df["text"]):
        tokens = _TOKEN.findall(t.casefold())
        if len(tokens) < min_words:
            continue
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        m.update_batch(_shingle_hashes(tokens, shingle, vocab).tolist())
        for j in lsh.query(m):
            if m.jaccard(sigs[j]) >= threshold:
                pairs.add((j, i))
        lsh.insert(i, m)
        sigs[i] = m
    return pairs


def _groups(df):
    g = {}
    for i, c in enumerate(df["dup_cluster"]):
        if c:
            g.setdefault(c, set()).add(i)
    return sorted(sorted(v) for v in g.values())


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_near_duplicate_clusters_equal_datasketch_one_at_a_time(threshold):
    df = _corpus()
    got = mark_duplicates(df, threshold=threshold)
    uf = _UnionFind(len(df))
    for a, b in _reference(df, threshold=threshold):
        uf.union(a, b)
    uf.union(7, len(df) - 2)  # the exact copy
    want = {}
    for i in range(len(df)):
        want.setdefault(uf.find(i), set()).add(i)
    assert _groups(got) == sorted(sorted(v) for v in want.values() if len(v) > 1)
    assert got.loc[len(df) - 2, "dup_kind"] == "same text"
    assert got.loc[len(df) - 1, "dup_kind"] == ""  # too short for MinHash, unique text


def test_signatures_equal_datasketch():
    from datasketch import MinHash

    rng = np.random.default_rng(0)
    sets = [np.unique(rng.integers(0, 2**32, size=k, dtype=np.uint64)) for k in (1, 5, 300, 0, 40)]
    got = _Signer(64, 1).sign(sets)
    for row, hashes in zip(got, sets):
        m = MinHash(num_perm=64, seed=1, hashfunc=int)
        m.update_batch(hashes.tolist())
        assert np.array_equal(row, m.hashvalues)


def test_shingle_hashes_are_sorted_and_distinct():
    tokens = ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    h = _shingle_hashes(tokens, 3, _Vocab())
    assert len(h) == 3 and np.all(np.diff(h.astype(np.int64)) > 0)
    assert np.array_equal(h, _shingle_hashes(tokens, 3, {}))  # a plain dict as cache works too


def test_mark_duplicates_leaves_its_input_alone():
    df = _corpus(40)
    before = df.copy()
    mark_duplicates(df)
    pd.testing.assert_frame_equal(df, before)


def test_cached_signatures_give_the_same_marks(tmp_path):
    df = _corpus(400)
    plain = mark_duplicates(df)
    cache = tmp_path / "dups"
    pd.testing.assert_frame_equal(mark_duplicates(df.iloc[:250], cache_dir=cache), mark_duplicates(df.iloc[:250]))
    (file,) = cache.glob("signatures-*.parquet")
    assert len(pd.read_parquet(file)) == df["text"].iloc[:250].nunique()  # each distinct text signed once
    # the whole corpus: 250 texts read back, the new ones signed, marks as without a cache
    pd.testing.assert_frame_equal(mark_duplicates(df, cache_dir=cache), plain)
    assert len(pd.read_parquet(file)) == df["text"].nunique()
    # a damaged cache is ignored and rebuilt
    file.write_bytes(b"not parquet")
    pd.testing.assert_frame_equal(mark_duplicates(df, cache_dir=cache), plain)
    # the texts' keys as the loader computes them: the same cache entries, the same marks
    import hashlib

    from coveragekit.clean import text_key

    keys = [text_key(t) for t in df["text"]]
    assert keys[0] == hashlib.blake2b(df["text"].iloc[0].encode("utf-8"), digest_size=16).hexdigest()
    pd.testing.assert_frame_equal(mark_duplicates(df, cache_dir=cache, text_keys=keys), plain)
    assert len(pd.read_parquet(file)) == df["text"].nunique()
    # other settings get a file of their own
    pd.testing.assert_frame_equal(mark_duplicates(df, num_perm=128, cache_dir=cache), mark_duplicates(df, num_perm=128))
    assert len(list(cache.glob("signatures-*.parquet"))) == 2
