"""A cache of per-article results, so a re-run scores only what is new.

Each article is keyed by a hash of its content (language, title, text) and each stage
(sentiment, actor mentions, quotes, frames...) by a hash of the settings it depends on
(the kit's version and, for example, the actor table's content). Each stage's results are
stored as Parquet files, written atomically, with a manifest recording each file's SHA-256:
a re-run adds one file holding only the new articles' rows instead of rewriting millions
of stored rows, and a stage's files are merged into one when they grow many. A file whose
checksum, schema or settings do not match is not trusted: the stage is dropped and
rebuilt, and the run says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from .io import arrow_backed
from .output import atomic_write_bytes, atomic_write_text, parquet_bytes

__all__ = ["ArticleCache", "content_keys", "rules_digest", "settings_hash"]

MANIFEST = "manifest.json"
FORMAT = 3  # 3: each content's rows stored in the order of the stage's sort columns
# a stage stored in more files than this is merged into one on its next store
MAX_SEGMENTS = 8


def content_keys(df: pd.DataFrame) -> pd.Series:
    """A hash of each article's language, title and text (its id and outlet do not matter):
    the SHA-1 of the three, each followed by \x1f, in UTF-8."""
    sha1 = hashlib.sha1
    utf8 = [_utf8_slices(df[c]) for c in ("lang", "title", "text")]
    if all(u is not None for u in utf8):
        # hashed straight from the Arrow columns' UTF-8 bytes: making each text a Python
        # string first took half the time
        (lo, lang), (to, title), (xo, text) = utf8
        keys = []
        for i in range(len(df)):
            h = sha1(lang[lo[i]: lo[i + 1]])
            h.update(b"\x1f")
            h.update(title[to[i]: to[i + 1]])
            h.update(b"\x1f")
            h.update(text[xo[i]: xo[i + 1]])
            h.update(b"\x1f")
            keys.append(h.hexdigest())
    else:
        cols = (df[c].astype(object).tolist() for c in ("lang", "title", "text"))  # plain lists: fast to walk
        keys = [sha1(f"{a}\x1f{b}\x1f{c}\x1f".encode()).hexdigest() for a, b, c in zip(*cols)]
    return pd.Series(keys, index=df.index, dtype="string")


def _utf8_slices(s: pd.Series):
    """For an Arrow-backed text column without missing values: each row's start in its
    UTF-8 bytes (one more for the end) and the bytes; otherwise None."""
    arr = s.array
    if not arrow_backed(arr):
        return None
    data = arr.__arrow_array__()
    if isinstance(data, pa.ChunkedArray):  # (combine_chunks copies even a single chunk)
        data = data.chunk(0) if data.num_chunks == 1 else data.combine_chunks()
    if data.null_count or not (pa.types.is_large_string(data.type) or pa.types.is_string(data.type)):
        return None
    width = np.int64 if pa.types.is_large_string(data.type) else np.int32
    _, offsets, values = data.buffers()
    starts = np.frombuffer(offsets, dtype=width)[data.offset: data.offset + len(data) + 1].tolist()
    return starts, memoryview(values if values is not None else b"")


def settings_hash(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, pd.DataFrame):
            h.update(p.to_csv(index=False).encode("utf-8"))
        else:
            h.update(json.dumps(p, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


def rules_digest(*, modules=(), files=(), packages=()) -> str:
    """A digest of every rule a stage's results depend on beyond its options.

    ``modules`` are the kit's own modules that compute the stage (named relative to the
    package, e.g. ``"sentiment"``): their source is hashed, so a changed function, speech
    verb or constant gives a new key. ``files`` are data files read by the stage
    (third-party lexicons, the kit's rule tables); ``packages`` third-party distributions
    whose version is recorded.

    Examples
    --------
    >>> rules_digest(modules=["text"]) == rules_digest(modules=["text"])
    True
    >>> rules_digest(modules=["text"]) == rules_digest(modules=["text", "errors"])
    False
    """
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for name in sorted(set(modules)):
        spec = importlib.util.find_spec(f"{__package__}.{name}")
        origin = spec.origin if spec is not None else None
        h.update(name.encode("utf-8") + b"\x1f")
        h.update(Path(origin).read_bytes() if origin else b"(missing)")
        h.update(b"\x1e")
    for path in files:
        h.update(Path(path).read_bytes())
        h.update(b"\x1e")
    for dist in sorted(set(packages)):
        try:
            h.update(f"{dist}=={version(dist)}".encode("utf-8"))
        except PackageNotFoundError:
            h.update(f"{dist}==".encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


class ArticleCache:
    """Per-stage caches of per-article results in ``folder``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.stats: dict[str, dict] = {}
        self.problems: list[str] = []
        self.manifest = self._read_manifest()
        self._defer = False  # inside deferred(): the manifest is written once, at the end
        self._dirty = False
        self._stale: set[str] = set()  # files no longer in the manifest: deleted once it is written
        # [keys, stored keys, their set, what is needed, the stored keys after this run
        # (made when first asked)] of the plans made
        self._planned: list = []
        self._ids_memo = None  # see _ids_of
        self._prefetched: dict = {}  # (stage, settings): stored rows being read (see prefetch)

    def _read_manifest(self) -> dict:
        path = self.folder / MANIFEST
        if not path.exists():
            return {"format": FORMAT, "stages": {}}
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("stages"), dict):
                raise ValueError("unknown cache format")
            return data
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            self.problems.append(f"cache manifest unreadable ({exc}); cache rebuilt")
            return {"format": FORMAT, "stages": {}}

    def _load(self, stage: str, settings: str) -> list[pd.DataFrame] | None:
        """The stored pieces of ``stage`` (``_key`` read as a categorical: its codes make
        the join cheap), or None when there are none to trust."""
        import pyarrow.parquet as pq

        entry = self.manifest["stages"].get(stage)
        if not entry:
            return None
        if entry.get("settings") != settings:
            self.problems.append(f"{stage}: settings changed; cache rebuilt")
            return None
        pieces = []
        for seg in entry.get("segments", []):
            try:
                data = (self.folder / seg["file"]).read_bytes()
            except OSError:
                self.problems.append(f"{stage}: cache file missing; cache rebuilt")
                return None
            if hashlib.sha256(data).hexdigest() != seg.get("sha256"):
                self.problems.append(f"{stage}: cache file corrupt (checksum mismatch); cache rebuilt")
                return None
            try:
                df = pq.read_table(io.BytesIO(data), read_dictionary=["_key"]).to_pandas()
            except Exception as exc:  # pyarrow raises several types for damaged data
                self.problems.append(f"{stage}: cache file unreadable ({type(exc).__name__}); cache rebuilt")
                return None
            if "_key" not in df.columns:
                self.problems.append(f"{stage}: cache file has the wrong columns; cache rebuilt")
                return None
            pieces.append(df)
        return pieces

    def drop(self, stage: str) -> None:
        """Forget everything stored for ``stage`` (its files are deleted with the next
        manifest)."""
        entry = self.manifest["stages"].pop(stage, None) or {}
        self._stale.update(seg["file"] for seg in entry.get("segments", []))
        self._manifest_changed()

    def _write_segment(self, stage: str, df: pd.DataFrame) -> dict:
        data = parquet_bytes(df)
        digest = hashlib.sha256(data).hexdigest()
        name = f"{stage}-{digest[:16]}.parquet"
        atomic_write_bytes(self.folder / name, data)
        return {"file": name, "sha256": digest}

    def _keys_done(self, plan: Plan, keys: pd.Series) -> list:
        """The sorted content keys stored for ``plan``'s stage once its new rows are: one
        list for the stages planned with the same stored keys (see :meth:`plan`)."""
        for entry in self._planned:
            if entry[0] is keys and entry[2] is plan.done and entry[3] is plan.need:
                if entry[4] is None:
                    entry[4] = sorted(plan.done | set(keys[plan.need]))
                return entry[4]
        return sorted(plan.done | set(keys[plan.need]))

    def _store(self, stage: str, settings: str, pieces: list[pd.DataFrame], new: pd.DataFrame | None,
               keys_done: list) -> None:
        """Add ``new`` to the stage's stored ``pieces`` (those loaded under ``settings``)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        old = self.manifest["stages"].get(stage) or {}
        segments = list(old.get("segments", [])) if old.get("settings") == settings and pieces else []
        if len(segments) + 1 > MAX_SEGMENTS:  # merged into one file
            merged = [p.assign(_key=p["_key"].astype(object)) for p in pieces]
            if new is not None:
                merged.append(new)
            segments = [self._write_segment(stage, pd.concat(merged, ignore_index=True))]
        elif new is not None or not segments:
            if new is None:
                new = pd.DataFrame({"_key": pd.Series([], dtype="string")})
            segments.append(self._write_segment(stage, new))
        kept = {seg["file"] for seg in segments}
        self._stale.update(seg["file"] for seg in old.get("segments", []) if seg["file"] not in kept)
        self.manifest["stages"][stage] = {"settings": settings, "segments": segments, "keys": keys_done}
        self._manifest_changed()

    def _manifest_changed(self) -> None:
        self._dirty = True
        if not self._defer:
            self.flush()

    @contextmanager
    def deferred(self):
        """Within this block the manifest (every stage's content keys: megabytes at 100k
        articles) is written once, when the block ends (also on an error), instead of
        after each stage. A stage file written without its manifest entry is never read
        by a later run: the manifest does not list it."""
        self._defer = True
        try:
            yield self
        finally:
            self._defer = False
            self.flush()

    def _write_manifest(self) -> None:
        # compact: json's C encoder (an indented dump takes the pure-Python one, seconds
        # for the content keys of 100,000 articles in every stage)
        atomic_write_text(self.folder / MANIFEST, json.dumps(self.manifest, sort_keys=True, separators=(",", ":")))

    def table(self, name: str, settings: str) -> pd.DataFrame | None:
        """A table kept with :meth:`keep` under these settings, or None (quietly: the
        caller computes it again)."""
        entry = self.manifest.get("tables", {}).get(name)
        if not entry or entry.get("settings") != settings:
            return None
        try:
            data = (self.folder / f"{name}.parquet").read_bytes()
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                self.problems.append(f"{name}: cache file corrupt (checksum mismatch); computed again")
                return None
            return pd.read_parquet(io.BytesIO(data))
        except Exception:  # missing or unreadable: computed again
            return None

    def keep(self, name: str, settings: str, df: pd.DataFrame) -> None:
        """Keep one whole table (not per article) for the next run."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = parquet_bytes(df)
        atomic_write_bytes(self.folder / f"{name}.parquet", data)
        self.manifest.setdefault("tables", {})[name] = {"settings": settings,
                                                        "sha256": hashlib.sha256(data).hexdigest()}
        self._manifest_changed()

    def prefetch(self, stages: dict) -> None:
        """Start reading the stored rows of ``{stage: settings}`` in a thread (reading and
        decoding Parquet leaves the interpreter free for other work); :meth:`plan` takes
        them from there."""
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1)  # one after the other, as plan() would
        for stage, settings in stages.items():
            self._prefetched[(stage, settings)] = pool.submit(self._load, stage, settings)
        pool.shutdown(wait=False)

    def plan(self, stage: str, settings: str, keys: pd.Series) -> Plan:
        """What :meth:`finish` needs for ``stage``: the stored rows and which articles
        (by content key, in the order of ``keys``) still have to be computed."""
        ahead = self._prefetched.pop((stage, settings), None)
        cached = ahead.result() if ahead is not None else self._load(stage, settings)
        stored = self.manifest["stages"].get(stage, {}).get("keys", []) if cached is not None else []
        for of, seen, done, need, _ in self._planned:  # stages usually hold the same contents
            if of is keys and seen == stored:
                return Plan(stage, settings, cached or [], done, need)
        done = set(stored)
        need = np.fromiter((k not in done for k in keys.tolist()), dtype=bool, count=len(keys))
        self._planned.append([keys, stored, done, need, None])
        return Plan(stage, settings, cached or [], done, need)

    def finish(self, plan: Plan, articles: pd.DataFrame, keys: pd.Series, new: pd.DataFrame | None,
               computed: int, *, order=None) -> pd.DataFrame:
        """Store ``new`` (rows computed for the articles ``plan`` needed, with
        ``article_id``; rows of other articles are left out) and return the rows of every
        article of ``articles``, stored and new: for each article in order, the rows of
        its content. ``computed``: how many distinct contents were computed (the cache is
        written when any was).

        ``order=(by, rank)``, with ``by[0] == "article_id"`` and ``rank`` each article's
        rank by id, returns the rows as ``.sort_values(by, kind="stable")`` would order
        them. Each content's new rows are stored together, sorted by ``by[1:]``, so they
        are already in order and a re-run only puts the articles in order (no sort of the
        millions of stored rows); a stage is always finished with the same ``by``."""
        ids, key_of = self._ids_of(articles, keys)
        self.stats[plan.stage] = {"hits": int((~plan.need).sum()), "misses": int(plan.need.sum())}
        pieces = list(plan.cached)
        if new is not None and len(new):
            new = new.copy()
            if order is not None and len(order[0]) > 1:
                # each article's rows together (as computed), sorted by the other columns:
                # a stored content's rows stay in one block, read in one piece when gathered
                lead = pd.factorize(new["article_id"])[0]
                new = stably_sorted(new, list(order[0][1:]), lead=lead)
            new["_key"] = key_of.loc[new["article_id"].astype(str)].to_numpy()
            new = new.drop(columns="article_id")
            if plan.done:  # only contents this stage had not stored
                done = plan.done
                fresh = np.fromiter((k not in done for k in new["_key"].tolist()), dtype=bool, count=len(new))
                if not fresh.all():
                    new = new[fresh]
        else:
            new = None
        if computed:
            self._store(plan.stage, plan.settings, plan.cached, new, self._keys_done(plan, keys))
        if new is not None and len(new):
            pieces.append(new)
        pieces = [p for p in pieces if len(p)]
        if not pieces:
            return pd.DataFrame({"article_id": pd.Series([], dtype="string")})
        return _rows_for(ids, keys.to_numpy(), pieces, order=order)[0]

    def _ids_of(self, articles: pd.DataFrame, keys: pd.Series):
        """The articles' ids and a Series of their content keys by id (made once for the
        stages finished on the same articles)."""
        memo = self._ids_memo  # weak references: the memo must not keep a frame of texts alive
        if memo is None or memo[0]() is not articles or memo[1]() is not keys:
            ids = articles["article_id"].astype(str).to_numpy()
            memo = self._ids_memo = (weakref.ref(articles), weakref.ref(keys), ids,
                                     pd.Series(keys.to_numpy(), index=ids))
        return memo[2], memo[3]

    def run(self, stage: str, settings: str, articles: pd.DataFrame, keys: pd.Series, compute) -> pd.DataFrame:
        """Results of ``compute`` (a function of an article frame returning a frame with an
        ``article_id`` column) for ``articles``, computing only the articles whose content
        key is not cached for this stage and these settings."""
        plan = self.plan(stage, settings, keys)
        todo = articles[plan.need]
        # compute each distinct content once
        first = todo.loc[~keys[plan.need].duplicated().to_numpy()] if len(todo) else todo
        new = compute(first) if len(first) else None
        return self.finish(plan, articles, keys, new, len(first))

    def flush(self) -> None:
        """Write the manifest now (see :meth:`deferred`), then delete the files it no
        longer lists."""
        if self._dirty:
            self._dirty = False
            self._write_manifest()
        if self._stale and not self._defer:
            for name in sorted(self._stale):
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass
            self._stale.clear()


