"""The fetchers against a loopback server (tests/fetch_server.py): nothing here touches the
internet. Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import coveragekit as ck
from coveragekit.errors import CoveragekitError, OptionError
from coveragekit.fetch import Http
from coveragekit.fetch.gdelt import halve
from coveragekit.fetch._common import Window, parse_when

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_server import OR_ERROR, LoopbackServer, gdelt_article  # noqa: E402

UTC = dt.timezone.utc
NOW = "2026-01-15T00:00:00Z"  # a fixed fetch time: every 2025 window is settled
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server():
    s = LoopbackServer().start()
    yield s
    s.stop()


def gdelt_url(server):
    return server.url + "/api/v2/doc/doc"


def fast_http(**kw):
    kw.setdefault("pause", 0.0)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 5.0)
    return Http(**kw)


def lines(path):
    return [json.loads(ln) for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]


# -- fixtures: a year of coverage ---------------------------------------------------------
def year_of_coverage(server) -> int:
    """2025 with 10 matching titles a day, two bursts and re-listed URLs; returns the number
    of distinct articles that match the query (what a complete fetch must give)."""
    arts, i = [], 0
    day = dt.datetime(2025, 1, 1, tzinfo=UTC)
    while day.year == 2025:
        for k in range(10):
            arts.append(gdelt_article(i, day + dt.timedelta(hours=2 * k + 1), title=f"Cartel fixture story {i}"))
            i += 1
        for k in range(2):  # do not match the query
            arts.append(gdelt_article(100000 + i + k, day + dt.timedelta(hours=2 * k), title="Weather fixture"))
        day += dt.timedelta(days=1)
    baseline = i  # 3650
    # a designation-day burst: 600 in six hours (100 an hour: hour windows hold them)
    t = dt.datetime(2025, 2, 20, 12, tzinfo=UTC)
    for k in range(600):
        arts.append(gdelt_article(i, t + dt.timedelta(seconds=36 * k), title=f"Cartel burst story {i}"))
        i += 1
    # a strike-day burst: 400 in one hour (only minute windows hold them)
    t = dt.datetime(2025, 9, 2, 14, tzinfo=UTC)
    for k in range(400):
        arts.append(gdelt_article(i, t + dt.timedelta(seconds=9 * k), title=f"Cartel strike story {i}"))
        i += 1
    # 40 baseline stories listed again on a later day under variant URLs (www., tracking)
    for k in range(40):
        url = f"https://www.example-news.test/2025/story-{k * 50}/?utm_source=feed"
        arts.append(gdelt_article(0, dt.datetime(2025, 6, 1, 3, tzinfo=UTC) + dt.timedelta(minutes=k),
                                  title=f"Cartel fixture story {k * 50}", url=url))
    server.gdelt = arts
    assert baseline == 3650
    return 3650 + 600 + 400


def test_halving_goes_to_whole_hours_then_minutes():
    day = Window(parse_when("2025-02-20", name="s"), parse_when("2025-02-20", name="e", end=True))
    a, b = halve(day)
    assert (a.start.hour, a.end.hour, b.end - b.start) == (0, 12, dt.timedelta(hours=12))
    hour = Window(dt.datetime(2025, 2, 20, 13, tzinfo=UTC), dt.datetime(2025, 2, 20, 14, tzinfo=UTC))
    a, b = halve(hour)
    assert a.end == dt.datetime(2025, 2, 20, 13, 30, tzinfo=UTC)
    three_minutes = Window(hour.start, hour.start + dt.timedelta(minutes=3))
    a, b = halve(three_minutes)
    assert a.end == hour.start + dt.timedelta(minutes=1)
    assert halve(Window(hour.start, hour.start + dt.timedelta(minutes=1))) is None


def test_a_year_past_the_cap_comes_back_whole_and_without_duplicates(server, tmp_path):
    expected = year_of_coverage(server)
    out = tmp_path / "gdelt.jsonl"
    t0 = time.monotonic()
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-12-31", out=out, url=gdelt_url(server),
                         pause=0, now=NOW, progress=False)
    seconds = time.monotonic() - t0
    recs = lines(out)
    urls = [ck.schema.normalise_url(r["url"]) for r in recs]
    assert len(recs) == expected == 4650
    assert len(set(urls)) == len(urls)
    assert not any("Weather" in r["title"] for r in recs)
    # the cap was met and worked around: windows were split, none is left at the cap
    replies = server.requests_to("/api/v2/doc/doc")
    assert res.split > 0 and res.capped == [] and res.failed == []
    assert res.requests == len(replies) == res.windows
    # the one-hour burst could only be fetched in windows shorter than an hour
    strike = [r for r in recs if "strike" in r["title"]]
    assert len(strike) == 400
    spans = {r["window"] for r in strike}
    assert all(parse_when(w.split("/")[1], name="e") - parse_when(w.split("/")[0], name="s")
               < dt.timedelta(hours=1) for w in spans)
    print(f"\nyear past the cap: {len(recs)} records, {res.windows} windows asked, {res.split} split, "
          f"{res.requests} requests, {seconds:.1f} s")
    # the file is an article table the kit loads
    loaded = ck.load([out])
    assert len(loaded.articles) == 4650
    assert set(loaded.articles["lang"]) == {"es"}
    assert loaded.articles["published_at"].min() == dt.datetime(2025, 1, 1, 1, tzinfo=UTC)


def test_a_rerun_adds_nothing_and_asks_nothing_for_finished_windows(server, tmp_path):
    year_of_coverage(server)
    out = tmp_path / "gdelt.jsonl"
    kw = dict(start="2025-01-01", end="2025-03-31", out=out, url=gdelt_url(server), pause=0, now=NOW,
              progress=False)
    first = ck.fetch_gdelt("cartel", **kw)
    before = out.read_bytes()
    n = len(server.log)
    again = ck.fetch_gdelt("cartel", **kw)
    assert again.written == 0 and again.requests == 0 and len(server.log) == n
    assert again.skipped == first.windows - first.split
    assert out.read_bytes() == before
    # a later end asks only for the new month (April 2025 holds 300 matching stories)
    later = ck.fetch_gdelt("cartel", **dict(kw, end="2025-04-30"))
    assert later.written == 300
    asked = {e["params"]["startdatetime"][:6] for e in server.log[n:]}
    assert asked == {"202504"}


def test_pause_between_requests_shows_in_the_request_log(server, tmp_path):
    server.gdelt = [gdelt_article(i, dt.datetime(2025, m, 3, tzinfo=UTC), title=f"Cartel {i}")
                    for i, m in enumerate(range(1, 5))]
    ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-04-30", out=tmp_path / "g.jsonl",
                   url=gdelt_url(server), pause=0.2, now=NOW, progress=False)
    times = [e["t"] for e in server.requests_to("/api/v2/doc/doc")]
    assert len(times) == 4  # one window a month
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.2, gaps


class FakeTime:
    """A clock that moves only when slept on: every wait is seen and none is waited."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, s):
        self.slept.append(round(s, 3))
        self.now += s


