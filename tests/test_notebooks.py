"""Notebook 07 runs on a journalist's file in another format by changing only its parameters,
through the `coveragekit notebooks` command (papermill + HTML rendering)."""

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
