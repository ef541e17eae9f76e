"""Fetching coverage: GDELT, Media Cloud, RSS/Atom feeds, and full text from URLs.

Every fetcher writes JSON Lines in the article schema plus provenance fields, appended
atomically and resumable (see :mod:`coveragekit.fetch.store`), through a polite HTTP
client (see :mod:`coveragekit.fetch.http`). The network libraries (requests, the
``mediacloud`` client, feedparser, trafilatura) are imported inside the functions, so that
``import coveragekit`` stays fast for the many who never fetch.
"""

from ._common import FetchResult
from .feeds import fetch_feed
from .gdelt import fetch_gdelt
from .http import FetchFailed, Http
from .mediacloud import fetch_mediacloud
from .text import fetch_text

__all__ = ["FetchFailed", "FetchResult", "Http", "fetch_feed", "fetch_gdelt", "fetch_mediacloud", "fetch_text"]
