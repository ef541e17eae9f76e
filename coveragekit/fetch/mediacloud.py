"""Media Cloud story lists, through the official client (``mediacloud`` on PyPI).

The key comes from the environment variable ``MC_API_TOKEN`` only (never from a file in
the project, never printed). The client asks ``search/api-params`` first and then keeps to
the rate the service states, at most its own ten requests a minute; ``pause`` adds a wait
of the kit's own between pages and, when given, lifts the client's ten-a-minute ceiling so
that a mirror's stated rate applies. Pages (up to 1,000 stories) follow the pagination
token; after each page the records and the next token are saved, so a killed fetch resumes
at the page it stopped at. Media Cloud gives titles, URLs, dates, outlets and languages;
``text`` only to accounts allowed ``expanded`` results (``--full-text`` downloads pages).

The range is cut into calendar months (Media Cloud takes whole days, the end inclusive);
a month is remembered as finished three days after it ends, since stories are indexed late.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings

from ..errors import OptionError
from ._common import (
    Bar,
    FetchResult,
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
from .http import Attempt, FetchFailed, Http, retry_after
from .store import Store, task_id

__all__ = ["MEDIACLOUD_URL", "TOKEN_ENV", "fetch_mediacloud"]

MEDIACLOUD_URL = "https://search.mediacloud.org/api/"
TOKEN_ENV = "MC_API_TOKEN"
INDEXING_LAG = dt.timedelta(days=3)


def _token() -> str:
    token = (os.environ.get(TOKEN_ENV) or "").strip()
    if not token:
        raise OptionError(f"the environment variable {TOKEN_ENV} is not set, so Media Cloud cannot be asked",
                          hint=f"copy your API key from your Media Cloud profile page and run "
                               f"export {TOKEN_ENV}=YOUR-KEY (never put it in the project file)")
    return token


def _plain(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _page(api, http: Http, params: dict, cache_key: str):
    """One story-list page: (stories, next token), with the kit's retries around the client."""
    # the client and requests, on first use: ``import coveragekit`` stays fast
    import mediacloud.error
    import requests

    hit = _cached_page(http, cache_key)
    if hit is not None:
        return hit
    extra, problem, kind, status = 0.0, "", "", None
    for attempt in range(http.retries + 1):
        http._wait_for_host("mediacloud", extra)
        extra = 0.0
        try:
            with warnings.catch_warnings():
                # the client warns when no collection is given (the kit says so itself),
                # when a date is a datetime, and when a newer client exists
                warnings.simplefilter("ignore")
                stories, token = api.story_list(**params)
        except mediacloud.error.APIResponseError as exc:
            status = exc.response.status_code
            problem, kind, extra = _refusal(exc, http, params)
        except requests.Timeout:
            problem, kind, status = f"no reply within {api.TIMEOUT_SECS:g} s", "timed out", None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            problem, kind, status = "the connection failed or the reply was cut off", "connection", None
        else:
            return _received(http, cache_key, stories, token)
        http._last["mediacloud"] = http.clock()
        if attempt == http.retries:
            http.attempts.append(Attempt("story-list", status, "failed"))
            break
        http.attempts.append(Attempt("story-list", status, "retry"))
        if not extra:
            extra = http._backoff(attempt)
    raise FetchFailed(f"story-list: {problem} after {http.retries + 1} attempts", kind=kind, status=status)


def _cached_page(http: Http, cache_key: str):
    """(stories, next token) of a page kept in the raw cache, or None."""
    if http.cache is None:
        return None
    hit = http.cache.get(cache_key)
    if hit is None:
        return None
    http.attempts.append(Attempt(cache_key, 200, "cache"))
    data = json.loads(hit[1])
    return data["stories"], data["pagination_token"]


