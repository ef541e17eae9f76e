"""RSS and Atom feed files, parsed with feedparser (never fetched: files only)."""

from __future__ import annotations

from ..errors import InputError
from ._base import FileResult, read_bytes
from ._records import Options, RawRecord, Rejection, build_articles

_FIELDS = ["published_at", "outlet", "title", "text", "url", "lang"]


def read_feed(path, *, display: str, options: Options) -> FileResult:
    import feedparser

    data = read_bytes(path, display)
    parsed = feedparser.parse(data)
    feed_title = (parsed.feed.get("title") or "").strip()
    feed_lang = parsed.feed.get("language") or ""
    if not parsed.entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        if parsed.get("bozo") or not parsed.get("version"):
            raise InputError(f"is not a readable RSS or Atom feed{why}".replace("\n", " "),
                             path=display, hint="check that the file is the feed's XML, saved whole")
    recs = []
    for i, e in enumerate(parsed.entries, start=1):
        content = ""
        if e.get("content"):
            content = e["content"][0].get("value", "")
        source = e.get("source") or {}
        fields = {
            "published_at": e.get("published") or e.get("updated") or e.get("created") or "",
            "outlet": (source.get("title") if isinstance(source, dict) else "") or feed_title,
            "title": e.get("title", ""),
            "text": content or e.get("summary", ""),
            "url": e.get("link", ""),
            "lang": e.get("language") or feed_lang,
        }
        raw = f"{fields['title']} | {fields['url']}"
        recs.append(RawRecord(f"{display}:entry {i}", fields, raw))
    chosen = {c: c for c in _FIELDS}
    rows, rej = build_articles(recs, chosen=chosen, options=options, source_name=display)
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    result = FileResult(file=display, format=fmt, encoding=parsed.get("encoding", "") or "")
    result.rows.extend(rows)
    result.rejections.extend(rej)
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and "CharacterEncoding" not in type(exc).__name__:
        result.rejections.append(Rejection(
            display, f"{display}:after entry {len(parsed.entries)}",
            f"the feed is cut short or malformed after entry {len(parsed.entries)} "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); entries before it were kept",
            ""))
        result.note = "malformed feed"
    return result
