"""coveragekit.periods.period_start: the one definition of day, week, month, quarter and
year. The expected starts are worked out by hand from a calendar (2025-01-01 was a
Wednesday)."""

from __future__ import annotations

import pandas as pd
import pytest

from coveragekit.errors import OptionError
from coveragekit.periods import PERIODS, period_start

STAMPS = [
    "2025-02-03T10:00:00Z",       # a Monday
    "2025-05-18T23:30:00Z",       # a Sunday: its week started on Monday 12 May
    "2025-02-28T22:00:00-05:00",  # 03:00 on 1 March in UTC: periods are taken in UTC
    "2024-12-31T23:30:00-01:00",  # 00:30 on 1 January 2025 in UTC
    "2026-01-01T12:00:00Z",       # a Thursday: its week started on Monday 29 December 2025
    "2025-09-30T23:59:59Z",       # the last second of the third quarter
]

EXPECTED = {
    "day": ["2025-02-03", "2025-05-18", "2025-03-01", "2025-01-01", "2026-01-01", "2025-09-30"],
    "week": ["2025-02-03", "2025-05-12", "2025-02-24", "2024-12-30", "2025-12-29", "2025-09-29"],
    "month": ["2025-02-01", "2025-05-01", "2025-03-01", "2025-01-01", "2026-01-01", "2025-09-01"],
    "quarter": ["2025-01-01", "2025-04-01", "2025-01-01", "2025-01-01", "2026-01-01", "2025-07-01"],
    "year": ["2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01", "2026-01-01", "2025-01-01"],
}


@pytest.fixture
def stamps():
    return pd.Series(pd.to_datetime(STAMPS, utc=True, format="ISO8601"))


@pytest.mark.parametrize("period", PERIODS)
def test_period_starts_worked_out_by_hand(stamps, period):
    got = period_start(stamps, period)
    assert got.dt.strftime("%Y-%m-%d").tolist() == EXPECTED[period]
    assert (got == got.dt.normalize()).all()  # midnight
    assert got.dt.tz is None  # naive, UTC


def test_a_missing_date_stays_missing():
    ts = pd.Series(pd.to_datetime(["2025-03-15T08:00:00Z", None], utc=True, format="ISO8601"))
    got = period_start(ts, "quarter")
    assert got.iloc[0] == pd.Timestamp("2025-01-01")
    assert pd.isna(got.iloc[1])


@pytest.mark.parametrize("period", ["fortnight", "MS", "W-MON", "Month"])
def test_another_period_is_a_clear_error(stamps, period):
    with pytest.raises(OptionError, match=f"unknown period '{period}'"):
        period_start(stamps, period)
