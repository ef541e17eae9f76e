"""GDELT DOC 2.0 article lists, past the 250-record cap.

One request asks ``mode=artlist&format=json&maxrecords=250`` for a window
``startdatetime``..``enddatetime``. GDELT returns at most 250 records per request, so a
window that comes back with 250 is split in two (at a whole hour while it is longer than
an hour, then at a whole minute) and each half asked again, until every part holds fewer.
The range is first cut into calendar months, so a later run that asks for a later end
finds the same windows and asks only for the new ones. Records are deduplicated by
normalised URL across windows. GDELT gives titles, not text (``--full-text`` downloads it).

GDELT's replies, as the service sends them: ``{"articles": [{"url", "url_mobile",
"title", "seendate" ("20250220T131500Z", UTC), "socialimage", "domain", "language"
(an English name), "sourcecountry"}]}``; ``{}`` when nothing matches; and a plain-text
sentence with HTTP 200 when it does not accept the query ("Queries containing OR'd terms
must be surrounded by ().").
"""

from __future__ import annotations

import datetime as dt
import json

from ..errors import OptionError
from ..io._records import normalise_lang
from ._common import (
    Bar,
    FetchResult,
    Window,
    commit_new,
    end_fetch,
    env_or,
    iso,
    month_windows,
    parse_when,
    settled,
    utc_now,
)
from .fulltext import text_fetcher
from .http import FetchFailed, Http
from .store import Store, task_id

__all__ = ["CAP", "GDELT_URL", "fetch_gdelt"]

GDELT_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
CAP = 250
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


class WindowError(Exception):
    """A window that could not be fetched this time (reported, and asked again next run)."""


def gdelt_query(query: str, *, lang=None, domain=None) -> str:
    """The query GDELT is sent: the user's query plus ``sourcelang:`` / ``domain:`` terms.

    >>> gdelt_query('"cartel" terrorist', lang=["spanish"], domain=["example.mx", "example.com"])
    '"cartel" terrorist sourcelang:spanish (domain:example.mx OR domain:example.com)'
    """
    q = " ".join(str(query or "").split())
    if not q:
        raise OptionError("no GDELT query given", hint="give --query, e.g. --query '\"cartel\" terrorist'")
    for name, values in (("sourcelang", lang), ("domain", domain)):
        if not values:
            continue
        values = [values] if isinstance(values, str) else list(values)
        terms = [f"{name}:{v.strip()}" for v in values if str(v).strip()]
        if len(terms) == 1:
            q += " " + terms[0]
        elif terms:
            q += " (" + " OR ".join(terms) + ")"
    return q


def halve(w: Window):
    """The two halves of a window, cut at a whole hour (then minute); None at one minute.

    >>> from coveragekit.fetch._common import Window, parse_when
    >>> a, b = halve(Window(parse_when("2025-02-01", name="start"), parse_when("2025-02-01", name="end", end=True)))
    >>> a.key, b.key
    ('2025-02-01T00:00:00Z/2025-02-01T12:00:00Z', '2025-02-01T12:00:00Z/2025-02-02T00:00:00Z')
    """
    for unit in (HOUR, MINUTE):
        if w.span <= unit and unit is HOUR:
            continue
        mid = w.start + w.span / 2
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        mid = epoch + ((mid - epoch) // unit) * unit
        if mid <= w.start:
            mid = w.start + unit
        if w.start < mid < w.end:
            return Window(w.start, mid), Window(mid, w.end)
    return None


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S")


def _seendate(value: str) -> str:
    try:
        return iso(dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC))
    except (TypeError, ValueError):
        return value or ""


def loads(text: str):
    r"""Parse a GDELT reply, mending two things that break otherwise readable JSON: control
    characters inside strings, and backslashes that start no JSON escape (kept as they are).
    A reply cut off in the middle still raises ``ValueError``.

    >>> loads(r'{"articles": [{"title": "a \q b"}]}')["articles"][0]["title"]
    'a \\q b'
    """
    for _ in range(1000):
        try:
            return json.loads(text, strict=False)
        except json.JSONDecodeError as exc:
            if not exc.msg.startswith("Invalid \\escape"):
                raise
            text = text[:exc.pos] + "\\" + text[exc.pos:]  # the backslash stands for itself
    raise ValueError("too many malformed escapes")


