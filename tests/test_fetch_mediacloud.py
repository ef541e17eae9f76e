"""Media Cloud story lists through the official client, against the loopback server: pages
followed by their token, the pause, the key, retries, a fetch resumed at the saved token.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

import coveragekit as ck
from coveragekit.errors import OptionError
from coveragekit.fetch import Http

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import FakeTime, Killed, fast_http, lines, mc_kw, media_cloud_stories


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
