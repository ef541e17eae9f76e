"""Full text for the records of a file (coveragekit fetch text), read through the loader.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import sys
from pathlib import Path

import coveragekit as ck

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import NOW, lines, site


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


def test_full_text_from_the_command_line(server, tmp_path, capsys):
    site(server)
    from coveragekit.cli import main

    out = tmp_path / "f.jsonl"
    code = main(["fetch", "feed", server.url + "/feed.xml", "--out", str(out), "--pause", "0", "--full-text",
                 "--text-pause", "0", "--now", NOW])
    assert code == 0 and "full text: fetched 2" in capsys.readouterr().out
    assert [r["text_status"] for r in lines(out)] == ["fetched", "fetched"]
