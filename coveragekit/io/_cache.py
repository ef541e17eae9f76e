"""Reusing what an unchanged input file gave last time.

Reading a large export (parsing every record, dates, cleaning, language detection) costs
as much as a third of a run, and a journalist who adds a day's articles to a folder re-reads
every other file unchanged. With a cache folder, each file's result (its article rows as
Parquet, its rejections and how it was read) is stored under a key made of

* the file's bytes (a BLAKE2 digest: an edited file is read again, whatever its time stamp),
* the name the file is shown under (it is part of every ``source`` locator),
* the format and the reading options (``--map``, ``--dayfirst``), and the kit's version.

A stored result is only trusted when its checksum matches, and it is not used when one of
its records was rejected as dated in the future (that depends on the day of the run). A
result that cannot be stored or read back is simply computed again: the cache only ever
saves time, never changes what is loaded (tests/test_io.py compares the two).
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from pathlib import Path

import pandas as pd

from .._version import __version__
from ..output import atomic_write_bytes, atomic_write_text
from ._base import FileResult
from ._records import Rejection

_CHUNK = 1 << 22
_FORMAT = "3"  # bumped when the stored rows change shape (2: rows carry _url_key; 3: and _text_key)


def file_digest(path) -> str:
    h = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


class LoadCache:
    """Per-file results of :func:`coveragekit.load` in ``folder``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def key(self, path, *, display: str, fmt: str, options) -> str | None:
        try:
            digest = file_digest(path)
        except OSError:
            return None  # the reader reports the problem
        parts = [__version__, _FORMAT, digest, display, fmt, json.dumps(options.mapping or {}, sort_keys=True),
                 str(options.dayfirst)]
        if fmt in ("xlsx", "zip"):  # several results from one file: read again each time
            return None
        if getattr(options, "date", None) is not None:  # (--date changes what a page gives)
            parts.append(f"date={options.date}")
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def get(self, key: str) -> FileResult | None:
        meta_path, data_path = self.folder / f"{key}.json", self.folder / f"{key}.parquet"
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            data = data_path.read_bytes()
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                return None
            if any("in the future" in r[2] for r in meta["rejections"]):
                return None
            frame = pd.read_parquet(io.BytesIO(data))
            result = FileResult(file=meta["file"], format=meta["format"], encoding=meta["encoding"],
                                note=meta["note"], rejections=[Rejection(*r) for r in meta["rejections"]])
        except Exception:  # missing, damaged or from another layout: read the file again
            return None
        result.frame = frame
        with self._lock:  # load() looks files up from two threads
            self.hits += 1
        return result

    def put(self, key: str, result: FileResult, frame: pd.DataFrame) -> None:
        self.misses += 1
        buf = io.BytesIO()
        try:
            frame.to_parquet(buf, index=False)
        except Exception:  # a column pyarrow cannot store: nothing is cached for this file
            return
        data = buf.getvalue()
        meta = {"file": result.file, "format": result.format, "encoding": result.encoding, "note": result.note,
                "rejections": [[r.source, r.record, r.reason, r.raw] for r in result.rejections],
                "sha256": hashlib.sha256(data).hexdigest()}
        try:
            atomic_write_bytes(self.folder / f"{key}.parquet", data)
            atomic_write_text(self.folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
        except Exception:  # a full disk or a read-only folder costs the cache, not the run
            return
