"""The polite client (coveragekit.fetch.http) against the loopback server: pauses between
requests, Retry-After, backing off with seeded jitter, timeouts, replies cut off, the raw
cache, and no network library imported with coveragekit.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

import coveragekit as ck
from coveragekit.fetch import Http

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import NOW, ROOT, UTC, FakeTime, fast_http, gdelt_url, lines, year_of_coverage
from fetch_server import gdelt_article


def test_pause_between_requests_shows_in_the_request_log(server, tmp_path):
    server.gdelt = [gdelt_article(i, dt.datetime(2025, m, 3, tzinfo=UTC), title=f"Cartel {i}")
                    for i, m in enumerate(range(1, 5))]
    ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-04-30", out=tmp_path / "g.jsonl",
                   url=gdelt_url(server), pause=0.2, now=NOW, progress=False)
    times = [e["t"] for e in server.requests_to("/api/v2/doc/doc")]
    assert len(times) == 4  # one window a month
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.2, gaps


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


def test_a_service_asking_for_a_long_wait_stops_the_fetch_and_keeps_what_came(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one"),
                    gdelt_article(2, dt.datetime(2025, 2, 3, tzinfo=UTC), title="Cartel two")]
    server.fault("/api/v2/doc/doc", ("slow", 0), ("status", 429, {"Retry-After": "86400"}, ""))
    out = tmp_path / "g.jsonl"
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-03-31", out=out, url=gdelt_url(server),
                         client=fast_http(), now=NOW, progress=False)
    assert len(server.requests_to("/api/v2/doc/doc")) == 2  # January answered, February: stop
    assert [r["title"] for r in lines(out)] == ["Cartel one"]
    assert res.failed[0][0].startswith("2025-02-01") and "86400 s" in res.failed[0][1]
    assert any(n.startswith("stopped:") for n in res.notes) and "Re-run later" in str(res)


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


def test_importing_coveragekit_does_not_import_the_network_libraries():
    code = ("import sys, coveragekit; print(sorted(m for m in ('requests', 'httpx', 'mediacloud', "
            "'trafilatura', 'feedparser') if m in sys.modules))")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert got.stdout.strip() == "[]"
