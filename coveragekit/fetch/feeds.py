"""RSS and Atom feeds from their URLs, parsed with feedparser (as the loader parses feed
files). A feed gives titles, links, dates and a summary; ``text`` holds the entry's full
``content`` when the feed carries it, else stays empty for ``--full-text`` to fill, and the
summary is kept as ``summary``. Re-fetching a feed adds only the entries not yet in the file.
"""

from __future__ import annotations

from ..errors import OptionError
from ._common import Bar, FetchResult, commit_new, end_fetch, iso, utc_now
from .fulltext import text_fetcher
from .http import FetchFailed, Http
from .store import Store

__all__ = ["fetch_feed"]


def _entries(parsed, *, feed_url: str, fetched_at: str) -> list:
    feed_title = (parsed.feed.get("title") or "").strip()
    feed_lang = parsed.feed.get("language") or ""
    out = []
    for e in parsed.entries:
        content = ""
        if e.get("content"):
            content = e["content"][0].get("value", "") or ""
        source = e.get("source") or {}
        out.append({
            "published_at": e.get("published") or e.get("updated") or e.get("created") or "",
            "outlet": (source.get("title") if isinstance(source, dict) else "") or feed_title,
            "title": e.get("title", "") or "",
            "text": content,
            "url": e.get("link", "") or "",
            "lang": e.get("language") or feed_lang,
            "summary": e.get("summary", "") or "",
            "service": "feed",
            "query": feed_url,
            "window": "",
            "fetched_at": fetched_at,
        })
    return out


def fetch_feed(urls, *, out, pause: float = 1.0, full_text: bool = False, text_pause: float | None = None,
               cache_dir=None, timeout: float = 30.0, retries: int = 4, seed: int = 0, progress=None,
               now=None, client: Http | None = None, text_client: Http | None = None) -> FetchResult:
    """Fetch RSS or Atom feeds at ``urls`` and append their new entries to ``out``.

    Parameters
    ----------
    urls : str or list of str
        Feed addresses.
    out : path
        The JSON Lines output.
    pause : float
        Seconds between requests to one host.
    full_text : bool
        Download the pages of entries without content and extract their text.

    The other parameters are those of :func:`fetch_gdelt`. Feeds are not cached (they
    change); the pages of ``full_text`` are, with ``cache_dir``.

    Returns
    -------
    FetchResult

    Examples
    --------
    >>> import coveragekit as ck
    >>> ck.fetch_feed([], out="x.jsonl")
    Traceback (most recent call last):
    ...
    coveragekit.errors.OptionError: no feed URL given. Name one or more RSS or Atom addresses.
    """
    urls = [urls] if isinstance(urls, str) else [u for u in (urls or []) if u]
    if not urls:
        raise OptionError("no feed URL given", hint="name one or more RSS or Atom addresses")
    # feedparser is imported here: ``import coveragekit`` stays fast
    import feedparser

    store = Store(out)
    http = client or Http(pause=pause, timeout=timeout, retries=retries, seed=seed)
    texts = text_fetcher(full_text, text_client, pause=pause if text_pause is None else text_pause,
                         timeout=timeout, retries=retries, seed=seed, cache_dir=cache_dir)
    result = FetchResult(service="feed", out=str(out))
    fetched_at = iso(utc_now(now))
    bar = Bar(progress, desc="feeds", unit="feed", total=len(urls))
    try:
        for url in urls:
            result.windows += 1
            try:
                r = http.get(url, cache=False)
            except FetchFailed as exc:
                result.failed.append((url, exc.problem))
                bar.step(records=store.count)
                continue
            if r.status >= 400:
                result.failed.append((url, f"HTTP {r.status}"))
                bar.step(records=store.count)
                continue
            parsed = feedparser.parse(r.content, sanitize_html=False)
            if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
                result.failed.append((url, "not a readable RSS or Atom feed"))
                bar.step(records=store.count)
                continue
            recs = _entries(parsed, feed_url=url, fetched_at=fetched_at)
            commit_new(store, recs, result, bar=bar, texts=texts)
    finally:
        end_fetch(result, store, bar, counted=(http, texts.http if texts else None),
                  owned=(http if client is None else None,))
    result.total = store.count
    return result
