"""The MinHash kernel (coveragekit._fast.minhash) agrees with its plain reference,
datasketch one set at a time: the same signatures, and pairs that join the same sets."""


import numpy as np
import pytest
from near_copies import random_texts

import coveragekit as ck
from coveragekit._fast.minhash import (
    Signer,
    Vocab,
    reference_pairs,
    reference_signature,
    shingle_hashes,
    similar_pairs,
)


def hash_sets(texts, shingle=3):
    vocab = Vocab()
    return [shingle_hashes(t.casefold().split(), shingle, vocab) for t in texts]


def groups(pairs, n):
    """The sets of positions that ``pairs`` connect (two or more members each)."""
    parent = list(range(n))

    def root(a):
        while parent[a] != a:
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = root(int(a)), root(int(b))
        parent[max(ra, rb)] = min(ra, rb)
    found = {}
    for i in range(n):
        found.setdefault(root(i), []).append(i)
    return sorted(g for g in found.values() if len(g) > 1)


def kernel_pairs(sets, *, threshold, num_perm=64, seed=1):
    from datasketch import MinHashLSH

    sig = Signer(num_perm, seed).sign(sets)
    bands = MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
    return similar_pairs(sig, bands=bands, threshold=threshold)


def test_signatures_equal_datasketch_on_random_sets():
    rng = np.random.default_rng(0)
    sets = [np.unique(rng.integers(0, 2**32, size=k, dtype=np.uint64)) for k in (1, 5, 300, 0, 40)]
    got = Signer(64, 1).sign(sets)
    for row, hashes in zip(got, sets):
        assert np.array_equal(row, reference_signature(hashes, num_perm=64, seed=1))


def test_signatures_equal_datasketch_on_the_demo_texts():
    texts = ck.load_demo(mark_duplicates=False)["text"].astype(str).tolist()[:150]
    sets = [s for s in hash_sets(texts) if len(s)]
    got = Signer(128, 7).sign(sets)
    for row, hashes in zip(got, sets):
        assert np.array_equal(row, reference_signature(hashes, num_perm=128, seed=7))


def test_an_unknown_scheme_falls_back_to_datasketch():
    sets = hash_sets(random_texts(20))
    signer = Signer(64, 1)
    signer.fast = False  # as for a datasketch scheme the kernel does not know
    want = Signer(64, 1).sign(sets)
    assert np.array_equal(signer.sign(sets), want)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_pairs_join_the_same_sets_as_datasketch_one_at_a_time(threshold):
    sets = hash_sets(random_texts())
    sets = [s for s in sets if len(s)]
    want = reference_pairs(sets, threshold=threshold, num_perm=64, seed=1)
    got = kernel_pairs(sets, threshold=threshold)
    assert {(min(a, b), max(a, b)) for a, b in got.tolist()} <= want  # no pair the reference lacks
    assert groups(got, len(sets)) == groups(want, len(sets))
    # the planted exact copy (text 7 and the one after text 299) is found whatever the threshold
    assert any(7 in g and 300 in g for g in groups(got, len(sets)))


def test_pairs_on_the_demo_texts_equal_datasketch():
    texts = ck.load_demo(mark_duplicates=False)["text"].astype(str).tolist()
    sets = [s for s in hash_sets(texts) if len(s) >= 38]  # texts of about 40 words and more
    want = reference_pairs(sets, threshold=0.5, num_perm=64, seed=1)
    got = kernel_pairs(sets, threshold=0.5)
    assert len(want) > 0  # the demo has wire copies
    assert groups(got, len(sets)) == groups(want, len(sets))


def test_shingle_hashes_are_sorted_and_distinct():
    tokens = ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    h = shingle_hashes(tokens, 3, Vocab())
    assert len(h) == 3 and np.all(np.diff(h.astype(np.int64)) > 0)  # abc, bca, cab
    assert np.array_equal(h, shingle_hashes(tokens, 3, {}))  # a plain dict as cache works too


def test_a_text_shorter_than_a_shingle_is_one_shingle():
    assert len(shingle_hashes(["two", "words"], 3, Vocab())) == 1
    assert len(shingle_hashes([], 3, Vocab())) == 0


def test_identical_signatures_are_paired_with_their_first():
    sig = np.array([[1, 2, 3, 4], [9, 9, 9, 9], [1, 2, 3, 4], [1, 2, 3, 4]], dtype=np.uint32)
    got = similar_pairs(sig, bands=[(0, 2), (2, 4)], threshold=0.9)
    assert sorted(map(tuple, got.tolist())) == [(0, 2), (0, 3)]
    # half the values equal, in one band: a pair at 0.5, none at 0.6
    sig = np.array([[1, 2, 3, 4], [1, 2, 7, 8]], dtype=np.uint32)
    assert similar_pairs(sig, bands=[(0, 2), (2, 4)], threshold=0.5).tolist() == [[0, 1]]
    assert similar_pairs(sig, bands=[(0, 2), (2, 4)], threshold=0.6).tolist() == []
