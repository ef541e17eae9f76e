"""Polite HTTP for the fetchers: a pause per host, robots.txt, bounded retries and a raw
response cache.

Every request the kit makes to a service or a news site goes through :class:`Http`:

* **pause** -- at least ``pause`` seconds between the end of one request to a host and the
  start of the next (GDELT asks for one request every five seconds; news sites get one a
  second by default);
* **retries** -- HTTP 429 waits what ``Retry-After`` says (seconds or a date), other 429s,
  5xx replies, time-outs and replies cut off in the middle wait an exponential back-off
  (``backoff * 2**attempt``, at most ``max_backoff``) scaled by a jitter drawn from a
  ``random.Random(seed)``, so the waits are the same on every run; after ``retries``
  retries the request fails with :class:`FetchFailed`, which the fetchers report per
  window or per URL;
* **robots.txt** -- :meth:`Http.allowed` reads a site's ``/robots.txt`` once (RFC 9309: a
  missing file allows everything, a server error forbids everything until a later run);
* **cache** -- with ``cache_dir``, final replies (2xx, 404, 410) are kept gzip-compressed,
  one file per request (method + URL with sorted parameters), so a re-run or a test
  replays them without the network;
* **User-Agent** -- names the kit and its version.

``sleep`` and ``clock`` are parameters so that tests can see every wait without waiting.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.robotparser import RobotFileParser

from .._version import __version__
from ..errors import CoveragekitError
from ..output import atomic_write_bytes

__all__ = ["FetchFailed", "Http", "RawCache", "Response", "user_agent"]

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
CACHE_STATUSES = frozenset({200, 203, 404, 410})


def user_agent() -> str:
    """The User-Agent the kit sends: its name, version and what it is for."""
    return f"coveragekit/{__version__} (news coverage research kit; polite fetcher)"


class FetchFailed(CoveragekitError):
    """A request that still failed after its retries (kind: "timed out", "http 500", ...)."""

    def __init__(self, problem: str, *, kind: str, status: int | None = None, path=None, hint=None):
        self.kind = kind
        self.status = status
        super().__init__(problem, path=path, hint=hint)


@dataclass
class Response:
    url: str
    status: int
    headers: dict
    content: bytes
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            k, _, v = part.strip().partition("=")
            if k.lower() == "charset" and v:
                charset = v.strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def full_url(url: str, params=None) -> str:
    """``url`` with ``params`` (sorted, so that the cache key does not depend on order)."""
    if not params:
        return url
    items = sorted((k, str(v)) for k, v in (params.items() if isinstance(params, dict) else params))
    return url + ("&" if "?" in url else "?") + urlencode(items)


class RawCache:
    """Replies on disk, gzip-compressed, one file per request key."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.hits = 0
        self.stores = 0

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.gz"

    def get(self, key: str):
        path = self._path(key)
        try:
            raw = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile):
            return None  # absent, or torn by a kill: fetched again
        head, _, body = raw.partition(b"\n")
        try:
            meta = json.loads(head)
        except ValueError:
            return None
        if meta.get("key") != key:
            return None
        self.hits += 1
        return meta, body

    def put(self, key: str, meta: dict, body: bytes) -> None:
        head = json.dumps(dict(meta, key=key), sort_keys=True).encode("utf-8")
        # mtime=0: the same reply gives the same bytes
        atomic_write_bytes(self._path(key), gzip.compress(head + b"\n" + body, mtime=0))
        self.stores += 1


@dataclass
class Attempt:
    """One request sent (or replayed from the cache), for summaries and tests."""

    url: str
    status: int | None
    outcome: str  # "ok", "retry", "failed", "cache"
    waited: float = 0.0


