"""Cleaning: text normalisation, language detection and duplicate marking.

All functions are row-local except :func:`mark_duplicates`, which looks across articles
(with MinHash locality-sensitive hashing, never all pairs).
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib

import numpy as np
import pandas as pd

__all__ = [
    "clean_text",
    "clean_title",
    "detect_language",
    "mark_duplicates",
    "FUNCTION_WORDS",
]

_SCRIPT = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")
_INLINE = re.compile(r"</?(a|b|i|em|strong|span|u|small|sup|sub|font|abbr|cite|q|mark)\b[^<>]*>", re.I)
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _looks_like_html(s: str) -> bool:
    return "<" in s and bool(_TAG.search(s))


def clean_text(value) -> str:
    """Normalise an article body.

    Unicode NFC; leftover HTML removed (script and style elements with their content,
    other tags unwrapped, entities decoded); spaces collapsed inside paragraphs; paragraphs
    separated by one blank line. Idempotent.

    >>> clean_text("<p>Uno&nbsp; dos</p><p>tres</p><script>x()</script>")
    'Uno dos\\n\\ntres'
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    s = str(value)
    if _looks_like_html(s):
        s = _SCRIPT.sub(" ", s)
        s = _BLOCK.sub("\n\n", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))
    s = _ZW.sub("", s).replace("\u00a0", " ")
    paras = []
    for block in re.split(r"\n\s*\n", s):
        line = " ".join(block.split())
        if line:
            paras.append(line)
    return "\n\n".join(paras)


