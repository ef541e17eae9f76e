"""Duplicate marking: the same URL, the same text, or one story republished with small edits.

The method, in the order :func:`mark_duplicates` applies it:

1. **keys** of each article, computed from its own row (:func:`partition_keys`): its
   normalised URL, a digest of its normalised text, and, for texts of at least
   ``min_words`` words, the MinHash signature of its word ``shingle``-grams;
2. **exact keys**: articles sharing a URL key or a text key are linked;
3. **near-duplicate pairs**: signatures equal in at least one LSH band whose estimated
   Jaccard similarity reaches ``threshold`` are linked (:mod:`coveragekit._fast.minhash`);
4. **clusters**: the linked articles form clusters, whose earliest article (by
   ``published_at``, then ``article_id``) is the original;
5. **marks**: ``dup_cluster``, ``dup_kind`` and ``is_duplicate`` for every article.

Steps 2-5 (:func:`marks_from_keys`) take the keys of several partitions, so a distributed
run computes the keys partition by partition and combines them once: the marks are those
of the whole frame.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from datasketch import MinHashLSH

from .._fast.minhash import BLOCK_SHINGLES, Signer, Vocab, shingle_hashes, similar_pairs
from .._fast.pool import run_chunks
from .._frame import as_articles
from .._version import __version__
from ..errors import OptionError
from ..output import atomic_write_bytes
from ..schema import normalise_url

__all__ = ["mark_duplicates", "duplicate_marks", "partition_keys", "marks_from_keys", "PartitionKeys",
           "text_key"]

_TOKEN = re.compile(r"\w+", re.U)
# The kinds of link, strongest first: an article linked in several ways is marked by the
# strongest ("same url" before "same text" before "near duplicate").
_STRENGTH = {"same url": 0, "same text": 1, "near duplicate": 2}
# Texts per block read from the column as Python strings while they are signed.
_TEXT_BLOCK = 10_000


def mark_duplicates(
    df: pd.DataFrame,
    *,
    threshold: float = 0.5,
    shingle: int = 3,
    num_perm: int = 64,
    min_words: int = 40,
    seed: int = 1,
) -> pd.DataFrame:
    """Mark exact and near-duplicate articles; return a new frame.

    Exact duplicates share a normalised URL or a normalised text. Near duplicates (one
    wire story republished with small edits) are found with MinHash signatures of word
    ``shingle``-grams and locality-sensitive hashing (datasketch's permutations and band
    layout), so the cost grows with the number of articles, not with the number of pairs;
    a candidate pair (equal in at least one band) is kept when its estimated Jaccard
    similarity is at least ``threshold``. Texts shorter than ``min_words`` words are only
    checked for exact duplicates.

    The signatures are computed in blocks and the bands matched by sorting
    (:mod:`coveragekit._fast.minhash`), which gives the same pairs as inserting each
    article into ``datasketch.MinHashLSH`` and querying it (100,000 articles of 500 words:
    about 20 seconds on one core). Working memory beyond the frame: about ``num_perm`` x 4
    bytes per article plus fixed-size blocks.

    A frame with no ``article_id`` gets one (:func:`coveragekit._frame.made_ids`); one
    with no ``url`` or no ``published_at`` is checked on its texts alone (the earliest of a
    cluster is then the one with the smallest id).

    Parameters
    ----------
    df : DataFrame
        Articles: ``text``, and ``article_id``, ``url`` and ``published_at`` when it has them.
    threshold : float
        Estimated Jaccard similarity from which two texts are near duplicates.
    shingle : int
        Words per shingle.
    num_perm : int
        MinHash permutations (the signature's length).
    min_words : int
        Texts with fewer words are checked for exact duplicates only.
    seed : int
        Seed of the MinHash permutations.

    Returns
    -------
    DataFrame
        ``df`` with ``dup_cluster`` (the ``article_id`` of the cluster's earliest article,
        empty for articles with no duplicate), ``dup_kind`` ("original" for that earliest
        article, else "same url", "same text" or "near duplicate"; empty when unique) and
        ``is_duplicate`` (True for every member but the original). Nothing is dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "article_id": ["a", "b", "c"],
    ...     "published_at": pd.to_datetime(["2025-03-02", "2025-03-01", "2025-03-03"], utc=True),
    ...     "url": ["https://example.org/x", "https://www.example.org/x/", "https://example.org/y"],
    ...     "text": ["Navy strike on a boat.", "Navy strike on a boat!", "Mexico answers."]})
    >>> marked = mark_duplicates(df)
    >>> marked["dup_cluster"].tolist(), marked["dup_kind"].tolist()
    (['b', 'b', ''], ['same url', 'original', ''])
    >>> marked["is_duplicate"].tolist()
    [True, False, False]
    """
    return duplicate_marks(df, threshold=threshold, shingle=shingle, num_perm=num_perm, min_words=min_words,
                           seed=seed)


def duplicate_marks(df: pd.DataFrame, *, cache_dir=None, url_keys=None, text_keys=None, **settings) -> pd.DataFrame:
    """:func:`mark_duplicates` with the loader's extras (not a public verb).

    ``url_keys`` (one per row) are the URLs already normalised with
    :func:`coveragekit.schema.normalise_url`, and ``text_keys`` the texts' :func:`text_key`,
    as the loader computes them. With ``cache_dir``, each text's signature is kept there
    (keyed by the text and the settings) and reused on the next run, so only new texts are
    signed. The marks are the same with or without them.
    """
    df = as_articles(df, verb="mark_duplicates()", title=None, need_lang=False)
    keys = _keys_of(df, _settings(**settings), cache_dir=cache_dir, url_keys=url_keys, text_keys=text_keys)
    marks = marks_from_keys([keys], **settings)
    out = df.copy(deep=False)  # (copy-on-write: the new columns leave ``df`` alone, no text is copied)
    out["dup_cluster"] = marks["dup_cluster"].array
    out["dup_kind"] = marks["dup_kind"].array
    out["is_duplicate"] = marks["is_duplicate"].to_numpy()
    return out


@dataclass
class PartitionKeys:
    """What the duplicate check needs of one partition of the articles, computed from
    that partition alone and small beside its texts (16 bytes of text key and
    ``num_perm`` x 4 bytes of signature per article)."""

    article_id: pd.Series  # as the frame has them
    published_at: pd.Series  # UTC times (NaT for a frame without dates)
    url_keys: list  # normalised URLs ("" for none)
    text_keys: list  # digests of the normalised texts (b"" for a text with no words)
    shingled: np.ndarray  # positions (in the partition) of the texts with a signature
    signatures: np.ndarray  # one row per position of ``shingled``, ``num_perm`` columns

    def __len__(self) -> int:
        return len(self.article_id)


def partition_keys(part: pd.DataFrame, **settings) -> PartitionKeys:
    """The keys of the articles of ``part`` (step 1 of the method), computed on this
    partition alone: for a distributed run, mapped over the partitions, then combined by
    :func:`marks_from_keys`. ``settings`` are those of :func:`mark_duplicates`.

    Every partition needs its ``article_id`` (ids made for a partition alone would not be
    those of the whole frame).

    Examples
    --------
    >>> import pandas as pd
    >>> part = pd.DataFrame({"article_id": ["a", "b", "c"], "url": ["https://x.org/1", "", "https://x.org/1"],
    ...                      "text": ["One two.", "", "One two"]})
    >>> keys = partition_keys(part)
    >>> keys.url_keys, [len(k) for k in keys.text_keys], len(keys.shingled)
    (['https://x.org/1', '', 'https://x.org/1'], [16, 0, 16], 0)
    """
    part = as_articles(part, verb="partition_keys()", title=None, need_lang=False)
    return _keys_of(part, _settings(**settings))


def marks_from_keys(keys: list, **settings) -> pd.DataFrame:
    """The marks of the articles whose :func:`partition_keys` are ``keys`` (steps 2 to 5 of
    the method), one row per article in the order of the partitions: exactly what
    :func:`mark_duplicates` gives on the partitions put one after the other.

    Returns a frame of ``article_id``, ``dup_cluster``, ``dup_kind`` and ``is_duplicate``.

    Examples
    --------
    >>> import pandas as pd
    >>> parts = [pd.DataFrame({"article_id": ["a", "b"], "text": ["Same words here", "Other"]}),
    ...          pd.DataFrame({"article_id": ["c"], "text": ["same words, here!"]})]
    >>> marks = marks_from_keys([partition_keys(p) for p in parts])
    >>> marks["article_id"].tolist(), marks["dup_cluster"].tolist(), marks["dup_kind"].tolist()
    (['a', 'b', 'c'], ['a', '', 'a'], ['original', '', 'same text'])
    """
    s = _settings(**settings)
    ids, dates = _concat([k.article_id for k in keys]), _concat([k.published_at for k in keys])
    links = _Links(len(ids))
    order = np.lexsort((ids.astype(str).to_numpy(), dates.to_numpy()))
    _link_exact_keys(links, order, [u for k in keys for u in k.url_keys], [t for k in keys for t in k.text_keys])
    _link_near_duplicates(links, keys, bands=_bands(s["threshold"], s["num_perm"]), threshold=s["threshold"])
    cluster, kinds = _marks(links, order, ids.astype(str).tolist())
    return pd.DataFrame({"article_id": ids.to_numpy(), "dup_cluster": pd.array(cluster, dtype="string"),
                         "dup_kind": pd.array(kinds, dtype="string"),
                         "is_duplicate": [k not in ("", "original") for k in kinds]})


def text_key(text: str) -> str:
    """The key of a text in the signature cache: a 128-bit BLAKE2b digest of its UTF-8
    bytes, in hex (the loader computes it with each row, in its worker processes)."""
    return _text_digest(text).hex()


# ------------------------------------------------------------------- step 1: the keys
def _settings(*, threshold: float = 0.5, shingle: int = 3, num_perm: int = 64, min_words: int = 40,
              seed: int = 1) -> dict:
    """The settings of the method, with their defaults; the options are checked here (by
    datasketch's ``MinHashLSH``), before any text is read."""
    _bands(threshold, num_perm)
    return {"threshold": threshold, "shingle": shingle, "num_perm": num_perm, "min_words": min_words, "seed": seed}


@functools.lru_cache(maxsize=16)
def _bands(threshold: float, num_perm: int) -> tuple:
    """The LSH bands (column ranges of a signature) datasketch chooses for these settings."""
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


def _keys_of(df: pd.DataFrame, s: dict, *, cache_dir=None, url_keys=None, text_keys=None) -> PartitionKeys:
    n = len(df)
    if url_keys is None:
        urls = df["url"].astype(str) if "url" in df.columns else pd.Series("", index=df.index, dtype="string")
        url_keys = [normalise_url(u) for u in urls]
    elif len(url_keys) != n:
        raise ValueError("url_keys must have one key per row")
    if "published_at" in df.columns:
        dates = df["published_at"]
    else:
        dates = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
    signer = Signer(s["num_perm"], s["seed"])
    same_text, shingled, sig = _signatures(df["text"], signer=signer, shingle=s["shingle"],
                                           min_words=s["min_words"], cache_dir=cache_dir, text_keys=text_keys)
    return PartitionKeys(article_id=df["article_id"], published_at=dates, url_keys=list(url_keys),
                         text_keys=same_text, shingled=np.asarray(shingled, dtype=np.int64), signatures=sig)


def _sign_texts(texts: pd.Series, start: int, stop: int, *, signer: Signer, shingle: int, min_words: int):
    """For ``texts[start:stop]``: the digests of the normalised texts (b"" for no words),
    the positions of the texts with at least ``min_words`` words and their signatures."""
    keys: list[bytes] = [b""] * (stop - start)
    shingled: list[int] = []
    signed: list[np.ndarray] = []
    block: list[np.ndarray] = []
    in_block = 0
    vocab = Vocab()
    for c0 in range(start, stop, _TEXT_BLOCK):
        for i, t in enumerate(texts.iloc[c0 : min(stop, c0 + _TEXT_BLOCK)].astype(str).tolist(), start=c0):
            nfkc = unicodedata.normalize("NFKC", t)
            toks = _TOKEN.findall(nfkc.casefold())
            if toks:
                keys[i - start] = hashlib.blake2b(" ".join(toks).encode("utf-8"), digest_size=16).digest()
            if nfkc != t:
                toks = _TOKEN.findall(t.casefold())
            if len(toks) >= min_words:
                shingled.append(i)
                block.append(shingle_hashes(toks, shingle, vocab))
                in_block += len(block[-1])
                if in_block >= BLOCK_SHINGLES:
                    signed.append(signer.sign(block))
                    block, in_block = [], 0
    if block:
        signed.append(signer.sign(block))
    sig = np.concatenate(signed) if signed else signer.empty_signatures()
    return keys, shingled, sig


def _sign_all(texts: pd.Series, *, signer: Signer, shingle: int, min_words: int):
    """:func:`_sign_texts` for every text (in worker processes for long inputs)."""
    parts = run_chunks(functools.partial(_sign_texts, texts, signer=signer, shingle=shingle, min_words=min_words),
                       len(texts), min_rows=4000)
    sig = np.concatenate([p[2] for p in parts]) if parts else signer.empty_signatures()
    return [k for p in parts for k in p[0]], [i for p in parts for i in p[1]], sig


def _text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _signatures(texts: pd.Series, *, signer: Signer, shingle: int, min_words: int, cache_dir=None,
                text_keys=None):
    """The "same text" keys, the positions with a signature, and the signatures of
    ``texts``. With ``cache_dir``, signatures of texts seen before are read back instead."""
    if cache_dir is None:
        return _sign_all(texts, signer=signer, shingle=shingle, min_words=min_words)
    settings = hashlib.sha256(repr((__version__, signer.scheme, signer.num_perm, signer.seed, shingle,
                                    min_words)).encode()).hexdigest()[:16]
    path = Path(cache_dir) / f"signatures-{settings}.parquet"
    stored = _read_signature_cache(path)
    if text_keys is not None and len(text_keys) == len(texts):  # computed by the loader
        keys = [bytes.fromhex(k) for k in text_keys]
    else:
        keys = [_text_digest(t) for t in texts.fillna("").astype(str).tolist()]
    todo = list(dict.fromkeys(k for k in keys if k not in stored))
    if todo:
        where = {k: i for i, k in reversed(list(enumerate(keys)))}
        # the texts to sign, taken from the column (made Python strings a block at a time
        # while signing, not all at once)
        new_keys, new_shingled, sig = _sign_all(texts.iloc[[where[k] for k in todo]].fillna("").reset_index(drop=True),
                                                signer=signer, shingle=shingle, min_words=min_words)
        rows = dict.fromkeys(todo, b"")
        for pos, j in enumerate(new_shingled):
            rows[todo[j]] = sig[pos].tobytes()
        for j, k in enumerate(todo):
            stored[k] = (new_keys[j], rows[k])
        _write_signature_cache(path, stored)
    width = signer.num_perm * signer.dtype.itemsize
    same_text, shingled, blobs = [], [], []
    for i, k in enumerate(keys):
        key, blob = stored[k]
        same_text.append(key)
        if len(blob) == width:
            shingled.append(i)
            blobs.append(blob)
    sig = np.frombuffer(b"".join(blobs), dtype=signer.dtype).reshape(-1, signer.num_perm)
    return same_text, shingled, sig


def _read_signature_cache(path: Path) -> dict:
    """The stored signatures: text digest -> (its "same text" key, its signature bytes).
    Empty when there is no cache yet (OSError) or a damaged one (pyarrow's ArrowException,
    its ArrowInvalid for bytes that are not Parquet; KeyError for a table without these
    columns): then everything is signed again."""
    try:
        table = pd.read_parquet(path)
        return dict(zip(table["key"], zip(table["text_key"], table["sig"])))
    except (OSError, pa.ArrowException, KeyError):
        return {}


def _write_signature_cache(path: Path, stored: dict) -> None:
    """Store the signatures; a cache that cannot be written (OptionError from
    :func:`coveragekit.output.atomic_write_bytes` for a folder that cannot be made,
    OSError for a write that fails) costs time on the next run, nothing else."""
    table = pd.DataFrame({"key": list(stored), "text_key": [v[0] for v in stored.values()],
                          "sig": [v[1] for v in stored.values()]})
    buf = io.BytesIO()
    table.to_parquet(buf, index=False)
    try:
        atomic_write_bytes(path, buf.getvalue())
    except (OSError, OptionError):
        pass


# ------------------------------------------------------------- steps 2-5: the marks
def _concat(series: list) -> pd.Series:
    return series[0].reset_index(drop=True) if len(series) == 1 else pd.concat(series, ignore_index=True)


class _UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, a):
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


