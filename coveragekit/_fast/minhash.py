"""MinHash signatures and LSH band matching for the near-duplicate check, in blocks.

The kernels:

- :func:`shingle_hashes`: the distinct 32-bit hashes of a text's word shingles;
- :class:`Signer`: MinHash signatures of many shingle sets at once, equal to datasketch's
  ``MinHash(num_perm, seed, hashfunc=int).update_batch(hashes)``;
- :func:`similar_pairs`: the pairs of signatures that share at least one LSH band and whose
  estimated Jaccard similarity reaches the threshold, found by sorting each band rather than
  by inserting into and querying hash tables.

The plain reference, written for reading, is datasketch itself, one set at a time
(:func:`reference_signature`, :func:`reference_pairs`: ``MinHashLSH`` insert and query,
then ``MinHash.jaccard``). ``tests/test_fast_minhash.py`` checks that the signatures are
equal and that the pairs join the same sets into the same groups: the kernel's pairs are a
subset of the reference's (identical signatures are linked to one representative, not each
to each) that connects exactly the same sets.
"""

from __future__ import annotations

import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["Vocab", "shingle_hashes", "Signer", "band_pairs", "similar_pairs", "reference_signature",
           "reference_pairs"]

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
# Shingle hashes per block of the MinHash computation: bounds its working memory
# (block x num_perm x 4-8 bytes, about 50 MB for 64 permutations).
BLOCK_SHINGLES = 200_000
# Candidate pairs compared at once (each comparison reads two signatures).
_PAIR_BLOCK = 200_000


class Vocab(dict):
    """Token -> CRC-32, computed on first sight."""

    def __missing__(self, token):
        h = self[token] = zlib.crc32(token.encode("utf-8"))
        return h


def shingle_hashes(tokens: list[str], k: int, vocab: dict) -> np.ndarray:
    """The distinct 32-bit hashes of the ``k``-word shingles of ``tokens`` (sorted).

    A token's hash is its CRC-32 (kept in ``vocab``, a :class:`Vocab` or a plain dict);
    a shingle's is the polynomial ``sum(h_j * 1000003**(k-1-j))`` of its tokens' hashes,
    modulo 2**64, then cut to 32 bits. A text of fewer than ``k`` tokens is one shingle.
    """
    lookup = vocab.__getitem__ if isinstance(vocab, Vocab) else _CachedCrc(vocab)
    ids = np.fromiter(map(lookup, tokens), dtype=np.uint64, count=len(tokens))
    if len(ids) < k:
        k = max(1, len(ids))
    n = len(ids) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(n, dtype=np.uint64)
    mult = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * mult + ids[j : j + n]
    acc &= np.uint64(0xFFFFFFFF)
    acc.sort()
    if len(acc) > 1:
        acc = acc[np.concatenate(([True], acc[1:] != acc[:-1]))]
    return acc  # = np.unique(acc), without its overhead


class _CachedCrc:
    """A token's CRC-32 through a plain dict used as cache."""

    def __init__(self, cache: dict):
        self.cache = cache

    def __call__(self, token):
        h = self.cache.get(token)
        if h is None:
            h = self.cache[token] = zlib.crc32(token.encode("utf-8"))
        return h


def reference_signature(hashes: np.ndarray, *, num_perm: int, seed: int) -> np.ndarray:
    """The MinHash signature of one shingle set, by datasketch (the plain reference)."""
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    m.update_batch(hashes.tolist())
    return np.asarray(m.hashvalues)


class Signer:
    """MinHash signatures of many shingle sets at once, equal to datasketch's.

    ``MinHash(num_perm, seed, hashfunc=int).update_batch(hashes)`` applies one affine
    permutation per hash function to every value and keeps the minimum; done one document
    at a time that costs a Python object and a permutation set per article. Here the same
    arithmetic runs on blocks of documents with numpy. The first signature is checked
    against datasketch itself; an unknown datasketch scheme, or any difference, falls back
    to datasketch one document at a time, so the results never depend on this shortcut.
    """

    def __init__(self, num_perm: int, seed: int):
        self.num_perm = num_perm
        self.seed = seed
        ref = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        self.scheme = getattr(ref, "scheme", "legacy")
        self.a, self.b = ref.permutations
        self.empty = np.asarray(ref.hashvalues).copy()
        self.dtype = self.empty.dtype
        self.fast = self.scheme in ("affine32", "legacy")
        self.checked = False

    def _reference(self, hashes: np.ndarray) -> np.ndarray:
        return reference_signature(hashes, num_perm=self.num_perm, seed=self.seed)

    def _permuted(self, hv: np.ndarray) -> np.ndarray:
        """The permuted values of ``hv``, one row per permutation (num_perm x len(hv))."""
        a, b = self.a[:, None], self.b[:, None]
        with np.errstate(over="ignore"):
            if self.scheme == "legacy":
                out = np.multiply(a, hv.astype(np.uint64)[None, :])
                out += b
                out %= _MERSENNE
                out &= _MAX32
                return out
            s1, m1, s2, m2, s3 = _FMIX32
            h = hv.astype(np.uint32)
            h ^= h >> s1
            h *= m1
            h ^= h >> s2
            h *= m2
            h ^= h >> s3
            out = np.multiply(a, h[None, :])
            out += b
            return out

    def empty_signatures(self) -> np.ndarray:
        """No signatures: an array of 0 rows and ``num_perm`` columns."""
        return np.empty((0, self.num_perm), dtype=self.dtype)

    def sign(self, sets: list[np.ndarray]) -> np.ndarray:
        """Signatures (one row per shingle set, ``num_perm`` columns)."""
        out = np.empty((len(sets), self.num_perm), dtype=self.dtype)
        if not self.fast:
            for i, h in enumerate(sets):
                out[i] = self._reference(h) if len(h) else self.empty
            return out
        sizes = np.fromiter((len(h) for h in sets), dtype=np.int64, count=len(sets))
        out[sizes == 0] = self.empty
        full = np.flatnonzero(sizes)
        start = 0
        while start < len(full):
            stop, total = start, 0
            while stop < len(full) and (stop == start or total + sizes[full[stop]] <= BLOCK_SHINGLES):
                total += sizes[full[stop]]
                stop += 1
            rows = full[start:stop]
            phv = self._permuted(np.concatenate([sets[i] for i in rows]))
            offsets = np.concatenate([[0], np.cumsum(sizes[rows])[:-1]])
            out[rows] = np.minimum.reduceat(phv, offsets, axis=1).T
            start = stop
        if not self.checked and len(full):
            self.checked = True
            first = full[0]
            if not np.array_equal(out[first], self._reference(sets[first])):
                self.fast = False
                return self.sign(sets)
        return out