def clean_title(value) -> str:
    """Normalise a headline: one line, NFC, entities decoded, formatting tags unwrapped.

    Other angle-bracket text is kept as written, so that a hostile title such as
    ``<script>alert(1)</script>`` stays visible as text (the report escapes it).

    >>> clean_title("  Mexico &amp; the <b>US</b>\\n agree ")
    'Mexico & the US agree'
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    s = _INLINE.sub("", str(value))
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s)
    s = _ZW.sub("", s).replace("\u00a0", " ")
    return " ".join(s.split())


# Closed-class words: frequent, topic-independent, and distinctive between languages.
FUNCTION_WORDS = {
    "en": set("the of and to in is that for it was on with as by at from his her they this be "
              "are have has had not but an which were would will said its their who been more "
              "after also than about could into over a an amid after what when will would says".split()),
    "es": set("el la los las de del que y en un una por con para es se su sus al lo como más "
              "pero fue son ha sobre este esta entre también sin desde porque dijo según ante "
              "hasta donde cuando muy le les nos tras ya hay está están hacia ayer dos años sólo solo "
              "mientras aunque".split()),
    "pt": set("o os as do da dos das que e em um uma por com para é se seu sua ao não mais "
              "mas foi são tem sobre este esta entre também sem desde porque disse até "
              "quando muito pelo pela".split()),
    "fr": set("le la les de des du que et en un une pour avec est se son sa au ne pas plus "
              "mais été sont sur ce cette entre aussi sans depuis parce dit selon jusqu "
              "quand très il elle ils".split()),
    "de": set("der die das den dem des und zu in ist dass für es war auf mit als von bei "
              "aus sein ihr sie nicht aber ein eine einer wurde werden hat hatte auch über "
              "nach wie noch".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.U)
# Letters and endings that mark one language's spelling.
_ORTHOGRAPHY = {
    "es": re.compile(r"ñ|¿|¡|ción\b|ciones\b|\wó\b"),
    "pt": re.compile(r"ã|õ|ç[ãõa]|ção\b|ções\b|lh[aeo]"),
    "fr": re.compile(r"[èêëçœ]|\bl'|\bd'|\bqu'"),
    "de": re.compile(r"ß|\b\w+ung\b|\b\w+keit\b"),
    "en": re.compile(r"\b\w+'s\b|\b\w+ing\b|\bth\w+|\w\wed\b"),
}
_WEIGHT: dict[str, float] = {}
for _vocab in FUNCTION_WORDS.values():
    for _w in _vocab:
        _WEIGHT[_w] = 1.0 / sum(_w in v for v in FUNCTION_WORDS.values())


def detect_language(text: str, *, min_score: float = 2.5) -> str:
    """Guess the language of ``text``; ``"und"`` when unsure.

    Offline and deterministic. Each closed-class word of a language's list
    (:data:`FUNCTION_WORDS`: English, Spanish, Portuguese, French, German) counts for that
    language, shared words ("de", "la") split their weight between the languages that have
    them; spelling marks (ñ, ¿, -ción; ã, -ção; è, ç; ß) add a point each. The best language
    must reach ``min_score`` (less for a headline-length text) and beat the runner-up by
    half again.

    >>> detect_language("El gobierno de México dijo que no habrá una invasión.")
    'es'
    >>> detect_language("The State Department said the designation was final.")
    'en'
    >>> detect_language("CJNG")
    'und'
    """
    if not text:
        return "und"
    sample = text.lower()[:5000]
    words = _WORD.findall(sample)
    if not words:
        return "und"
    scores = dict.fromkeys(FUNCTION_WORDS, 0.0)
    for w in words:
        wt = _WEIGHT.get(w)
        if wt:
            for lang, vocab in FUNCTION_WORDS.items():
                if w in vocab:
                    scores[lang] += wt
    for lang, rx in _ORTHOGRAPHY.items():
        scores[lang] += 0.5 * min(len(rx.findall(sample)), 2 * len(words))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, s1), (_, s2) = ranked[0], ranked[1]
    need = min_score if len(words) >= 8 else 1.5
    if s1 >= need and s1 >= 1.5 * s2:
        return best
    return "und"


# ---------------------------------------------------------------------------- duplicates
_TOKEN = re.compile(r"\w+", re.U)
_MERSENNE = np.uint64((1 << 61) - 1)


def _norm_text(s: str) -> str:
    return " ".join(_TOKEN.findall(unicodedata.normalize("NFKC", s).casefold()))


def _shingle_hashes(tokens: list[str], k: int, vocab: dict) -> np.ndarray:
    ids = np.empty(len(tokens), dtype=np.uint64)
    for i, t in enumerate(tokens):
        h = vocab.get(t)
        if h is None:
            h = vocab[t] = zlib.crc32(t.encode("utf-8"))
        ids[i] = h
    if len(ids) < k:
        k = max(1, len(ids))
    n = len(ids) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    mult = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * mult + ids[j : j + n]
    return np.unique(acc & np.uint64(0xFFFFFFFF))


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
    ``shingle``-grams and locality-sensitive hashing (datasketch), so the cost grows with
    the number of articles, not with the number of pairs; a candidate pair is kept when
    its estimated Jaccard similarity is at least ``threshold``. Texts shorter than
    ``min_words`` words are only checked for exact duplicates.

    Adds ``dup_cluster`` (the ``article_id`` of the cluster's earliest article, empty for
    articles with no duplicate), ``dup_kind`` ("original" for that earliest article, else
    "same url", "same text" or "near duplicate"; empty when unique) and ``is_duplicate``
    (True for every member but the original). Nothing is dropped.
    """
    from datasketch import MinHash, MinHashLSH

    out = df.copy()
    n = len(out)
    uf = _UnionFind(n)
    node_kind: dict[int, str] = {}
    strength = {"same url": 0, "same text": 1, "near duplicate": 2}
    order = np.lexsort((out["article_id"].astype(str).to_numpy(), out["published_at"].to_numpy()))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    def link(i, j, kind):
        uf.union(i, j)
        for node in (i, j):
            old = node_kind.get(node)
            if old is None or strength[kind] < strength[old]:
                node_kind[node] = kind

    from .schema import normalise_url

    for kind, keys in (
        ("same url", [normalise_url(u) for u in out["url"].astype(str)]),
        ("same text", [_norm_text(t) for t in out["text"].astype(str)]),
    ):
        first: dict[str, int] = {}
        for i in order:
            key = keys[i]
            if not key:
                continue
            if key in first:
                link(first[key], i, kind)
            else:
                first[key] = i

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs: dict[int, MinHash] = {}
    vocab: dict[str, int] = {}
    texts = out["text"].astype(str).tolist()
    for i in order:
        tokens = _TOKEN.findall(texts[i].casefold())
        if len(tokens) < min_words:
            continue
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        m.update_batch(_shingle_hashes(tokens, shingle, vocab).tolist())
        for j in lsh.query(m):
            if m.jaccard(sigs[j]) >= threshold:
                link(j, i, "near duplicate")
        lsh.insert(i, m)
        sigs[i] = m

    roots = [uf.find(i) for i in range(n)]
    members: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        members.setdefault(r, []).append(i)
    ids = out["article_id"].astype(str).tolist()
    cluster = [""] * n
    kinds = [""] * n
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: rank[i])
        head = group[0]
        for i in group:
            cluster[i] = ids[head]
        kinds[head] = "original"
        for i in group[1:]:
            kinds[i] = node_kind.get(i, "near duplicate")
    out["dup_cluster"] = pd.array(cluster, dtype="string")
    out["dup_kind"] = pd.array(kinds, dtype="string")
    out["is_duplicate"] = [k not in ("", "original") for k in kinds]
    return out