class _Links:
    """The links found between articles (rows 0..n-1): the clusters they make, and for
    each linked article the strongest kind of link it has."""

    def __init__(self, n: int):
        self.clusters = _UnionFind(n)
        self.kind: dict[int, str] = {}

    def link(self, i: int, j: int, kind: str) -> None:
        self.clusters.union(i, j)
        for node in (i, j):
            old = self.kind.get(node)
            if old is None or _STRENGTH[kind] < _STRENGTH[old]:
                self.kind[node] = kind


def _link_exact_keys(links: _Links, order: np.ndarray, url_keys: list, text_keys: list) -> None:
    """Step 2: each article whose URL key or text key an earlier article has (in
    ``order``) is linked to the first article with that key."""
    for kind, keys in (("same url", url_keys), ("same text", text_keys)):
        first: dict = {}
        for i in order:
            key = keys[i]
            if not key:
                continue
            if key in first:
                links.link(first[key], i, kind)
            else:
                first[key] = i


def _link_near_duplicates(links: _Links, keys: list, *, bands, threshold: float) -> None:
    """Step 3: the articles whose signatures LSH pairs (equal in a band, estimated
    similarity at least ``threshold``) are linked as near duplicates."""
    offsets = np.cumsum([0] + [len(k) for k in keys[:-1]])
    rows = np.concatenate([k.shingled + off for k, off in zip(keys, offsets)]) if keys else np.zeros(0, np.int64)
    if not len(rows):
        return
    sig = np.concatenate([k.signatures for k in keys]) if len(keys) > 1 else keys[0].signatures
    for a, b in rows[similar_pairs(sig, bands=bands, threshold=threshold)].tolist():
        links.link(a, b, "near duplicate")


def _marks(links: _Links, order: np.ndarray, ids: list) -> tuple[list, list]:
    """Steps 4 and 5: each cluster of two or more articles is marked with the id of its
    earliest article (in ``order``), "original" for that one and the kind of its link for
    the others."""
    n = len(ids)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(links.clusters.find(i), []).append(i)
    cluster, kinds = [""] * n, [""] * n
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: rank[i])
        head = group[0]
        for i in group:
            cluster[i] = ids[head]
        kinds[head] = "original"
        for i in group[1:]:
            kinds[i] = links.kind.get(i, "near duplicate")
    return cluster, kinds