def band_pairs(sig: np.ndarray, start: int, end: int):
    """Pairs of rows of ``sig`` whose columns ``start:end`` are equal (one LSH band),
    in blocks of at most about ``_PAIR_BLOCK`` pairs."""
    band = np.ascontiguousarray(sig[:, start:end])
    keys = band.view(np.dtype((np.void, band.dtype.itemsize * band.shape[1]))).ravel()
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    new = np.ones(len(sk), dtype=bool)
    new[1:] = sk[1:] != sk[:-1]
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, len(sk)))
    pend_i, pend_j, pending = [], [], 0
    for s0, g in zip(starts[sizes > 1], sizes[sizes > 1]):
        members = order[s0 : s0 + g]
        for lo in range(0, g - 1, max(1, _PAIR_BLOCK // g)):
            hi = min(g - 1, lo + max(1, _PAIR_BLOCK // g))
            ii, jj = [], []
            for a in range(lo, hi):
                ii.append(np.full(g - a - 1, members[a]))
                jj.append(members[a + 1 :])
            ii, jj = np.concatenate(ii), np.concatenate(jj)
            pend_i.append(ii)
            pend_j.append(jj)
            pending += len(ii)
            if pending >= _PAIR_BLOCK:
                yield np.concatenate(pend_i), np.concatenate(pend_j)
                pend_i, pend_j, pending = [], [], 0
    if pending:
        yield np.concatenate(pend_i), np.concatenate(pend_j)


def similar_pairs(sig: np.ndarray, *, bands, threshold: float) -> np.ndarray:
    """Pairs ``(i, j)`` of rows of ``sig`` (one signature per row) that LSH takes for
    near duplicates: equal in at least one band of ``bands`` (``MinHashLSH.hashranges``),
    with a share of equal values of at least ``threshold``.

    Identical signatures are equal in every band and estimate a similarity of 1: each is
    paired with the first row of its kind only, and only those first rows are matched by
    band. Returns an array of shape (n_pairs, 2), rows in no particular order.
    """
    num_perm = sig.shape[1]
    whole = np.ascontiguousarray(sig).view(np.dtype((np.void, sig.dtype.itemsize * num_perm))).ravel()
    _, rep_pos, inverse = np.unique(whole, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    copies = np.flatnonzero(rep_pos[inverse] != np.arange(len(inverse)))
    found = [np.stack([rep_pos[inverse[copies]], copies], axis=1)]
    reps = np.sort(rep_pos)
    rsig = sig[reps]
    matched = []
    for start, end in bands:
        for ii, jj in band_pairs(rsig, start, end):
            same = np.count_nonzero(rsig[ii] == rsig[jj], axis=1) / np.float64(num_perm)
            keep = same >= threshold
            if keep.any():
                matched.append(np.stack([ii[keep], jj[keep]], axis=1))
    if matched:
        found.append(reps[np.unique(np.concatenate(matched), axis=0)])
    return np.concatenate(found).astype(np.int64, copy=False)


def reference_pairs(hash_sets: list[np.ndarray], *, threshold: float, num_perm: int, seed: int) -> set:
    """The plain reference of :func:`similar_pairs` on the sets' signatures: datasketch one
    set at a time. Each set's MinHash is queried against a ``MinHashLSH`` holding the sets
    before it, a candidate kept when ``MinHash.jaccard`` reaches ``threshold``, then the
    set is inserted. Returns the pairs ``(earlier, later)`` of positions in ``hash_sets``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    seen, pairs = {}, set()
    for i, hashes in enumerate(hash_sets):
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        m.update_batch(hashes.tolist())
        for j in lsh.query(m):
            if m.jaccard(seen[j]) >= threshold:
                pairs.add((j, i))
        lsh.insert(i, m)
        seen[i] = m
    return pairs