def _refusal(exc, http: Http, params: dict):
    """What an HTTP error of the service means: an error to stop on (a refused key, a query
    it does not accept, a wait longer than the client's ceiling) raised here, or the
    ``(problem, kind, seconds to wait)`` of an error worth another try."""
    status = exc.response.status_code
    note = " ".join(str(exc.data.get("note") or exc.data.get("detail") or "").split())[:200]
    if status in (401, 403):
        raise OptionError(f"Media Cloud refused the key in {TOKEN_ENV} (HTTP {status}: {note})",
                          hint="check the key on your Media Cloud profile page") from None
    if status == 400:
        raise OptionError(f"Media Cloud did not accept the query {params['query']!r}: {note}",
                          hint="check the query syntax (Lucene: AND, OR, NOT, \"phrases\")") from None
    problem, kind, extra = f"HTTP {status}" + (f": {note}" if note else ""), f"http {status}", 0.0
    if status == 429:
        asked = retry_after(exc.response.headers.get("Retry-After"))
        if asked is not None and asked > http.max_retry_after:
            http.attempts.append(Attempt("story-list", status, "failed"))
            raise FetchFailed(f"Media Cloud asks to wait {asked:.0f} s before the next request",
                              kind="rate limited", status=429,
                              hint="re-run later: pages already fetched are kept") from None
        extra = asked or 0.0
    elif status < 500 and status != 408 and exc.data.get("status") not in ("bad-response", "empty"):
        raise OptionError(f"Media Cloud answered HTTP {status}: {note}") from None
    return problem, kind, extra


def _received(http: Http, cache_key: str, stories, token):
    """A page that came: noted, its dates made plain text, kept in the raw cache."""
    http._last["mediacloud"] = http.clock()
    http.attempts.append(Attempt("story-list", 200, "ok"))
    stories = [{k: _plain(v) for k, v in s.items()} for s in stories]
    if http.cache is not None:
        body = json.dumps({"stories": stories, "pagination_token": token}).encode("utf-8")
        http.cache.put(cache_key, {"status": 200}, body)
    return stories, token


def _search_api(token: str, *, base: str, timeout: float, pause: float | None):
    """The Media Cloud client, asking ``base`` with the kit's timeout (and, when the kit
    paces itself with ``pause``, without the client's own ceiling of requests a minute)."""
    # the client (and requests under it) is imported here: ``import coveragekit`` stays fast
    import mediacloud.api

    api = mediacloud.api.SearchApi(token)
    api.BASE_API_URL = base  # an instance attribute, read on every call
    api.TIMEOUT_SECS = timeout
    if pause is not None:
        api.RATE_LIMIT_PER_MINUTE = 10 ** 6  # the service's stated rate applies (see fetch_mediacloud)
    return api


def _fetch_window(api, http: Http, store: Store, w, *, search: dict, base: str, tid: str, result: FetchResult,
                  bar: Bar, texts, now, fetched_at: str, picked: str) -> bool:
    """The pages of one window, from the page an earlier run stopped at, each written as it
    comes. True when the service asked to wait longer than the client will (the fetch stops)."""
    state = store.page(tid, w.key) or {}
    token_next, pages = state.get("token"), state.get("pages", 0)
    params = dict(search, start_date=w.start.date(), end_date=(w.end - dt.timedelta(microseconds=1)).date())
    while True:
        p = dict(params, pagination_token=token_next)
        key = "mediacloud story-list " + base + " " + json.dumps(p, sort_keys=True, default=str)
        try:
            stories, token_next = _page(api, http, p, key)
        except FetchFailed as exc:
            result.failed.append((f"{w.key} page {pages + 1}", exc.one_line()))
            if exc.kind == "rate limited":
                result.notes.append("stopped: " + exc.one_line())
                return True
            return False
        pages += 1
        recs = [_record(s, query=search["query"], window=w.key, fetched_at=fetched_at, picked=picked)
                for s in stories]
        finished = not token_next or not stories
        if not finished:
            marks = dict(page=(w.key, {"token": token_next, "pages": pages}))
        elif settled(w, now, INDEXING_LAG):
            marks = dict(done=[w.key], page=None)
        else:
            marks = dict(done=[], page=(w.key, {}))
        commit_new(store, recs, result, bar=bar, texts=texts, task=tid, **marks)
        if finished:
            return False


def _record(s: dict, *, query: str, window: str, fetched_at: str, picked: str) -> dict:
    published = s.get("publish_date") or ""
    return {
        "published_at": published or s.get("indexed_date") or "",
        "date_from": "publish_date" if published else "indexed_date",
        "outlet": s.get("media_name") or "",
        "title": s.get("title") or "",
        "text": s.get("text") or "",
        "url": s.get("url") or "",
        "lang": s.get("language") or "",
        "media_url": s.get("media_url") or "",
        "mediacloud_id": str(s.get("id") or ""),
        "indexed_date": s.get("indexed_date") or "",
        "service": "mediacloud",
        "query": query,
        "selection": picked,
        "window": window,
        "fetched_at": fetched_at,
    }


