"""Periods of time: the one definition of day, week, month, quarter and year that every
per-period table and chart of the kit uses.

Periods are taken in UTC: a timestamp is converted to UTC and its time zone dropped, then
floored to the start of its period. A week starts on Monday; a quarter on 1 January, 1
April, 1 July or 1 October.
"""

from __future__ import annotations

import pandas as pd

from .errors import OptionError

__all__ = ["PERIODS", "PERIOD_STEPS", "period_start"]

#: The period names, shortest first.
PERIODS = ("day", "week", "month", "quarter", "year")
#: The pandas frequency of consecutive period starts (``pd.date_range(..., freq=...)``).
PERIOD_STEPS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
_PANDAS_PERIOD = {"month": "M", "quarter": "Q", "year": "Y"}


def period_start(ts: pd.Series, period: str = "month") -> pd.Series:
    """The start of the period (naive, UTC) that each timestamp falls in.

    Parameters
    ----------
    ts : Series
        Timestamps (with or without a time zone) or what :func:`pandas.to_datetime` reads
        with ``utc=True``; missing values stay missing.
    period : {"day", "week", "month", "quarter", "year"}, default "month"

    Returns
    -------
    Series
        Naive timestamps at midnight: the day, the Monday of the week, the first day of
        the month, quarter or year.

    Raises
    ------
    OptionError
        For another period.

    Examples
    --------
    >>> ts = pd.Series(pd.to_datetime(["2025-02-03 10:00", "2025-05-18 23:30", "2025-12-31 08:00"], utc=True))
    >>> period_start(ts, "week").dt.strftime("%Y-%m-%d").tolist()
    ['2025-02-03', '2025-05-12', '2025-12-29']
    >>> period_start(ts, "quarter").dt.strftime("%Y-%m-%d").tolist()
    ['2025-01-01', '2025-04-01', '2025-10-01']
    """
    if period not in PERIODS:
        raise OptionError(f"unknown period '{period}'", hint="use day, week, month, quarter or year")
    naive = pd.to_datetime(ts, utc=True).dt.tz_convert(None)
    if period == "day":
        return naive.dt.floor("D")
    if period == "week":
        day = naive.dt.floor("D")
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return naive.dt.to_period(_PANDAS_PERIOD[period]).dt.start_time
