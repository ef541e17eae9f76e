"""The [fetch] section of a project file: checked, then fetched before the report.
Expectations are counted from the fixtures as they are built."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from coveragekit.errors import OptionError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_fixtures import PARAS, UTC, lines, site
from fetch_server import gdelt_article


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
