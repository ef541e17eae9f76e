"""The fetchers' output: a JSON Lines file in the article schema, plus a state file.

Each line is one article with the schema's fields (``published_at``, ``outlet``, ``title``,
``text``, ``url``, ``lang``) and provenance fields (``service``, ``query``, ``window``,
``fetched_at``; ``http_status`` and ``text_status`` when the text was downloaded), so the
file loads with ``coveragekit.load`` like any other.

Writing is atomic: a batch of new lines is written to a temporary copy of the file that
then replaces it (``os.replace``), so a fetch killed at any moment leaves the previous
complete file, never half a line. Records already in the file (same normalised URL, or for
a record without URL the same outlet, title and day) are not written again.

The state file ``FILE.state.json`` beside it remembers, per fetch task, the windows that
are finished, the windows known to be over the cap (split without asking again) and the
next page token of a paged window, so a re-run asks only for what it has not got yet.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import OptionError
from ..output import atomic_write_text, discard, write_temp
from ..schema import make_article_id, normalise_url

__all__ = ["Store", "record_key", "task_id"]

STATE_FORMAT = "coveragekit-fetch-state/1"


def record_key(rec: dict) -> str:
    """Identity of a record for "already there": its normalised URL, else outlet+title+day."""
    url = normalise_url(rec.get("url") or "")
    if url:
        return url
    return "id:" + make_article_id(outlet=rec.get("outlet") or "", title=rec.get("title") or "",
                                   published_at=(rec.get("published_at") or "")[:10] or None)


def task_id(service: str, **what) -> str:
    """A stable id for one fetch task (service + the options that decide its records)."""
    blob = json.dumps({"service": service, **what}, sort_keys=True, ensure_ascii=False, default=str)
    return service + "-" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


class Store:
    """Append-only, atomic, de-duplicating JSON Lines output with a resumable state."""

    def __init__(self, path):
        self.path = Path(path)
        if self.path.suffix.lower() not in (".jsonl", ".ndjson"):
            raise OptionError(f"--out {self.path}: the fetchers write JSON Lines",
                              hint="give a file name ending in .jsonl")
        if self.path.exists() and self.path.is_dir():
            raise OptionError(f"--out {self.path} is a folder", hint="name a .jsonl file")
        self.state_path = self.path.with_name(self.path.name + ".state.json")
        self.keys: set[str] = set()
        self.count = 0
        self._lock = None
        self._take_lock()
        self._drop_temporary_files()
        self._read()
        self.state = self._read_state()

    # -- one writer at a time --------------------------------------------------------------
    def _take_lock(self):
        """Two fetches appending to one file at once would each replace the other's lines:
        the second is refused. The lock goes with the process (also when it is killed)."""
        try:
            import fcntl  # here: POSIX only, and a missing lock must not stop the import
        except ImportError:  # Windows: no lock
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path.with_name(f".{self.path.name}.lock"), "a")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise OptionError(f"another fetch is writing {self.path} now",
                              hint="wait for it to finish, or give --out another file") from None
        self._lock = fh

    def close(self) -> None:
        """Let another fetch write the file."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading what is there -----------------------------------------------------------
    def _drop_temporary_files(self):
        folder = self.path.parent
        if folder.is_dir():
            for p in folder.glob(f".{self.path.name}.*.tmp"):
                try:
                    p.unlink()
                except OSError:
                    pass

    def _read(self):
        if not self.path.exists():
            return
        with open(self.path, "rb") as fh:
            for no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    raise OptionError(f"{self.path}: line {no} is not valid JSON, so the file was not "
                                      "written by the kit's fetcher",
                                      hint="give --out a new file name") from None
                if isinstance(rec, dict):
                    self.keys.add(record_key(rec))
                    self.count += 1

    def _read_state(self) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": STATE_FORMAT, "tasks": {}}
        except ValueError:
            raise OptionError(f"{self.state_path}: the fetch state cannot be read",
                              hint="delete it: the next fetch then asks again for every window "
                                   "(records already in the file are not duplicated)") from None
        if state.get("format") != STATE_FORMAT:
            raise OptionError(f"{self.state_path}: not a coveragekit fetch state")
        return state

    def task(self, tid: str, **describe) -> dict:
        t = self.state["tasks"].setdefault(tid, {"done": [], "split": [], "pages": {}})
        t.update(describe)
        return t

    def done(self, tid: str) -> set:
        return set(self.state["tasks"].get(tid, {}).get("done", []))

    def split(self, tid: str) -> set:
        return set(self.state["tasks"].get(tid, {}).get("split", []))

    def page(self, tid: str, window: str):
        return self.state["tasks"].get(tid, {}).get("pages", {}).get(window)

    def has(self, rec: dict) -> bool:
        return record_key(rec) in self.keys

    # -- writing -------------------------------------------------------------------------
    def commit(self, records=(), *, task: str | None = None, done=(), split=(), page=None) -> int:
        """Append the records not already there, then record the task's progress.

        ``page`` is ``(window, {"token": ..., "pages": n})`` for a paged window still open.
        Returns the number of records written.
        """
        new, lines = [], []
        for rec in records:
            k = record_key(rec)
            if k in self.keys:
                continue
            self.keys.add(k)
            new.append(rec)
            lines.append(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
        if lines:
            try:
                self._append("".join(lines).encode("utf-8"))
            except BaseException:
                for rec in new:
                    self.keys.discard(record_key(rec))
                raise
            self.count += len(new)
        if task is not None and (done or split or page):
            t = self.state["tasks"].setdefault(task, {"done": [], "split": [], "pages": {}})
            for w in done:
                if w not in t["done"]:
                    t["done"].append(w)
                t["pages"].pop(w, None)
            for w in split:
                if w not in t["split"]:
                    t["split"].append(w)
            if page is not None:
                t["pages"][page[0]] = page[1]
            self._write_state()
        return len(new)

    def _append(self, data: bytes) -> None:
        def pieces():
            if self.path.exists():
                with open(self.path, "rb") as fh:
                    while True:
                        block = fh.read(1 << 20)
                        if not block:
                            break
                        yield block
            yield data

        tmp = write_temp(self.path, pieces())
        try:
            os.replace(tmp, self.path)
        except BaseException:
            discard(tmp)
            raise

    def _write_state(self) -> None:
        atomic_write_text(self.state_path, json.dumps(self.state, indent=1, sort_keys=True) + "\n")


