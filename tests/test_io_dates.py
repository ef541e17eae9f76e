"""coveragekit.io.dates: dates as inputs write them, read or rejected with a reason.

Moved from tests/test_bad_inputs.py: every record accounted for."""

import pandas as pd
from io_checks import NOW, accounted, reasons, write

import coveragekit as ck


def test_dates_in_many_forms(tmp_path):
    p = write(tmp_path, "dates.csv", """n,date,title
1,2025-02-20T14:05:00-06:00,offset
2,"Thu, 20 Feb 2025 14:05:00 GMT",rfc 822
3,"Thu, 20 Feb 2025 14:05:00 +0100",rfc 822 with offset
4,"June 1, 2025",english
5,1 de junio de 2025,spanish
6,"lunes, 2 de junio de 2025 a las 10:30",spanish with weekday and time
7,25/12/2025,day first
8,2025-02-30,impossible
9,2099-01-01,far future
10,1899-12-31,before 1900
11,30/02/2025,impossible day-first
12,"February 30, 2025",impossible written
13,20250220T140500Z,gdelt
14,yesterday,a word
15,2025-02-20 14:05,no offset
16,03/04/2025,ambiguous
17,"Feb 20, 2025 2:05 PM",afternoon
18,2025-02-20T25:00:00,hour 25
19,"Thu, 31 Feb 2025 14:05:00 GMT",impossible rfc 822
20,0001-01-01,year one
""")
    loaded = accounted(ck.load(p, now=NOW))
    got = dict(zip(loaded.articles["n"], loaded.articles["published_at"]))
    utc = lambda s: pd.Timestamp(s, tz="UTC")  # noqa: E731
    assert got == {
        "1": utc("2025-02-20 20:05"), "2": utc("2025-02-20 14:05"), "3": utc("2025-02-20 13:05"),
        "4": utc("2025-06-01"), "5": utc("2025-06-01"), "6": utc("2025-06-02 10:30"),
        "7": utc("2025-12-25"), "13": utc("2025-02-20 14:05"), "15": utc("2025-02-20 14:05"),
        "17": utc("2025-02-20 14:05"),
    }
    assert reasons(loaded) == {
        "dates.csv:9": "date '2025-02-30' is not a real calendar date",
        "dates.csv:10": "date '2099-01-01' is in the future",
        "dates.csv:11": "date '1899-12-31' is before 1900",
        "dates.csv:12": "date '30/02/2025' is not a real calendar date",
        "dates.csv:13": "date 'February 30, 2025' is not a real calendar date",
        "dates.csv:15": "date 'yesterday' could not be read",
        "dates.csv:17": "date '03/04/2025' is ambiguous: day/month or month/day "
                        "(read it with --dayfirst or --monthfirst; in Python, load(..., dayfirst=True or False))",
        "dates.csv:19": "date '2025-02-20T25:00:00' is not a real calendar date",
        "dates.csv:20": "date 'Thu, 31 Feb 2025 14:05:00 GMT' is not a real calendar date",
        "dates.csv:21": "date '0001-01-01' is before 1900",
    }


def test_now_may_be_given_without_a_timezone(tmp_path):
    p = write(tmp_path, "soon.csv", "date,title\n2025-12-31,Kept\n2026-01-05,Too late\n")
    loaded = accounted(ck.load(p, now="2026-01-01"))
    assert list(loaded.articles["title"]) == ["Kept"]
    assert reasons(loaded) == {"soon.csv:3": "date '2026-01-05' is in the future"}