def stably_sorted(df: pd.DataFrame, by: list, *, lead=None) -> pd.DataFrame:
    """``df.sort_values(by, kind="stable").reset_index(drop=True)``, by integer codes when
    the columns have no missing values; ``lead`` (one integer per row) sorts first."""
    if not len(df):
        return df.reset_index(drop=True)
    perm = _sort_order(df, np.arange(len(df)), [] if lead is None else [np.asarray(lead)], by)
    if perm is None:  # missing values: pandas' own sort
        if lead is None:
            return df.sort_values(by, kind="stable").reset_index(drop=True)
        perm = (df.assign(_lead=np.asarray(lead)).reset_index(drop=True)
                .sort_values(["_lead"] + list(by), kind="stable").index.to_numpy())
    return df.take(perm).reset_index(drop=True)


def _sort_order(store: pd.DataFrame, right_rows: np.ndarray, lead: list, rest) -> np.ndarray | None:
    """The stable order of the rows ``store.take(right_rows)`` by the arrays ``lead`` (one
    integer per row each) and then the columns ``rest``, text columns by integer codes
    ranked like the strings (the order of sorting the strings, a fraction of the time on
    millions of rows); None when a key column has missing values (the caller sorts those)."""
    keys = list(lead)
    for c in rest:
        col = store[c]
        if col.dtype.kind in "iufb" and not isinstance(col.dtype, pd.api.extensions.ExtensionDtype):
            keys.append(col.to_numpy()[right_rows])
        elif col.isna().any():
            return None
        else:
            keys.append(pd.factorize(col, sort=True)[0][right_rows])
    return np.lexsort(keys[::-1])  # the last key given to lexsort is the primary one


