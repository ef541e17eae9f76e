"""GDELT DOC 2.0 article lists against the loopback server: windows halved at the cap,
re-runs that ask only for what is new, a fetch killed and resumed, GDELT's own error
sentences.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import coveragekit as ck
from coveragekit.errors import OptionError
from coveragekit.fetch._common import Window, parse_when
from coveragekit.fetch.gdelt import halve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import (
    NOW,
    ROOT,
    UTC,
    DiesAfter,
    Killed,
    fast_http,
    gdelt_url,
    lines,
    year_of_coverage,
)
from fetch_server import OR_ERROR, gdelt_article


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


def test_a_stray_backslash_in_a_title_is_mended_not_retried(server, tmp_path):
    server.gdelt = [gdelt_article(1, dt.datetime(2025, 1, 3, tzinfo=UTC), title="Cartel one")]
    server.fault("/api/v2/doc/doc", ("badescape",))
    res = ck.fetch_gdelt("cartel", start="2025-01-01", end="2025-01-31", out=tmp_path / "g.jsonl",
                         url=gdelt_url(server), client=fast_http(), now=NOW, progress=False)
    assert res.requests == 1 and [r["title"] for r in lines(tmp_path / "g.jsonl")] == ["C:\\q Cartel one"]


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