def test_the_default_pause_is_five_seconds_between_gdelt_requests(server, tmp_path):
    server.gdelt = [gdelt_article(i, dt.datetime(2025, m, 3, tzinfo=UTC), title=f"Cartel {i}")
                    for i, m in enumerate(range(1, 4))]
    clock = FakeTime()
    http = Http(pause=5.0, sleep=clock.sleep, clock=clock.monotonic)
    ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-03-31", out=tmp_path / "g.jsonl",
                   url=gdelt_url(server), now=NOW, client=http, progress=False)
    assert clock.slept == [5.0, 5.0]  # three requests, two pauses


def test_429_waits_what_retry_after_says(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]
    server.fault("/api/v2/doc/doc", ("status", 429, {"Retry-After": "1"}, "Please limit requests"))
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), client=fast_http(), now=NOW, progress=False)
    log = server.requests_to("/api/v2/doc/doc")
    assert [e["status"] for e in log] == [429, 200]
    assert log[1]["t"] - log[0]["t"] >= 1.0
    assert res.written == 1 and res.requests == 2


def test_429_without_retry_after_and_500s_back_off_exponentially_with_seeded_jitter(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]

    def run(out):
        server.fault("/api/v2/doc/doc", ("status", 429, {}, ""), ("status", 500, {}, "oops"),
                     ("status", 503, {}, "busy"))
        clock = FakeTime()
        http = Http(pause=0, backoff=2.0, max_backoff=5.0, seed=7, sleep=clock.sleep, clock=clock.monotonic)
        res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=out, url=gdelt_url(server),
                             client=http, now=NOW, progress=False)
        return res, clock.slept

    res, waits = run(tmp_path / "a.jsonl")
    assert res.written == 1
    # attempt k waits min(5, 2 * 2**k) times a jitter in [0.5, 1): 2, 4, then 5 (bounded)
    assert len(waits) == 3
    for w, full in zip(waits, (2.0, 4.0, 5.0)):
        assert full * 0.5 <= w < full
    _, again = run(tmp_path / "b.jsonl")
    assert again == waits  # the same seed gives the same waits
    assert [e["status"] for e in server.requests_to("/api/v2/doc/doc")] == [429, 500, 503, 200] * 2


