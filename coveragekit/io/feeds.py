"""RSS and Atom feed files, parsed with feedparser (never fetched: files only).

feedparser's own HTML sanitising is off: the kit's cleaning applies, as for every format
(bodies lose their tags, titles keep ``<script>`` visible as text). A malformed feed is
checked against the entry tags in the file: an entry the file ends inside, or entries the
parser could not tell apart, are rejected; a feed that is merely ill-formed loses nothing.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ._base import FileResult, read_bytes
from ._records import Options, RawRecord, Rejection, build_articles

_FIELDS = ["published_at", "outlet", "title", "text", "url", "lang"]
_ENTRY_OPEN = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]", re.I)
_ENTRY_CLOSE = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.I)


def read_feed(path, *, display: str, options: Options) -> FileResult:
    import feedparser  # (a slow import: for feeds only)

    data = read_bytes(path, display)
    parsed = feedparser.parse(data, sanitize_html=False)
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
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    result = FileResult(file=display, format=fmt, encoding=parsed.get("encoding", "") or "")
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and "CharacterEncoding" not in type(exc).__name__:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        opens = [m.start() for m in _ENTRY_OPEN.finditer(data)]
        closes = [m.start() for m in _ENTRY_CLOSE.finditer(data)]
        result.note = f"malformed feed ({why})"
        if recs and opens and (not closes or opens[-1] > closes[-1]):
            cut = recs.pop()
            result.rejections.append(Rejection(
                display, cut.locator,
                "the file ends inside this entry (truncated download?); "
                "the entries before it were kept",
                cut.raw))
            result.note = f"truncated feed ({why})"
        for k in range(len(parsed.entries) + 1, len(opens) + 1):
            result.rejections.append(Rejection(
                display, f"{display}:entry {k}",
                f"the feed is malformed ({why}): the file has {len(opens)} entries but only "
                f"{len(parsed.entries)} could be read", ""))
    chosen = {c: c for c in _FIELDS}
    rows, rej = build_articles(recs, chosen=chosen, options=options, source_name=display)
    result.rows.extend(rows)
    result.rejections[:0] = rej
    return result