def _is_text_reply(r) -> bool:
    body = r.content.lstrip()[:1]
    return "json" not in r.content_type and body not in (b"{", b"[")


def _check(r):
    """A reply to retry: JSON cut off in the middle, or GDELT asking to slow down."""
    if r.status != 200:
        return None
    if _is_text_reply(r):
        if "limit requests" in r.text.lower():
            return "GDELT asks to slow down: " + " ".join(r.text.split())[:200]
        return None
    try:
        loads(r.text)
    except ValueError as exc:
        return f"the reply is not complete JSON ({getattr(exc, 'msg', exc)}; cut off?)"
    return None


def _articles(http: Http, url: str, query: str, w: Window) -> list:
    params = {"query": query, "mode": "artlist", "format": "json", "maxrecords": CAP,
              "startdatetime": _stamp(w.start), "enddatetime": _stamp(w.end - dt.timedelta(seconds=1))}
    try:
        r = http.get(url, params, check=_check)
    except FetchFailed as exc:
        if exc.kind == "rate limited":
            raise
        raise WindowError(exc.problem) from None
    if r.status != 200:
        raise WindowError(f"HTTP {r.status}: {' '.join(r.text.split())[:200]}")
    if _is_text_reply(r):
        sentence = " ".join(r.text.split())[:300] or "an empty reply"
        low = sentence.lower()
        if "3 months" in low or "three months" in low:
            raise WindowError(f"GDELT does not search this period: {sentence}")
        raise OptionError(f"GDELT did not accept the query {query!r}: {sentence}",
                          hint="fix the query: phrases in double quotes, OR'd terms inside "
                               "parentheses, quoted phrases of at least five letters")
    data = loads(r.text)
    items = data.get("articles", []) if isinstance(data, dict) else []
    return [a for a in items if isinstance(a, dict)]


def _record(a: dict, *, query: str, window: Window, fetched_at: str) -> dict:
    return {
        "published_at": _seendate(a.get("seendate", "")),
        "outlet": a.get("domain", "") or "",
        "title": a.get("title", "") or "",
        "text": "",
        "url": a.get("url", "") or "",
        "lang": normalise_lang(a.get("language", "")),
        "language_name": a.get("language", "") or "",
        "sourcecountry": a.get("sourcecountry", "") or "",
        "url_mobile": a.get("url_mobile", "") or "",
        "socialimage": a.get("socialimage", "") or "",
        "service": "gdelt",
        "query": query,
        "window": window.key,
        "fetched_at": fetched_at,
    }


def _keep_window(store: Store, w: Window, items: list, parts: list, *, tid: str, result: FetchResult, bar: Bar,
                 texts, query: str, now, fetched_at: str) -> list:
    """The articles GDELT gave for window ``w``: written, and the window marked done once it
    has settled; or, when they reach the cap and the window can be halved, the window noted
    as split and its halves returned to be asked for instead."""
    if len(items) >= CAP and parts:
        store.commit(task=tid, split=[w.key])
        result.split += 1
        bar.step(more=2)
        return parts
    if len(items) >= CAP:
        result.capped.append(w.key)
    recs = [_record(a, query=query, window=w, fetched_at=fetched_at) for a in items]
    commit_new(store, recs, result, bar=bar, texts=texts, task=tid, done=[w.key] if settled(w, now) else [],
               split=[])
    return []