def test_500s_past_the_retries_leave_the_window_for_the_next_run(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one"),
                    gdelt_article(2, dt.datetime(2025, 2, 3, tzinfo=UTC), title="Cartel two")]
    server.fault("/api/v2/doc/doc", *[("status", 500, {}, "down")] * 3)
    out = tmp_path / "g.jsonl"
    kw = dict(start="2025-01-01", end="2025-02-28", out=out, url=gdelt_url(server), now=NOW, progress=False)
    res = ck.fetch_gdelt("cartel", client=fast_http(retries=2), **kw)
    assert [w for w, _ in res.failed] == ["2025-01-01T00:00:00Z/2025-02-01T00:00:00Z"]
    assert "HTTP 500" in res.failed[0][1] and "not fetched" in str(res)
    assert [r["title"] for r in lines(out)] == ["Cartel two"]
    again = ck.fetch_gdelt("cartel", client=fast_http(), **kw)
    assert again.written == 1 and again.skipped == 1 and again.failed == []
    assert sorted(r["title"] for r in lines(out)) == ["Cartel one", "Cartel two"]


def test_slow_replies_time_out_and_are_retried(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]
    server.fault("/api/v2/doc/doc", ("slow", 1.5))
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), client=fast_http(timeout=0.5), now=NOW, progress=False)
    assert res.written == 1 and res.requests == 2
    assert len(server.requests_to("/api/v2/doc/doc")) == 2


@pytest.mark.parametrize("fault", ["cut", "badjson"])
def test_a_reply_cut_in_the_middle_is_retried_not_cached(server, tmp_path, fault):
    server.gdelt = [gdelt_article(i, dt.datetime(2025, 1, 3, i, tzinfo=UTC), title=f"Cartel {i}")
                    for i in range(20)]
    server.fault("/api/v2/doc/doc", (fault,))
    cache = tmp_path / "cache"
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), client=fast_http(cache_dir=cache), now=NOW, progress=False)
    assert res.written == 20 and res.failed == []
    log = server.requests_to("/api/v2/doc/doc")
    assert [e.get("fault") for e in log] == [fault, None]
    # only the complete reply was kept: a replay from the cache gives the same 20 records
    replay = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "r.jsonl",
                            url=gdelt_url(server), client=fast_http(cache_dir=cache), now=NOW, progress=False)
    assert replay.written == 20 and replay.requests == 0 and replay.cache_hits == 1
    assert len(server.requests_to("/api/v2/doc/doc")) == 2


def test_the_raw_cache_replays_a_fetch_without_the_network(server, tmp_path):
    year_of_coverage(server)
    cache = tmp_path / "cache"
    kw = dict(start="2025-02-01", end="2025-02-28", url=gdelt_url(server), pause=0, now=NOW,
              cache_dir=cache, progress=False)
    first = ck.fetch_gdelt("cartel", out=tmp_path / "a.jsonl", **kw)
    server.stop()  # nothing answers any more
    replay = ck.fetch_gdelt("cartel", out=tmp_path / "b.jsonl", **kw)
    assert replay.requests == 0 and replay.cache_hits == first.requests
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    server.start = lambda: None  # the fixture's stop() runs again: make it harmless
    server.stop = lambda: None


