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
from pathlib import Path

import numpy as np
import pandas as pd

from .output import atomic_write_bytes, atomic_write_text

__all__ = ["ArticleCache", "content_keys", "settings_hash"]

MANIFEST = "manifest.json"
FORMAT = 1


def content_keys(df: pd.DataFrame) -> pd.Series:
    """A hash of each article's language, title and text (its id and outlet do not matter)."""
    def one(lang, title, text):
        h = hashlib.sha1()
        for part in (lang, title, text):
            h.update(str(part).encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    cols = (df[c].astype(object).tolist() for c in ("lang", "title", "text"))  # plain lists: fast to walk
    return pd.Series([one(a, b, c) for a, b, c in zip(*cols)], index=df.index, dtype="string")


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
        self._write_manifest()

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
        self._write_manifest()

    def run(self, stage: str, settings: str, articles: pd.DataFrame, keys: pd.Series, compute) -> pd.DataFrame:
        """Results of ``compute`` (a function of an article frame returning a frame with an
        ``article_id`` column) for ``articles``, computing only the articles whose content
        key is not cached for this stage and these settings."""
        cached = self._load(stage, settings)
        done = set(self.manifest["stages"].get(stage, {}).get("keys", [])) if cached is not None else set()
        if cached is None:
            cached = pd.DataFrame()
        key_of = pd.Series(keys.to_numpy(), index=articles["article_id"].astype(str).to_numpy())
        need = np.fromiter((k not in done for k in keys.tolist()), dtype=bool, count=len(keys))
        todo = articles[need]
        # compute each distinct content once
        first = todo.loc[~keys[need].duplicated().to_numpy()] if len(todo) else todo
        new = compute(first) if len(first) else None
        hits = int((~need).sum())
        self.stats[stage] = {"hits": hits, "misses": int(need.sum())}
        if new is not None and len(new):
            new = new.copy()
            new["_key"] = key_of.loc[new["article_id"].astype(str)].to_numpy()
            new = new.drop(columns="article_id")
            store = pd.concat([cached, new], ignore_index=True) if len(cached) else new
        else:
            store = cached
        if len(first):
            self._store(stage, settings, store if len(store) else pd.DataFrame({"_key": pd.Series([], dtype="string")}),
                        done | set(keys[need]))
        if not len(store):
            return pd.DataFrame({"article_id": pd.Series([], dtype="string")})
        return _rows_for(articles["article_id"].astype(str).to_numpy(), keys.to_numpy(), store)


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
