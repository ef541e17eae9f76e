"""Notebook 07 runs on a journalist's file in another format by changing only its parameters,
through the `coveragekit notebooks` command (papermill + HTML rendering)."""

import logging
from pathlib import Path

import nbformat

from coveragekit.cli import main

FIX = Path(__file__).parent / "fixtures" / "io"


def test_notebook_07_on_a_media_cloud_export_and_a_gdelt_artlist(tmp_path):
    out = tmp_path / "nb"
    assert main(["notebooks", str(FIX / "mediacloud_export.csv"), str(FIX / "gdelt_artlist.json"),
                 "--out", str(out), "--quiet"]) == 0
    nb = nbformat.read(out / "07_bring_your_own_articles.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                      if o.get("output_type") == "stream")
    # 6 + 3 records read; 4 + 2 loaded; the summary line of the analysis names 6 articles
    assert "read 9 records from 2 files: 6 loaded, 3 rejected" in printed
    assert "analysed 6 articles" in printed
    html = (out / "07_bring_your_own_articles.html").read_text(encoding="utf-8")
    assert "Bring your own articles" in html and "data:image/png;base64" in html


def test_papermill_notes_on_the_parameters_cell_stay_off_the_terminal(caplog):
    from papermill.inspection import _infer_parameters
    from papermill.iorw import load_notebook_node

    from coveragekit.notebooks import _parameters, _quiet_papermill

    nb = load_notebook_node(str(Path(__file__).resolve().parent.parent / "notebooks" / "07_bring_your_own_articles.ipynb"))
    assert {"paths", "out_dir"} <= _parameters(nb)  # the kit reads the cell itself
    with caplog.at_level(logging.WARNING, logger="papermill"):
        _infer_parameters(nb, name="python3", language="python")  # what execute_notebook calls
    assert any("Unable to parse line" in r.getMessage() for r in caplog.records)  # papermill's own note
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="papermill"), _quiet_papermill():
        _infer_parameters(nb, name="python3", language="python")
    assert [r for r in caplog.records if r.name.startswith("papermill")] == []