def test_an_unknown_query_syntax_is_one_line_with_gdelts_sentence(server, tmp_path, capsys):
    with pytest.raises(OptionError) as err:
        ck.fetch_gdelt("cartel OR terrorist", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                       url=gdelt_url(server), pause=0, now=NOW, progress=False)
    msg = err.value.one_line()
    assert OR_ERROR.rstrip(".") in msg and "\n" not in msg and "parentheses" in msg
    # the same from the command line: one line on stderr, exit status 2
    env_url = gdelt_url(server)
    os.environ["COVERAGEKIT_GDELT_URL"] = env_url
    try:
        from coveragekit.cli import main

        code = main(["fetch", "gdelt", "--query", "cartel OR terrorist", "--start", "2025-01-01",
                     "--end", "2025-01-31", "--out", str(tmp_path / "c.jsonl"), "--pause", "0"])
    finally:
        del os.environ["COVERAGEKIT_GDELT_URL"]
    err_lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err_lines) == 1 and err_lines[0].startswith("coveragekit: error:")
    assert "surrounded by ()" in err_lines[0]


def test_a_window_still_at_the_cap_at_one_minute_is_reported(server, tmp_path):
    t = dt.datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    server.gdelt = [gdelt_article(i, t + dt.timedelta(seconds=i % 60), title=f"Cartel {i}") for i in range(300)]
    res = ck.fetch_gdelt("cartel", start="2025-03-01", end="2025-03-01", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), pause=0, now=NOW, progress=False)
    assert res.capped == ["2025-03-01T10:00:00Z/2025-03-01T10:01:00Z"]
    assert res.written == 250
    assert "some records may be missing" in str(res)


# -- killed and resumed ---------------------------------------------------------------------
class Killed(Exception):
    pass


class DiesAfter(Http):
    """An Http whose process "dies" (raises) when it is about to send request number n+1."""

    def __init__(self, n, **kw):
        super().__init__(**kw)
        self.n = n

    def get(self, url, params=None, **kw):
        if len([a for a in self.attempts if a.outcome != "cache"]) >= self.n:
            raise Killed()
        return super().get(url, params, **kw)


def test_killed_halfway_then_rerun_gives_exactly_the_uninterrupted_records(server, tmp_path):
    year_of_coverage(server)
    kw = dict(start="2025-01-01", end="2025-06-30", url=gdelt_url(server), now=NOW, progress=False)
    whole = ck.fetch_gdelt("cartel", out=tmp_path / "whole.jsonl", client=fast_http(), **kw)
    n_whole = len(server.log)
    out = tmp_path / "killed.jsonl"
    with pytest.raises(Killed):
        ck.fetch_gdelt("cartel", out=out, client=DiesAfter(whole.requests // 2, pause=0), **kw)
    part = lines(out)
    assert 0 < len(part) < whole.total
    n_first = len(server.log) - n_whole
    rest = ck.fetch_gdelt("cartel", out=out, client=fast_http(), **kw)
    n_second = len(server.log) - n_whole - n_first
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    # no finished window was asked twice: the two runs together sent what one run sends
    assert n_first + n_second == whole.requests
    assert rest.skipped > 0


def test_a_fetch_killed_with_sigkill_leaves_a_valid_file_and_resumes(server, tmp_path):
    year_of_coverage(server)
    out = tmp_path / "k.jsonl"
    env = dict(os.environ, COVERAGEKIT_GDELT_URL=gdelt_url(server), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "coveragekit", "fetch", "gdelt", "--query", "cartel", "--start", "2025-01-01",
           "--end", "2025-12-31", "--pause", "0.03", "--out", str(out), "--now", NOW, "--quiet"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:  # wait until some windows are written
            if out.exists() and len(out.read_bytes().splitlines()) >= 1000:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the fetch finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    part = lines(out)  # every line is whole JSON
    assert 1000 <= len(part) < 4650
    subprocess.run(cmd, env=env, cwd=tmp_path, check=True, timeout=120)
    whole = tmp_path / "whole.jsonl"
    subprocess.run(cmd[:-4] + ["--out", str(whole), "--now", NOW, "--quiet"], env=env, cwd=tmp_path,
                   check=True, timeout=120)
    assert out.read_bytes() == whole.read_bytes()
    assert len(lines(out)) == 4650
