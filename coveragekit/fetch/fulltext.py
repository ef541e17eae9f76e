"""Full text for records that have a URL and no text.

Each page is asked for politely (robots.txt, a pause per host, the kit's User-Agent; see
:mod:`coveragekit.fetch.http`) and its body is extracted the way saved pages are (trafilatura,
then the kit's boilerplate rules; :mod:`coveragekit.io.pages`). Every record gets an
outcome in ``text_status``, never a silent gap:

================  ===================================================================
text_status       meaning
================  ===================================================================
fetched           the page was downloaded and an article body found (``text`` holds it)
not allowed       the site's robots.txt forbids the kit's User-Agent to fetch it
not found         the site answered 404 or 410
timed out         no reply within the time-out, after the retries
no article found  the page came, but holds no article body (a login wall, a video page):
                  fewer than ``min_words`` words (default 25) were left after extraction
failed            another error (HTTP status in ``http_status``, or the connection)
no url            the record has no URL
================  ===================================================================
"""

from __future__ import annotations

from ..io.pages import html_fields
from .http import FetchFailed, Http

__all__ = ["OUTCOMES", "TextFetcher", "text_fetcher"]

OUTCOMES = ("fetched", "not allowed", "not found", "timed out", "no article found", "failed", "no url")


class TextFetcher:
    """Download and extract article bodies through one :class:`Http` client."""

    def __init__(self, http: Http, *, min_words: int = 25):
        self.http = http
        self.min_words = min_words

    def fetch(self, url: str) -> dict:
        """``{"text", "text_status", "http_status"}`` (and ``title`` when the page has one)."""
        if not url:
            return {"text": "", "text_status": "no url", "http_status": None}
        if not url.lower().startswith(("http://", "https://")):
            return {"text": "", "text_status": "failed", "http_status": None}
        if not self.http.allowed(url):
            return {"text": "", "text_status": "not allowed", "http_status": None}
        try:
            r = self.http.get(url)
        except FetchFailed as exc:
            outcome = "timed out" if exc.kind == "timed out" else "failed"
            return {"text": "", "text_status": outcome, "http_status": exc.status}
        if r.status in (404, 410):
            return {"text": "", "text_status": "not found", "http_status": r.status}
        if r.status >= 400:
            return {"text": "", "text_status": "failed", "http_status": r.status}
        if r.content_type and "html" not in r.content_type:
            return {"text": "", "text_status": "no article found", "http_status": r.status}
        fields = html_fields(r.text, url)
        text = fields.get("text") or ""
        if len(text.split()) < self.min_words:  # menus and buttons of a page without article
            text = ""
        out = {"text": text, "text_status": "fetched" if text else "no article found",
               "http_status": r.status}
        if fields.get("title"):
            out["title"] = fields["title"]
        return out

    def fill(self, records, result=None) -> list:
        """Copies of ``records`` with the text of those that have a URL and no text."""
        out = []
        for rec in records:
            rec = dict(rec)
            if not (rec.get("text") or "").strip():
                got = self.fetch(rec.get("url") or "")
                title = got.pop("title", "")
                rec.update(got)
                if title and not (rec.get("title") or "").strip():
                    rec["title"] = title
                if result is not None:
                    result.texts[got["text_status"]] += 1
            out.append(rec)
        return out


def text_fetcher(full_text: bool, client: Http | None = None, *, pause: float, timeout: float, retries: int,
                 seed: int, cache_dir=None) -> TextFetcher | None:
    """The full-text fetcher of a fetch that asks for ``full_text`` (None when it does not):
    over ``client``, or a new client with these options and at most two retries (a page
    that does not come is left for a re-run rather than waited for)."""
    if not full_text:
        return None
    return TextFetcher(client or Http(pause=pause, timeout=timeout, retries=min(retries, 2), seed=seed,
                                      cache_dir=cache_dir))
