"""Reading publication dates in the forms exports and pages use.

Accepted: ISO 8601 with or without offset (``2025-02-20``, ``2025-02-20T14:05:00-06:00``,
``...Z``), GDELT's ``20250220T140500Z``, RFC 822 as feeds write it
(``Thu, 20 Feb 2025 14:05:00 GMT``), written dates in English and Spanish ("1 June 2025",
"June 1, 2025", "1 de junio de 2025", optionally with a weekday and a time), and numeric
day/month forms (``20/02/2025``). A numeric form where both the day and the month could
be 12 or less (``03/04/2025``) is ambiguous: it is rejected with that reason unless the
caller says ``dayfirst=True`` or ``dayfirst=False``. Times without an offset are taken as
UTC. Every value comes back as a timezone-aware UTC timestamp, or as a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

import pandas as pd

__all__ = ["parse_date", "MONTHS"]

MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # Spanish
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
    "set": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*|lunes|martes|mi[eé]rcoles|"
    r"jueves|viernes|s[aá]bado|domingo)\.?,?\s+"
)
_TIME = r"(?:,?\s*(?:at\s+|a las\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?)?"
_TZ = r"(?:\s*(?P<tz>utc|gmt|z))?"

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.I,
)
_GDELT = re.compile(r"^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})Z?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DMY = re.compile(
    rf"^(?:{_WEEKDAY})?(?P<d>\d{{1,2}})(?:st|nd|rd|th|º|°)?\s*(?:de\s+)?(?P<m>{_MONTH_RE})\.?,?\s*(?:de\s+|del\s+)?(?P<y>\d{{4}}){_TIME}{_TZ}$",
    re.I,
)
_MDY = re.compile(
    rf"^(?:{_WEEKDAY})?(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}{_TZ}$",
    re.I,
)
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")

_EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")


def _utc(value: dt.datetime) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        return ts.tz_localize("UTC")
    return ts.tz_convert("UTC")


def _clock(m: re.Match) -> tuple[int, int, int]:
    if not m.group("h"):
        return 0, 0, 0
    h = int(m.group("h"))
    mi = int(m.group("mi") or 0)
    s = int(m.group("s") or 0)
    ampm = (m.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    return h, mi, s


def _parse(text: str, dayfirst: bool | None) -> tuple[pd.Timestamp | None, str | None]:
    quoted = f"date '{text}'"
    if _ISO.match(text):
        try:
            return _utc(dt.datetime.fromisoformat(text.replace("z", "Z"))), None
        except ValueError:
            return None, f"{quoted} is not a real calendar date"
    m = _GDELT.match(text)
    if m:
        try:
            return _utc(dt.datetime(*map(int, m.groups()))), None
        except ValueError:
            return None, f"{quoted} is not a real calendar date"
    m = _NUMERIC.match(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y < 100:
            y += 2000
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            day, month = b, a
        elif a == b or dayfirst is not None:
            day, month = (a, b) if (dayfirst or a == b) else (b, a)
        else:
            return None, (
                f"{quoted} is ambiguous: day/month or month/day "
                "(read it with --dayfirst or --monthfirst; in Python, load(..., dayfirst=True or False))"
            )
        h, mi, s = (int(m.group(i) or 0) for i in (4, 5, 6))
        try:
            return _utc(dt.datetime(y, month, day, h, mi, s)), None
        except ValueError:
            return None, f"{quoted} is not a real calendar date"
    for rx in (_DMY, _MDY):
        m = rx.match(text)
        if m:
            try:
                h, mi, s = _clock(m)
                month = MONTHS[m.group("m").lower().rstrip(".")]
                return _utc(dt.datetime(int(m.group("y")), month, int(m.group("d")), h, mi, s)), None
            except (ValueError, KeyError):
                return None, f"{quoted} is not a real calendar date"
    if _RFC822.match(text):
        try:
            return _utc(parsedate_to_datetime(text)), None
        except (ValueError, TypeError, IndexError):
            return None, f"{quoted} is not a real calendar date"
    return None, f"{quoted} could not be read"


def parse_date(value, *, dayfirst: bool | None = None, now: pd.Timestamp | None = None):
    """Read one publication date.

    Parameters
    ----------
    value : str, datetime, pandas.Timestamp or None
    dayfirst : bool or None
        How to read an ambiguous numeric date such as ``03/04/2025``. ``None`` rejects it.
    now : pandas.Timestamp, optional
        The reference for "in the future" (default: the current time). A date more than two
        days after it is rejected.

    Returns
    -------
    (pandas.Timestamp or None, str or None)
        The UTC timestamp, or ``None`` and the reason it could not be read.

    Examples
    --------
    >>> parse_date("June 1, 2025")[0]
    Timestamp('2025-06-01 00:00:00+0000', tz='UTC')
    >>> parse_date("20 de febrero de 2025, 14:05")[0]
    Timestamp('2025-02-20 14:05:00+0000', tz='UTC')
    >>> parse_date("03/04/2025")[1]
    "date '03/04/2025' is ambiguous: day/month or month/day (read it with --dayfirst or --monthfirst; in Python, load(..., dayfirst=True or False))"
    """
    if value is None or (isinstance(value, float) and value != value):
        return None, "no publication date"
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        if pd.isna(value):
            return None, "no publication date"
        ts = _utc(value)
    elif isinstance(value, dt.date):
        ts = _utc(dt.datetime(value.year, value.month, value.day))
    else:
        text = " ".join(str(value).split())
        if not text:
            return None, "no publication date"
        if len(text) > 80:
            return None, f"date '{text[:40]}…' could not be read"
        ts, reason = _parse(text, dayfirst)
        if ts is None:
            return None, reason
    now = pd.Timestamp.now(tz="UTC") if now is None else _utc(now)
    if ts > now + pd.Timedelta(days=2):
        return None, f"date '{value}' is in the future"
    if ts < _EARLIEST:
        return None, f"date '{value}' is before 1900"
    return ts.as_unit("ns") if hasattr(ts, "as_unit") else ts, None