def fetch_gdelt(query: str, *, start, end=None, out, lang=None, domain=None, pause: float = 5.0,
                full_text: bool = False, text_pause: float = 1.0, url: str | None = None,
                cache_dir=None, timeout: float = 30.0, retries: int = 4, seed: int = 0,
                progress=None, now=None, client: Http | None = None,
                text_client: Http | None = None) -> FetchResult:
    """Fetch GDELT DOC 2.0 article lists for ``query`` from ``start`` to ``end`` into ``out``.

    Windows reaching the 250-record cap are split until each holds fewer; finished windows
    are remembered in ``out``'s state file, so a re-run asks only for new ones.

    Parameters
    ----------
    query : str
        A GDELT query (``'"cartel" terrorist'``); ``lang`` and ``domain`` add ``sourcelang:``
        and ``domain:`` terms (a string or a list, OR'd).
    start, end : date, datetime or str
        ``YYYY-MM-DD`` (UTC; an end date is inclusive) or ``YYYY-MM-DDTHH:MM``; ``end``
        defaults to now.
    out : path
        The JSON Lines output, appended to (records already there are not repeated).
    pause : float
        Seconds between requests to GDELT (it asks for five).
    full_text : bool
        Download each new record's page and extract its text (see :func:`fetch_text`),
        ``text_pause`` seconds apart per site.
    url : str
        The DOC API endpoint; default ``$COVERAGEKIT_GDELT_URL`` or the public one.
    cache_dir : path
        Keep raw replies there (gzip), so a re-run replays them without the network.
    now : datetime, optional
        The time written as ``fetched_at`` (default: the clock).
    client, text_client : Http, optional
        Clients to use instead of new ones (tests pass their own sleep and clock).

    Returns
    -------
    FetchResult

    Examples
    --------
    >>> import coveragekit as ck
    >>> ck.fetch_gdelt("cartel", start="2025-02-01", end="2025-01-01", out="x.jsonl")
    Traceback (most recent call last):
    ...
    coveragekit.errors.OptionError: the end (2025-01-02T00:00:00Z) is not after the start (2025-02-01T00:00:00Z). Give --start before --end.
    """
    q = gdelt_query(query, lang=lang, domain=domain)
    endpoint = env_or(url, "COVERAGEKIT_GDELT_URL", GDELT_URL)
    t0 = parse_when(start, name="start")
    now_ = utc_now(now)
    t1 = min(parse_when(end, name="end", end=True) if end is not None else now_, now_)
    grid = month_windows(t0, t1)
    http = client or Http(pause=pause, timeout=timeout, retries=retries, seed=seed, cache_dir=cache_dir)
    texts = text_fetcher(full_text, text_client, pause=text_pause, timeout=timeout, retries=retries, seed=seed,
                         cache_dir=cache_dir)
    tid = task_id("gdelt", query=q)
    store = Store(out)  # from here on, the finally below lets it go
    store.task(tid, service="gdelt", query=q)
    done, split_before = store.done(tid), store.split(tid)
    result = FetchResult(service="gdelt", out=str(out))
    fetched_at = iso(now_)
    stack = list(reversed(grid))
    bar = Bar(progress, desc="gdelt", unit="window", total=len(grid))
    try:
        while stack:
            w = stack.pop()
            if w.key in done:
                result.skipped += 1
                bar.step(records=store.count)
                continue
            parts = halve(w)
            if w.key in split_before and parts:
                stack.extend(reversed(parts))
                bar.step(more=2)
                continue
            result.windows += 1
            try:
                items = _articles(http, endpoint, q, w)
            except WindowError as exc:
                result.failed.append((w.key, str(exc)))
                bar.step(records=store.count)
                continue
            except FetchFailed as exc:  # asked to wait too long: stop here, keep what we have
                result.failed.append((w.key, exc.one_line()))
                result.notes.append("stopped: " + exc.one_line())
                break
            halves = _keep_window(store, w, items, parts, tid=tid, result=result, bar=bar, texts=texts,
                                  query=q, now=now_, fetched_at=fetched_at)
            stack.extend(reversed(halves))
    finally:
        end_fetch(result, store, bar, counted=(http, texts.http if texts else None),
                  owned=(http if client is None else None,))
    result.total = store.count
    return result
