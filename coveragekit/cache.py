"""A cache of per-article results, so a re-run scores only what is new.

Each article is keyed by a hash of its content (language, title, text) and each stage
(sentiment, actor mentions, quotes, frames...) by a hash of the settings it depends on
(the kit's version and, for example, the actor table's content). Results are stored as one
Parquet file per stage, written atomically, with a manifest recording each file's SHA-256.
A file whose checksum, schema or settings do not match is not trusted: it is dropped and
rebuilt, and the run says so.
"""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .output import atomic_write_bytes, atomic_write_text

__all__ = ["ArticleCache", "content_keys", "settings_hash"]

MANIFEST = "manifest.json"
FORMAT = 1


def content_keys(df: pd.DataFrame) -> pd.Series:
    """A hash of each article's language, title and text (its id and outlet do not matter)."""
    sha1 = hashlib.sha1
    cols = (df[c].astype(object).tolist() for c in ("lang", "title", "text"))  # plain lists: fast to walk
    # SHA-1 of language, title and text, each followed by \x1f, in UTF-8
    return pd.Series([sha1(f"{a}\x1f{b}\x1f{c}\x1f".encode("utf-8")).hexdigest() for a, b, c in zip(*cols)],
                     index=df.index, dtype="string")


def settings_hash(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, pd.DataFrame):
            h.update(p.to_csv(index=False).encode("utf-8"))
        else:
            h.update(json.dumps(p, sort_keys=True, default=str).encode("utf-8"))
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

    def _load(self, stage: str, settings: str) -> pd.DataFrame | None:
        entry = self.manifest["stages"].get(stage)
        path = self.folder / f"{stage}.parquet"
        if not entry:
            return None
        if entry.get("settings") != settings:
            self.problems.append(f"{stage}: settings changed; cache rebuilt")
            return None
        try:
            data = path.read_bytes()
        except OSError:
            self.problems.append(f"{stage}: cache file missing; cache rebuilt")
            return None
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            self.problems.append(f"{stage}: cache file corrupt (checksum mismatch); cache rebuilt")
            return None
        try:
            df = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises several types for damaged data
            self.problems.append(f"{stage}: cache file unreadable ({type(exc).__name__}); cache rebuilt")
            return None
        if "_key" not in df.columns:
            self.problems.append(f"{stage}: cache file has the wrong columns; cache rebuilt")
            return None
        return df

    def _store(self, stage: str, settings: str, df: pd.DataFrame, keys_done) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        data = buf.getvalue()
        atomic_write_bytes(self.folder / f"{stage}.parquet", data)
        self.manifest["stages"][stage] = {"settings": settings, "sha256": hashlib.sha256(data).hexdigest(),
                                          "keys": sorted(set(keys_done))}
        self._manifest_changed()

    def _manifest_changed(self) -> None:
        if self._defer:
            self._dirty = True
        else:
            self._write_manifest()

    @contextmanager
    def deferred(self):
        """Within this block the manifest (every stage's content keys: megabytes at 100k
        articles) is written once, when the block ends (also on an error), instead of
        after each stage. A stage file written without its manifest entry is not trusted
        by a later run: its checksum does not match."""
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
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        data = buf.getvalue()
        atomic_write_bytes(self.folder / f"{name}.parquet", data)
        self.manifest.setdefault("tables", {})[name] = {"settings": settings,
                                                        "sha256": hashlib.sha256(data).hexdigest()}
        self._manifest_changed()

    def plan(self, stage: str, settings: str, keys: pd.Series) -> Plan:
        """What :meth:`finish` needs for ``stage``: the stored rows and which articles
        (by content key, in the order of ``keys``) still have to be computed."""
        cached = self._load(stage, settings)
        done = set(self.manifest["stages"].get(stage, {}).get("keys", [])) if cached is not None else set()
        need = np.fromiter((k not in done for k in keys.tolist()), dtype=bool, count=len(keys))
        return Plan(stage, settings, pd.DataFrame() if cached is None else cached, done, need)

    def finish(self, plan: Plan, articles: pd.DataFrame, keys: pd.Series, new: pd.DataFrame | None,
               computed: int) -> pd.DataFrame:
        """Store ``new`` (rows computed for the articles ``plan`` needed, with
        ``article_id``; rows of other articles are left out) and return the rows of every
        article of ``articles``, stored and new. ``computed``: how many distinct contents
        were computed (the cache is written when any was)."""
        key_of = pd.Series(keys.to_numpy(), index=articles["article_id"].astype(str).to_numpy())
        self.stats[plan.stage] = {"hits": int((~plan.need).sum()), "misses": int(plan.need.sum())}
        cached = plan.cached
        if new is not None and len(new):
            new = new.copy()
            new["_key"] = key_of.loc[new["article_id"].astype(str)].to_numpy()
            new = new.drop(columns="article_id")
            if plan.done:  # only contents this stage had not stored
                done = plan.done
                fresh = np.fromiter((k not in done for k in new["_key"].tolist()), dtype=bool, count=len(new))
                if not fresh.all():
                    new = new[fresh]
            store = pd.concat([cached, new], ignore_index=True) if len(cached) else new
        else:
            store = cached
        if computed:
            self._store(plan.stage, plan.settings,
                        store if len(store) else pd.DataFrame({"_key": pd.Series([], dtype="string")}),
                        plan.done | set(keys[plan.need]))
        if not len(store):
            return pd.DataFrame({"article_id": pd.Series([], dtype="string")})
        return _rows_for(articles["article_id"].astype(str).to_numpy(), keys.to_numpy(), store)

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
        """Write the manifest now (see :meth:`deferred`)."""
        if self._dirty:
            self._dirty = False
            self._write_manifest()


class Plan(NamedTuple):
    stage: str
    settings: str
    cached: pd.DataFrame  # the stored rows (empty when none)
    done: set  # content keys stored for this stage
    need: np.ndarray  # per article: still to compute


def _rows_for(article_ids: np.ndarray, keys: np.ndarray, store: pd.DataFrame) -> pd.DataFrame:
    """``DataFrame({"article_id": article_ids, "_key": keys}).merge(store, on="_key")``
    without ``_key``: for each article in order, the stored rows of its content key in
    their stored order. Done on integer codes: merging millions of mention rows on text
    keys was most of a re-run's time."""
    codes, _ = pd.factorize(np.concatenate([np.asarray(keys, dtype=object),
                                            store["_key"].astype(object).to_numpy()]))
    left, right = codes[: len(keys)], codes[len(keys):]
    by_code = np.argsort(right, kind="stable")  # stored rows grouped by key, in stored order
    grouped = right[by_code]
    starts = np.searchsorted(grouped, left, "left")
    lengths = np.searchsorted(grouped, left, "right") - starts
    total = int(lengths.sum())
    left_rows = np.repeat(np.arange(len(left)), lengths)
    within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    right_rows = by_code[np.repeat(starts, lengths) + within]
    out = store.drop(columns="_key").take(right_rows).reset_index(drop=True)
    ids = pd.DataFrame({"article_id": article_ids})["article_id"]  # the dtype a merge would give
    out.insert(0, "article_id", ids.take(left_rows).reset_index(drop=True))
    return out