@dataclass
class Http:
    """A polite HTTP client (see the module docstring).

    Parameters
    ----------
    pause : float
        Seconds between the end of one request to a host and the start of the next.
    timeout : float
        Seconds to wait for a reply before the attempt counts as timed out.
    retries : int
        Retries after the first attempt (so ``retries + 1`` attempts at most).
    backoff, max_backoff : float
        Exponential back-off: attempt ``k`` waits ``min(max_backoff, backoff * 2**k)``
        times a jitter in [0.5, 1).
    max_retry_after : float
        Longest ``Retry-After`` honoured; a service asking for more stops the fetch with
        a message saying when to re-run.
    seed : int
        Seed of the jitter.
    cache_dir : path or None
        Folder of the raw response cache.
    sleep, clock : callables
        ``time.sleep`` and ``time.monotonic`` unless a test passes its own.
    """

    pause: float = 1.0
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 600.0
    seed: int = 0
    cache_dir: str | os.PathLike | None = None
    user_agent: str | None = None
    sleep: object = time.sleep
    clock: object = time.monotonic
    attempts: list = field(default_factory=list)
    waits: list = field(default_factory=list)

    def __post_init__(self):
        self._rng = random.Random(self.seed)
        self._last: dict[str, float] = {}
        self._robots: dict[str, object] = {}
        self._session = None
        self.cache = RawCache(self.cache_dir) if self.cache_dir else None

    # -- the network ---------------------------------------------------------------------
    def _requests(self):
        # requests is imported here, not at the top: ``import coveragekit`` must stay fast
        # and most users never fetch
        import requests

        if self._session is None:
            self._session = requests.Session()
            self._session.headers["User-Agent"] = self.user_agent or user_agent()
        return requests, self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def _wait_for_host(self, host: str, extra: float = 0.0) -> None:
        last = self._last.get(host)
        wait = extra
        if last is not None:
            wait = max(wait, self.pause - (self.clock() - last))
        if wait > 0:
            self.waits.append(wait)
            self.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2 ** attempt) * (0.5 + 0.5 * self._rng.random())

    def get(self, url: str, params=None, *, cache: bool = True, headers=None, check=None) -> Response:
        """GET ``url`` with ``params``, politely; the final reply, whatever its status.

        ``check(response)`` may return a problem (say, JSON cut off in the middle): the
        reply is then neither cached nor returned, and the request is retried like a 5xx.
        Raises :class:`FetchFailed` when every attempt timed out, was cut off, or was
        answered 429/5xx (or failed ``check``).
        """
        target = full_url(url, params)
        key = "GET " + target
        if cache and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                meta, body = hit
                resp = Response(target, meta["status"], meta.get("headers", {}), body, from_cache=True)
                if check is None or not check(resp):
                    self.attempts.append(Attempt(target, meta["status"], "cache"))
                    return resp
        requests, session = self._requests()
        host = urlsplit(target).netloc.lower()
        extra = 0.0
        problem, kind, status = "", "", None
        for attempt in range(self.retries + 1):
            self._wait_for_host(host, extra)
            extra = 0.0
            try:
                r = session.get(target, timeout=self.timeout, headers=headers)
                content = r.content  # a reply cut off in the middle raises here
            except requests.Timeout:
                problem, kind, status = f"no reply within {self.timeout:g} s", "timed out", None
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                problem, kind, status = _connection_problem(exc), "connection", None
            else:
                self._last[host] = self.clock()
                hdrs = {k.lower(): v for k, v in r.headers.items()}
                resp = Response(target, r.status_code, hdrs, content)
                bad = check(resp) if (check is not None and r.status_code not in RETRY_STATUSES) else None
                if r.status_code not in RETRY_STATUSES and not bad:
                    self.attempts.append(Attempt(target, r.status_code, "ok"))
                    if cache and self.cache is not None and r.status_code in CACHE_STATUSES:
                        keep = {k: v for k, v in hdrs.items() if k in ("content-type", "last-modified")}
                        self.cache.put(key, {"status": r.status_code, "headers": keep}, content)
                    return resp
                problem, kind, status = f"HTTP {r.status_code}", f"http {r.status_code}", r.status_code
                if bad:
                    problem, kind = bad, "bad reply"
                elif r.status_code == 429:
                    asked = retry_after(hdrs.get("retry-after"))
                    if asked is not None and asked > self.max_retry_after:
                        self.attempts.append(Attempt(target, status, "failed"))
                        raise FetchFailed(
                            f"{host} asks to wait {asked:.0f} s before the next request",
                            kind="rate limited", status=429,
                            hint="re-run later: what was fetched is kept and finished windows are not asked again")
                    if asked is not None:
                        extra = asked
                        problem += f" (Retry-After {asked:g} s)"
            self._last[host] = self.clock()
            if attempt == self.retries:
                self.attempts.append(Attempt(target, status, "failed"))
                break
            self.attempts.append(Attempt(target, status, "retry"))
            if not extra:
                extra = self._backoff(attempt)
        raise FetchFailed(f"{target}: {problem} after {self.retries + 1} attempts", kind=kind, status=status)

    # -- robots.txt ----------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets the kit's User-Agent fetch ``url``."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(root)
        if parser is None:
            parser = RobotFileParser()
            try:
                r = self.get(root + "/robots.txt")
            except FetchFailed:
                parser.disallow_all = True  # unreachable: assume nothing is allowed (RFC 9309)
            else:
                if r.status >= 500:
                    parser.disallow_all = True
                elif r.status >= 400:
                    parser.allow_all = True
                else:
                    parser.parse(r.text.splitlines())
            self._robots[root] = parser
        return parser.can_fetch("coveragekit", url)


def retry_after(value) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _connection_problem(exc) -> str:
    text = str(exc)
    if "IncompleteRead" in text or "Connection broken" in text or "ChunkedEncoding" in type(exc).__name__:
        return "the reply was cut off in the middle"
    if "Connection refused" in text:
        return "connection refused"
    return "the connection failed"
