"""The article schema: the one table every loader produces and every analysis reads.

=============  ==========================  ===============================================
column         dtype                       meaning
=============  ==========================  ===============================================
article_id     string                      stable id: from the URL when there is one, else
                                           from outlet + title + date (see :func:`make_article_id`)
published_at   datetime64[ns, UTC]         publication time, timezone-aware UTC; naive
                                           input times are taken as UTC
outlet         string                      the outlet's name (or domain, as exports give it)
title          string                      headline; may be empty when there is a text
text           string                      body; may be empty (Media Cloud and GDELT
                                           exports carry no body: title-only records)
url            string                      the article's address; may be empty
lang           string                      ISO 639-1 code ("en", "es"), "und" when unsure
source         string                      file and record locator, e.g. ``export.csv:17``
=============  ==========================  ===============================================

Loaders may keep extra columns the input carried (e.g. ``sourcecountry``) after these.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from .errors import InputError

__all__ = [
    "COLUMNS",
    "STRING_COLUMNS",
    "empty_articles",
    "make_article_id",
    "normalise_url",
    "validate_articles",
    "REJECTED_COLUMNS",
]

COLUMNS = ["article_id", "published_at", "outlet", "title", "text", "url", "lang", "source"]
STRING_COLUMNS = [c for c in COLUMNS if c != "published_at"]
REJECTED_COLUMNS = ["source", "record", "reason", "raw"]

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)=", re.I)


def normalise_url(url: str) -> str:
    """Return a canonical form of ``url`` for identity and duplicate checks.

    Lower-cases the scheme and host, drops ``www.``, the fragment, tracking parameters
    and a trailing slash.

    >>> normalise_url("HTTPS://www.Example.org/a/b/?utm_source=x#top")
    'https://example.org/a/b'
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING.match(q))
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(value.split())


def make_article_id(*, url: str = "", outlet: str = "", title: str = "", published_at=None) -> str:
    """Stable id of an article: 16 hex digits of a SHA-1.

    From the normalised URL when there is one (see :func:`normalise_url`); otherwise from
    outlet, title and the publication date (day), case- and whitespace-insensitive.

    Parameters
    ----------
    url, outlet, title : str
        The article's address, outlet and headline.
    published_at : str or Timestamp, optional
        Its publication time (only the day counts).

    Returns
    -------
    str

    Examples
    --------
    >>> make_article_id(url="https://example.org/x") == make_article_id(url="https://EXAMPLE.org/x/?utm_source=y")
    True
    >>> len(make_article_id(outlet="Wire", title="Hello", published_at="2025-02-20"))
    16
    >>> a = make_article_id(outlet="Wire", title="Cartels  designated", published_at="2025-02-20 09:00")
    >>> b = make_article_id(outlet="wire", title="cartels designated", published_at="2025-02-20 18:00")
    >>> a == b, a == make_article_id(outlet="Wire", title="Cartels designated", published_at="2025-02-21")
    (True, False)
    """
    return article_id_from_normalised(normalise_url(url), outlet, title, published_at)


def article_id_from_normalised(norm: str, outlet: str, title: str, published_at) -> str:
    """:func:`make_article_id` from a URL already normalised by :func:`normalise_url`
    (the readers normalise each URL once, for the id and the duplicate check)."""
    if norm:
        key = "url\x1f" + norm
    else:
        day = ""
        if published_at is not None and not (isinstance(published_at, float)):
            try:
                day = pd.Timestamp(published_at).strftime("%Y-%m-%d")
            except (ValueError, TypeError):
                day = str(published_at)
        key = "\x1f".join(["ott", _fold(outlet), _fold(title), day])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def empty_articles() -> pd.DataFrame:
    """An article table with the schema's columns and no rows."""
    df = pd.DataFrame({c: pd.Series([], dtype="string") for c in STRING_COLUMNS})
    df["published_at"] = pd.Series([], dtype="datetime64[ns, UTC]")
    return df[COLUMNS]


def validate_articles(df: pd.DataFrame, *, name: str = "articles") -> pd.DataFrame:
    """Check that ``df`` follows the schema; return it unchanged.

    Parameters
    ----------
    df : DataFrame
        The table to check.
    name : str
        What the error calls the table.

    Returns
    -------
    DataFrame
        ``df`` itself.

    Raises
    ------
    InputError
        naming the first missing column or the wrong dtype.

    Examples
    --------
    >>> df = pd.DataFrame({c: ["a", "b", "c"] for c in COLUMNS})
    >>> validate_articles(df)
    Traceback (most recent call last):
    ...
    coveragekit.errors.InputError: articles: published_at is not a timezone-aware datetime column. Convert it with pd.to_datetime(..., utc=True).
    >>> df["published_at"] = pd.to_datetime(["2025-02-19", "2025-02-20", "2025-02-21"], utc=True)
    >>> validate_articles(df) is df
    True
    >>> validate_articles(df.drop(columns=["lang"]), name="my table")
    Traceback (most recent call last):
    ...
    coveragekit.errors.InputError: my table: the table lacks the column(s) lang of the article schema. Load it with coveragekit.load(), which maps input columns to the schema.
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(
            f"the table lacks the column(s) {', '.join(missing)} of the article schema",
            path=name,
            hint="load it with coveragekit.load(), which maps input columns to the schema",
        )
    ts = df["published_at"]
    if not isinstance(ts.dtype, pd.DatetimeTZDtype):
        raise InputError(
            "published_at is not a timezone-aware datetime column",
            path=name,
            hint="convert it with pd.to_datetime(..., utc=True)",
        )
    return df