def fetch_mediacloud(query: str, *, start, end=None, out, collections=(), sources=(),
                     pause: float | None = None, page_size: int = 1000, expanded: bool = False,
                     full_text: bool = False, text_pause: float = 1.0, url: str | None = None,
                     cache_dir=None, timeout: float = 60.0, retries: int = 4, seed: int = 0,
                     progress=None, now=None, client: Http | None = None,
                     text_client: Http | None = None) -> FetchResult:
    """Fetch Media Cloud stories matching ``query`` from ``start`` to ``end`` into ``out``.

    Parameters
    ----------
    query : str
        A Media Cloud (Lucene) query.
    start, end : date or str
        ``YYYY-MM-DD``; the end date is inclusive and defaults to today.
    collections, sources : list of int
        Media Cloud collection and source ids to search (none: every source, which the
        service discourages).
    pause : float, optional
        The kit's own wait between pages; when given, the client's ceiling of ten requests a
        minute is lifted, so the rate the service states in ``search/api-params`` applies.
    page_size : int
        Stories per page (the service gives at most 1,000).
    expanded : bool
        Ask for the text (allowed to some accounts only).
    url : str
        The API base; default ``$COVERAGEKIT_MEDIACLOUD_URL`` or the client's ``BASE_API_URL``.

    The other parameters are those of :func:`fetch_gdelt`.

    Returns
    -------
    FetchResult

    Examples
    --------
    >>> import os, coveragekit as ck
    >>> saved = os.environ.pop("MC_API_TOKEN", None)
    >>> ck.fetch_mediacloud("cartel", start="2025-02-01", out="x.jsonl")
    Traceback (most recent call last):
    ...
    coveragekit.errors.OptionError: the environment variable MC_API_TOKEN is not set, so Media Cloud cannot be asked. Copy your API key from your Media Cloud profile page and run export MC_API_TOKEN=YOUR-KEY (never put it in the project file).
    >>> if saved is not None: os.environ["MC_API_TOKEN"] = saved
    """
    q = " ".join(str(query or "").split())
    if not q:
        raise OptionError("no Media Cloud query given", hint="give --query")
    token = _token()
    base = env_or(url, "COVERAGEKIT_MEDIACLOUD_URL", MEDIACLOUD_URL)
    if not base.endswith("/"):
        base += "/"  # the client appends endpoint names to it
    collections = sorted(int(c) for c in (collections or ()))
    sources = sorted(int(s) for s in (sources or ()))
    now_ = utc_now(now)
    t0 = parse_when(start, name="start")
    t1 = min(parse_when(end, name="end", end=True) if end is not None else now_, now_)
    grid = month_windows(t0, t1)

    api = _search_api(token, base=base, timeout=timeout, pause=pause)
    http = client or Http(pause=pause or 0.0, timeout=timeout, retries=retries, seed=seed, cache_dir=cache_dir)
    texts = text_fetcher(full_text, text_client, pause=text_pause, timeout=min(timeout, 30.0), retries=retries,
                         seed=seed, cache_dir=cache_dir)
    picked = ";".join([f"collection:{c}" for c in collections] + [f"source:{s}" for s in sources])
    tid = task_id("mediacloud", query=q, collections=collections, sources=sources, expanded=expanded,
                  page_size=page_size)
    store = Store(out)  # from here on, the finally below lets it go
    store.task(tid, service="mediacloud", query=q, selection=picked)
    done = store.done(tid)
    result = FetchResult(service="mediacloud", out=str(out))
    if not picked:
        result.notes.append("no collection or source given: Media Cloud searched all its sources")
    fetched_at = iso(now_)
    bar = Bar(progress, desc="mediacloud", unit="page")
    search = dict(query=q, collection_ids=collections, source_ids=sources, page_size=page_size, expanded=expanded)
    try:
        for w in grid:
            if w.key in done:
                result.skipped += 1
                continue
            result.windows += 1
            stopped = _fetch_window(api, http, store, w, search=search, base=base, tid=tid, result=result,
                                    bar=bar, texts=texts, now=now_, fetched_at=fetched_at, picked=picked)
            if stopped:
                result.total = store.count
                return result
    finally:
        # the client's session closed stops its rate limiter's background thread
        end_fetch(result, store, bar, counted=(http, texts.http if texts else None),
                  owned=(getattr(api, "_session", None),
                         texts.http if texts is not None and text_client is None else None))
    result.total = store.count
    return result