class Plan(NamedTuple):
    stage: str
    settings: str
    cached: list  # the stored pieces (DataFrames with _key), none when nothing is stored
    done: set  # content keys stored for this stage
    need: np.ndarray  # per article: still to compute


def _rows_for(article_ids: np.ndarray, keys: np.ndarray, pieces: list[pd.DataFrame], *, order=None):
    """``DataFrame({"article_id": article_ids, "_key": keys}).merge(pd.concat(pieces),
    on="_key")`` without ``_key``: for each article in order, the stored rows of its
    content key in their stored order; and each row's article (its position in
    ``article_ids``). Done on integer codes (a piece read from the cache has ``_key`` as a
    categorical, so only its distinct keys are hashed): merging millions of mention rows
    on text keys was most of a re-run's time. ``order=(by, rank)``: the articles taken in
    the order of ``rank`` instead, for pieces whose rows of each key are already sorted
    by ``by[1:]`` (see :meth:`ArticleCache.finish`): the rows then come out sorted by
    ``by``, as a stable sort of the merge would give them."""
    piece_codes, uniques, offset = [], [], 0
    for p in pieces:
        col = p["_key"]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy().astype(np.int64)
            cats = col.cat.categories.to_numpy(dtype=object)
        else:
            codes, cats = pd.factorize(col.astype(object).to_numpy())
            cats = np.asarray(cats, dtype=object)
        piece_codes.append(codes + offset)
        uniques.append(cats)
        offset += len(cats)
    both, _ = pd.factorize(np.concatenate([np.asarray(keys, dtype=object)] + uniques))
    left = both[: len(keys)]
    right = both[len(keys):][np.concatenate(piece_codes)]  # each stored row's key, as a code shared with left
    by_code = np.argsort(right, kind="stable")  # stored rows grouped by key, in stored order
    grouped = right[by_code]
    starts = np.searchsorted(grouped, left, "left")
    lengths = np.searchsorted(grouped, left, "right") - starts
    total = int(lengths.sum())
    left_rows = np.repeat(np.arange(len(left)), lengths)
    within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    right_rows = by_code[np.repeat(starts, lengths) + within]
    values = [p.drop(columns="_key") for p in pieces]
    store = values[0] if len(values) == 1 else pd.concat(values, ignore_index=True)
    if order is not None:  # whole articles moved into the order of their rank
        by_rank = np.argsort(np.asarray(order[1]), kind="stable")
        sizes = lengths[by_rank]
        firsts = (np.cumsum(lengths) - lengths)[by_rank]  # where each article's rows are now
        pos = np.repeat(firsts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
        left_rows, right_rows = left_rows[pos], right_rows[pos]
    out = store.take(right_rows).reset_index(drop=True)
    ids = pd.DataFrame({"article_id": article_ids})["article_id"]  # the dtype a merge would give
    out.insert(0, "article_id", ids.take(left_rows).reset_index(drop=True))
    return out, left_rows
