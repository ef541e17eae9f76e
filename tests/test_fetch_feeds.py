"""RSS and Atom feeds against the loopback server: entries written once, full text on a
feed fetch.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import sys
from pathlib import Path

import coveragekit as ck

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import NOW, PARAS, lines, site


def test_a_feed_gives_its_entries_once(server, tmp_path):
    site(server)
    out = tmp_path / "feed.jsonl"
    res = ck.fetch_feed(server.url + "/feed.xml", out=out, pause=0, now=NOW, progress=False)
    recs = lines(out)
    assert res.written == 2 and [r["title"] for r in recs] == ["Cárteles como terroristas", "Sin subordinación"]
    assert recs[0]["summary"] == "La respuesta de México" and recs[0]["text"] == ""
    again = ck.fetch_feed(server.url + "/feed.xml", out=out, pause=0, now=NOW, progress=False)
    assert again.written == 0 and again.already == 2


def test_full_text_on_a_feed_fetch(server, tmp_path):
    site(server)
    res = ck.fetch_feed([server.url + "/feed.xml"], out=tmp_path / "f.jsonl", pause=0, full_text=True,
                        now=NOW, progress=False)
    recs = lines(tmp_path / "f.jsonl")
    assert [r["text_status"] for r in recs] == ["fetched", "fetched"]
    assert PARAS[0] in recs[0]["text"] and res.texts["fetched"] == 2
