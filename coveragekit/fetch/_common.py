"""What the fetchers share: dates and windows, the run summary, the progress bar."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from dataclasses import dataclass, field

from tqdm import tqdm

from ..errors import OptionError

UTC = dt.UTC
# a window ending less than this before the fetch may still grow at the service: it is
# fetched again by the next run instead of being remembered as finished
SETTLING = dt.timedelta(hours=1)


def utc_now(now=None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC).replace(microsecond=0)
    return parse_when(now, name="now")


def parse_when(value, *, name: str, end: bool = False) -> dt.datetime:
    """A UTC datetime from ``2025-02-20``, ``2025-02-20T13:00``, a date or a datetime.

    A date alone given as an ``end`` means the end of that day (the next midnight).
    """
    if isinstance(value, dt.datetime):
        when = value if value.tzinfo else value.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    if isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
        return when + dt.timedelta(days=1) if end else when
    text = str(value or "").strip()
    if not text:
        raise OptionError(f"no {name} date given", hint=f"give --{name} YYYY-MM-DD")
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return parse_when(day, name=name, end=end)
        when = dt.datetime.fromisoformat(text)  # Python 3.11 reads a final "Z"
    except ValueError:
        raise OptionError(f"--{name} {text!r} is not a date",
                          hint="write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)") from None
    return parse_when(when, name=name)


def iso(when: dt.datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, order=True)
class Window:
    start: dt.datetime
    end: dt.datetime  # exclusive

    @property
    def key(self) -> str:
        return f"{iso(self.start)}/{iso(self.end)}"

    @property
    def span(self) -> dt.timedelta:
        return self.end - self.start


def month_windows(start: dt.datetime, end: dt.datetime) -> list[Window]:
    """``[start, end)`` cut at the first of each UTC month (windows stay the same when a
    later run asks for a later end, so finished months are not asked again)."""
    if end <= start:
        raise OptionError(f"the end ({iso(end)}) is not after the start ({iso(start)})",
                          hint="give --start before --end")
    out, cur = [], start
    while cur < end:
        nxt = dt.datetime(cur.year + (cur.month == 12), cur.month % 12 + 1, 1, tzinfo=UTC)
        out.append(Window(cur, min(nxt, end)))
        cur = min(nxt, end)
    return out


def settled(window: Window, now: dt.datetime, lag: dt.timedelta = SETTLING) -> bool:
    return window.end <= now - lag


@dataclass
class FetchResult:
    """What one fetch did. ``str(result)`` is the one-paragraph summary the CLI prints."""

    service: str
    out: str
    written: int = 0  # records added to the file
    already: int = 0  # records returned that the file already had (or that came twice)
    total: int = 0  # records in the file afterwards
    windows: int = 0  # windows (or feeds, or URL batches) asked for
    skipped: int = 0  # windows finished by an earlier run
    split: int = 0  # windows split because they reached the service's cap
    capped: list = field(default_factory=list)  # windows still at the cap at the smallest size
    failed: list = field(default_factory=list)  # (window or URL, problem)
    requests: int = 0  # HTTP requests sent (cache replays not counted)
    cache_hits: int = 0
    texts: Counter = field(default_factory=Counter)  # full-text outcome -> count
    notes: list = field(default_factory=list)

    def __str__(self) -> str:
        lines = [(f"{self.service}: {self.written} new records written to {self.out} "
                  f"({self.already} already in the file or repeated, {self.total} in the file now)")]
        w = f"{self.windows} windows asked"
        if self.skipped:
            w += f", {self.skipped} finished earlier and skipped"
        if self.split:
            w += f", {self.split} split at the cap"
        lines.append(f"{w}; {self.requests} requests, {self.cache_hits} replayed from the cache")
        if self.texts:
            lines.append("full text: " + ", ".join(f"{k} {v}" for k, v in sorted(self.texts.items())))
        for win in self.capped:
            lines.append(f"still at the cap at the smallest window, some records may be missing: {win}")
        for what, why in self.failed:
            lines.append(f"not fetched (a re-run tries again): {what}: {why}")
        lines.extend(self.notes)
        return "\n".join(lines)


def show_progress(progress) -> bool:
    if progress is not None:
        return bool(progress)
    return sys.stderr.isatty() and not os.environ.get("CI")


class Bar:
    """A tqdm bar on a terminal (windows done, records so far); nothing when piped or in CI."""

    def __init__(self, progress, *, desc: str, unit: str, total=None):
        self.bar = None
        if show_progress(progress):
            self.bar = tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)

    def step(self, n: int = 1, *, records: int | None = None, more: int = 0):
        if self.bar is None:
            return
        if more:
            self.bar.total = (self.bar.total or 0) + more
        self.bar.update(n)
        if records is not None:
            self.bar.set_postfix(records=records, refresh=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def commit_new(store, recs: list, result: FetchResult, *, bar: Bar, texts=None, **progress) -> int:
    """The end of one window's (or feed's, or page's) turn in a fetch loop: write the records
    of ``recs`` the file does not hold yet (their full text first, when ``texts`` fetches it)
    with the task's ``progress`` (:meth:`Store.commit`'s ``task, done, split, page``), count
    them in ``result`` as written or already there, and step the bar. Returns how many were
    written."""
    new = [r for r in recs if not store.has(r)]
    if texts is not None:
        new = texts.fill(new, result)
    written = store.commit(new, **progress)
    result.written += written
    result.already += len(recs) - written
    bar.step(records=store.count)
    return written


def end_fetch(result: FetchResult, store, bar: Bar, *, counted, owned=()) -> None:
    """The end of every fetch loop, also when it stops on an error: the progress bar and the
    output file closed, the requests of the ``counted`` clients added to ``result``, and what
    the fetch opened itself (``owned``: its clients and sessions; None for one the caller
    passed in) closed."""
    bar.close()
    store.close()
    count_requests(result, *counted)
    for c in owned:
        if c is not None:
            c.close()


def count_requests(result: FetchResult, *clients) -> None:
    for c in clients:
        if c is None:
            continue
        result.requests += sum(1 for a in c.attempts if a.outcome != "cache")
        result.cache_hits += sum(1 for a in c.attempts if a.outcome == "cache")


def env_or(value, env: str, default: str) -> str:
    if value:
        return str(value)
    return os.environ.get(env) or default
