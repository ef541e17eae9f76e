"""The fetchers against a loopback server (tests/fetch_server.py): nothing here touches the
internet. Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import coveragekit as ck
from coveragekit.errors import OptionError
from coveragekit.fetch import Http
from coveragekit.fetch._common import Window, parse_when
from coveragekit.fetch.gdelt import halve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_server import OR_ERROR, LoopbackServer, gdelt_article

UTC = dt.UTC
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
    gaps = [b - a for a, b in itertools.pairwise(times)]
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


def test_a_stray_backslash_in_a_title_is_mended_not_retried(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]
    server.fault("/api/v2/doc/doc", ("badescape",))
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), client=fast_http(), now=NOW, progress=False)
    assert res.requests == 1 and [r["title"] for r in lines(tmp_path / "g.jsonl")] == ["C:\\q Cartel one"]


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
    # January to June: 1,810 daily stories, the 600 of the designation-day burst, and 3 of the
    # 40 re-listed URLs (stories 1850, 1900 and 1950 first appear in July, so in this range
    # their June re-listing is the only copy): 2,413
    cmd = [sys.executable, "-m", "coveragekit", "fetch", "gdelt", "--query", "cartel", "--start", "2025-01-01",
           "--end", "2025-06-30", "--pause", "0.05", "--out", str(out), "--now", NOW, "--quiet"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:  # wait until some windows are written
            if out.exists() and len(out.read_bytes().splitlines()) >= 500:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the fetch finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    part = lines(out)  # every line is whole JSON
    assert 500 <= len(part) < 2413
    subprocess.run(cmd, env=env, cwd=tmp_path, check=True, timeout=120)
    whole = tmp_path / "whole.jsonl"
    subprocess.run(cmd[:-5] + ["--out", str(whole), "--now", NOW, "--quiet"], env=env, cwd=tmp_path,
                   check=True, timeout=120)
    assert out.read_bytes() == whole.read_bytes()
    assert len(lines(out)) == 2413


# -- Media Cloud, through the official client -----------------------------------------------
def media_cloud_stories(server) -> int:
    """130 matching stories, two a day from 1 Feb 2025 (five without a publish date), and 20
    that do not match; returns the number that match."""
    stories = []
    for i in range(130):
        day = dt.date(2025, 2, 1) + dt.timedelta(days=i // 2)
        stories.append({
            "id": f"{i:032x}", "media_name": "diario-prueba.test", "media_url": "diario-prueba.test",
            "title": f"Cartel designation story {i}", "url": f"https://diario-prueba.test/n/{i}",
            "publish_date": None if i % 26 == 5 else day.isoformat(),
            "indexed_date": f"{day.isoformat()}T08:{i % 60:02d}:00.123456+00:00", "language": "es"})
    for i in range(20):
        stories.append({
            "id": f"w{i}", "media_name": "diario-prueba.test", "media_url": "diario-prueba.test",
            "title": "Weather today", "url": f"https://diario-prueba.test/w/{i}",
            "publish_date": "2025-02-10", "indexed_date": "2025-02-10T08:00:00+00:00", "language": "es"})
    server.stories = stories
    return 130


@pytest.fixture
def mc_token(monkeypatch, server):
    monkeypatch.setenv("MC_API_TOKEN", server.token)
    return server.token


def mc_kw(server, tmp_path, name="mc.jsonl", **kw):
    base = dict(start="2025-02-01", end="2025-04-30", out=tmp_path / name, url=server.url + "/api/",
                collections=[34412234], page_size=50, pause=0, now=NOW, progress=False)
    base.update(kw)
    return base


def test_media_cloud_pages_follow_the_token_through_the_official_client(server, tmp_path, mc_token):
    expected = media_cloud_stories(server)
    res = ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path))
    recs = lines(tmp_path / "mc.jsonl")
    assert len(recs) == expected and res.written == 130
    log = server.requests_to("/api/search/")
    assert log[0]["path"] == "/api/search/api-params"  # the client asks for the rate first
    lists = [e for e in log if e["path"] == "/api/search/story-list"]
    # February 56 stories (pages of 50 and 6), March 62 (50, 12), April 12: five pages
    assert [e["params"].get("pagination_token") is not None for e in lists] == [False, True, False, True, False]
    assert lists[0]["params"]["start"] == "2025-02-01" and lists[0]["params"]["end"] == "2025-02-28"
    assert lists[0]["params"]["cs"] == "34412234"
    assert all(e["headers"]["authorization"] == f"Token {mc_token}" for e in log)
    assert all(e["headers"]["user-agent"].startswith("mediacloud") for e in log)
    # a story without a publish date is dated by when it was indexed, and says so
    undated = [r for r in recs if r["date_from"] == "indexed_date"]
    assert len(undated) == 5 and undated[0]["published_at"].startswith("2025-02-03T08:")
    # the key is nowhere in what the fetch wrote or said
    assert mc_token not in (tmp_path / "mc.jsonl").read_text() and mc_token not in str(res)
    assert mc_token not in (tmp_path / "mc.jsonl.state.json").read_text()
    loaded = ck.load([tmp_path / "mc.jsonl"]).articles
    assert len(loaded) == 130 and set(loaded["lang"]) == {"es"}


def test_media_cloud_pause_spaces_the_pages(server, tmp_path, mc_token):
    media_cloud_stories(server)
    ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path, pause=0.2))
    times = [e["t"] for e in server.requests_to("/api/search/story-list")]
    assert len(times) == 5 and min(b - a for a, b in itertools.pairwise(times)) >= 0.2


def test_media_cloud_without_a_token_says_what_to_do(server, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MC_API_TOKEN", raising=False)
    with pytest.raises(OptionError, match="MC_API_TOKEN is not set"):
        ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path))
    from coveragekit.cli import main

    code = main(["fetch", "mediacloud", "--query", "cartel", "--start", "2025-02-01",
                 "--url", server.url + "/api/", "--out", str(tmp_path / "c.jsonl")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "export MC_API_TOKEN=" in err[0]
    assert server.log == []


def test_media_cloud_refusing_the_key_is_one_line_without_the_key(server, tmp_path, monkeypatch):
    monkeypatch.setenv("MC_API_TOKEN", "not-the-right-key")
    media_cloud_stories(server)
    with pytest.raises(OptionError) as err:
        ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path))
    assert "refused the key" in err.value.one_line() and "Invalid token" in err.value.one_line()
    assert "not-the-right-key" not in err.value.one_line()


def test_media_cloud_500s_are_retried(server, tmp_path, mc_token):
    media_cloud_stories(server)
    server.fault("/api/search/story-list", ("status", 500, {}, '{"status": "error", "note": "busy"}'))
    res = ck.fetch_mediacloud("cartel", client=fast_http(), **mc_kw(server, tmp_path))
    assert res.written == 130 and res.failed == []
    statuses = [e["status"] for e in server.requests_to("/api/search/story-list")]
    assert statuses == [500, 200, 200, 200, 200, 200]


def test_media_cloud_429_waits_what_retry_after_says(server, tmp_path, mc_token, monkeypatch):
    # the client's own limiter answers a 429 by waiting out a full minute before its next
    # request; that is its behaviour, not the kit's, and would make this test a minute long
    import requests_ratelimiter

    monkeypatch.setattr(requests_ratelimiter.LimiterMixin, "_fill_bucket", lambda self, request: None)
    media_cloud_stories(server)
    server.fault("/api/search/story-list", ("status", 429, {"Retry-After": "7"}, '{"note": "slow down"}'))
    clock = FakeTime()
    res = ck.fetch_mediacloud("cartel", client=Http(pause=0, sleep=clock.sleep, clock=clock.monotonic),
                              **mc_kw(server, tmp_path))
    assert res.written == 130
    assert clock.slept == [7.0]
    assert [e["status"] for e in server.requests_to("/api/search/story-list")][:2] == [429, 200]


def test_media_cloud_killed_between_pages_resumes_at_the_saved_token(server, tmp_path, mc_token, monkeypatch):
    media_cloud_stories(server)
    whole = ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path, "whole.jsonl"))
    import mediacloud.api

    real = mediacloud.api.SearchApi.story_list
    calls = []

    def dies_on_the_third(self, *a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise Killed()
        return real(self, *a, **kw)

    monkeypatch.setattr(mediacloud.api.SearchApi, "story_list", dies_on_the_third)
    with pytest.raises(Killed):
        ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path, "k.jsonl"))
    assert len(lines(tmp_path / "k.jsonl")) == 56  # February's two pages
    monkeypatch.setattr(mediacloud.api.SearchApi, "story_list", real)
    n = len(server.log)
    rest = ck.fetch_mediacloud("cartel", **mc_kw(server, tmp_path, "k.jsonl"))
    again = [e for e in server.log[n:] if e["path"] == "/api/search/story-list"]
    assert [e["params"]["start"] for e in again] == ["2025-03-01", "2025-03-01", "2025-04-01"]
    assert rest.skipped == 1 and whole.written == 130
    assert (tmp_path / "k.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


# -- feeds and full text ----------------------------------------------------------------------
# written for these tests (a fictional outlet's report, in Spanish)
PARAS = [
    ("El gobierno de México respondió este jueves a la designación de los cárteles como organizaciones "
     "terroristas extranjeras con un llamado a la cooperación sin subordinación."),
    ("La presidenta dijo en su conferencia matutina que no habrá invasión y que la coordinación con "
     "Washington seguirá en temas de seguridad, armas y fentanilo."),
    ("Analistas consultados por este diario señalaron que la medida abre dudas jurídicas sobre las "
     "sanciones a empresas y bancos que operan en ambos lados de la frontera."),
]


def site(server):
    """Article pages with boilerplate, a page behind robots.txt, a login wall, a slow page."""
    server.pages = {
        "/news/a1.html": ("Cárteles como terroristas: la respuesta de México", PARAS),
        "/news/a2.html": ("Sin subordinación, dice la presidenta", PARAS[1:] + PARAS[:1]),
        "/private/a3.html": ("Nota reservada", PARAS),
        "/news/login.html": ("", None),
        "/news/slow.html": ("Nota lenta", PARAS),
    }
    server.feed_items = [
        {"title": "Cárteles como terroristas", "link": f"{server.url}/news/a1.html",
         "date": "Thu, 20 Feb 2025 14:00:00 GMT", "summary": "La respuesta de México"},
        {"title": "Sin subordinación", "link": f"{server.url}/news/a2.html",
         "date": "Thu, 20 Feb 2025 16:30:00 GMT", "summary": "La presidenta habló"},
    ]


def test_a_feed_gives_its_entries_once(server, tmp_path):
    site(server)
    out = tmp_path / "feed.jsonl"
    res = ck.fetch_feed(server.url + "/feed.xml", out=out, pause=0, now=NOW, progress=False)
    recs = lines(out)
    assert res.written == 2 and [r["title"] for r in recs] == ["Cárteles como terroristas", "Sin subordinación"]
    assert recs[0]["summary"] == "La respuesta de México" and recs[0]["text"] == ""
    again = ck.fetch_feed(server.url + "/feed.xml", out=out, pause=0, now=NOW, progress=False)
    assert again.written == 0 and again.already == 2


def test_full_text_outcomes_boilerplate_robots_and_the_per_host_pause(server, tmp_path):
    site(server)
    server.fault("/news/slow.html", ("slow", 1.0), ("slow", 1.0))
    u = server.url
    records = [
        {"published_at": "2025-02-20T14:00:00Z", "outlet": "Diario", "title": "", "text": "", "url": f"{u}/news/a1.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Reservada", "text": "", "url": f"{u}/private/a3.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Perdida", "text": "", "url": f"{u}/news/gone.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Lenta", "text": "", "url": f"{u}/news/slow.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Muro", "text": "", "url": f"{u}/news/login.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Ya tiene", "text": "Texto previo.", "url": f"{u}/news/a2.html"},
        {"published_at": "2025-02-20", "outlet": "Diario", "title": "Sin enlace", "text": "", "url": ""},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "text.jsonl"
    res = ck.fetch_text(src, out=out, pause=0.1, timeout=0.4, retries=1, now=NOW, progress=False)
    got = {r["url"].rsplit("/", 1)[-1] or "none": r for r in lines(out)}
    assert {k: r.get("text_status") for k, r in got.items()} == {
        "a1.html": "fetched", "a3.html": "not allowed", "gone.html": "not found", "slow.html": "timed out",
        "login.html": "no article found", "a2.html": None, "none": "no url"}
    a1 = got["a1.html"]
    assert a1["title"] == "Cárteles como terroristas: la respuesta de México" and a1["http_status"] == 200
    for p in PARAS:
        assert p in a1["text"]
    for junk in ("cookies", "Portada", "Suscríbete", "tamales", "derechos reservados"):
        assert junk not in a1["text"]
    assert got["a2.html"]["text"] == "Texto previo."
    paths = [e["path"] for e in server.log]
    assert "/private/a3.html" not in paths and paths.count("/robots.txt") == 1
    assert paths.count("/news/slow.html") == 2  # one retry
    assert all(e["headers"]["user-agent"].startswith("coveragekit/") for e in server.log)
    times = [e["t"] for e in server.log]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.1  # one host: 0.1 s apart
    assert res.texts["fetched"] == 1 and res.texts["timed out"] == 1
    # the file loads and analyses like any other
    loaded = ck.load([out])
    assert len(loaded.articles) == 7
    result = ck.analyze(loaded, out=tmp_path / "analysis", n_topics=2)
    assert (tmp_path / "analysis" / "articles.csv").exists() and result is not None


def test_full_text_for_a_csv_file_read_through_the_loader(server, tmp_path):
    site(server)
    src = tmp_path / "export.csv"
    src.write_text("title,url,publish_date,media_name\n"
                   f"Cárteles,{server.url}/news/a1.html,2025-02-20,diario-prueba.test\n"
                   f"Perdida,{server.url}/news/gone.html,2025-02-21,diario-prueba.test\n", encoding="utf-8")
    res = ck.fetch_text(src, out=tmp_path / "t.jsonl", pause=0, now=NOW, progress=False)
    recs = lines(tmp_path / "t.jsonl")
    assert [(r["title"], r["text_status"]) for r in recs] == [("Cárteles", "fetched"), ("Perdida", "not found")]
    assert recs[0]["published_at"] == "2025-02-20T00:00:00Z" and recs[0]["outlet"] == "diario-prueba.test"
    assert res.written == 2
    again = ck.fetch_text(src, out=tmp_path / "t.jsonl", pause=0, now=NOW, progress=False)
    assert again.written == 0 and again.already == 2 and again.requests == 0


def test_full_text_on_a_feed_fetch(server, tmp_path):
    site(server)
    res = ck.fetch_feed([server.url + "/feed.xml"], out=tmp_path / "f.jsonl", pause=0, full_text=True,
                        now=NOW, progress=False)
    recs = lines(tmp_path / "f.jsonl")
    assert [r["text_status"] for r in recs] == ["fetched", "fetched"]
    assert PARAS[0] in recs[0]["text"] and res.texts["fetched"] == 2


def test_full_text_from_the_command_line(server, tmp_path, capsys):
    site(server)
    from coveragekit.cli import main

    out = tmp_path / "f.jsonl"
    code = main(["fetch", "feed", server.url + "/feed.xml", "--out", str(out), "--pause", "0", "--full-text",
                 "--text-pause", "0", "--now", NOW])
    assert code == 0 and "full text: fetched 2" in capsys.readouterr().out
    assert [r["text_status"] for r in lines(out)] == ["fetched", "fetched"]


# -- the command line, the project file, the import ---------------------------------------------
def test_report_with_a_fetch_section_fetches_what_is_new_then_reports(server, tmp_path, capsys):
    site(server)
    server.gdelt = [gdelt_article(i, dt.datetime(2025, 2, 20, 10 + i, tzinfo=UTC),
                                  title=f"Cartel designation reaction {i}", url=f"{server.url}/news/a{1 + i % 2}.html?i={i}")
                    for i in range(4)]
    (tmp_path / "project.toml").write_text(f'''
out = "report"
title = "Fetched coverage"
topics = 2
[fetch]
out = "fetched/coverage.jsonl"
pause = 0
text_pause = 0
full_text = true
gdelt_url = "{server.url}/api/v2/doc/doc"
feeds = ["{server.url}/feed.xml"]
[[fetch.gdelt]]
query = "cartel"
start = "2025-02-01"
end = "2025-02-28"
''', encoding="utf-8")
    from coveragekit.cli import main

    assert main(["report", "--config", str(tmp_path / "project.toml"), "--quiet"]) == 0
    assert (tmp_path / "report" / "report.html").exists()
    fetched = lines(tmp_path / "fetched" / "coverage.jsonl")
    assert len(fetched) == 6
    assert [r["text_status"] for r in fetched] == ["fetched"] * 6
    assert all(PARAS[0] in r["text"] for r in fetched)
    arts = (tmp_path / "report" / "articles.csv").read_text(encoding="utf-8")
    assert "Cartel designation reaction 3" in arts and "Sin subordinación" in arts
    n = len(server.requests_to("/api/v2/doc/doc"))
    assert main(["report", "--config", str(tmp_path / "project.toml"), "--quiet"]) == 0
    assert len(server.requests_to("/api/v2/doc/doc")) == n  # February was finished


def test_the_project_file_refuses_a_key_in_the_fetch_section(tmp_path):
    from coveragekit.project import read_project

    (tmp_path / "p.toml").write_text('[fetch]\nout = "f.jsonl"\ntoken = "abc"\nfeeds = ["http://127.0.0.1:9/x"]\n')
    with pytest.raises(OptionError, match="MC_API_TOKEN"):
        read_project(tmp_path / "p.toml")
    (tmp_path / "q.toml").write_text('[fetch]\nout = "f.jsonl"\n')
    with pytest.raises(OptionError, match="names nothing to fetch"):
        read_project(tmp_path / "q.toml")


def test_the_cli_fetch_reads_the_endpoint_from_the_environment(server, tmp_path, monkeypatch, capsys):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]
    monkeypatch.setenv("COVERAGEKIT_GDELT_URL", gdelt_url(server))
    from coveragekit.cli import main

    code = main(["fetch", "gdelt", "--query", "cartel", "--start", "2025-01-01", "--end", "2025-01-31",
                 "--pause", "0", "--out", str(tmp_path / "g.jsonl"), "--now", NOW])
    captured = capsys.readouterr()
    assert code == 0 and "gdelt: 1 new records" in captured.out and "1 requests" in captured.out
    assert captured.err == ""  # no progress bar when stderr is not a terminal
    assert len(server.requests_to("/api/v2/doc/doc")) == 1


def test_importing_coveragekit_does_not_import_the_network_libraries():
    code = ("import sys, coveragekit; print(sorted(m for m in ('requests', 'httpx', 'mediacloud', "
            "'trafilatura', 'feedparser') if m in sys.modules))")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert got.stdout.strip() == "[]"


def test_store_keeps_nothing_half_written_and_ignores_what_it_has(tmp_path):
    from coveragekit.fetch.store import Store

    out = tmp_path / "s.jsonl"
    st = Store(out)
    assert st.commit([{"url": "https://www.example.test/a/?utm_source=x", "title": "A"},
                      {"url": "https://example.test/a", "title": "A again"}]) == 1
    st.close()
    # a leftover temporary file of a killed write is removed; the file itself is whole
    (tmp_path / ".s.jsonl.abc.tmp").write_text('{"url": "half')
    st = Store(out)
    assert not (tmp_path / ".s.jsonl.abc.tmp").exists() and st.count == 1
    assert st.commit([{"url": "https://example.test/a/", "title": "A"}]) == 0
    with pytest.raises(OptionError, match="JSON Lines"):
        Store(tmp_path / "s.csv")
    # one writer at a time: a second fetch into the same file is refused while one runs
    with pytest.raises(OptionError, match="another fetch is writing"):
        Store(out)
    st.close()
    Store(out).close()
