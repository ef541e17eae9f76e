"""The output folder is the user's too: files keep the user's umask, and the kit never
replaces a file it did not write (a non-empty --out, as a journalist has one)."""

import json
import os
import stat
from pathlib import Path

import pytest

from coveragekit import cli
from coveragekit.outdir import MANIFEST

ARTICLES = Path(__file__).parent / "fixtures" / "small" / "seven_articles.csv"


def _run(capsys, *args):
    rc = cli.main([str(a) for a in args])
    return rc, capsys.readouterr().err


def test_files_are_written_with_the_umask(tmp_path, capsys):
    out = tmp_path / "out"
    rc, err = _run(capsys, "report", ARTICLES, "--out", out, "--quiet")
    assert rc == 0, err
    umask = os.umask(0o022)
    os.umask(umask)
    for name in ("report.html", "summary.json", "articles.csv", MANIFEST):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o666 & ~umask, name


def test_a_folder_with_the_users_own_files_is_refused_naming_them(tmp_path, capsys):
    out = tmp_path / "shared"
    out.mkdir()
    (out / "summary.json").write_text('{"my": "notes"}')
    (out / "report.html").write_text("<p>my own report</p>")
    (out / "notes.txt").write_text("not in the way")
    rc, err = _run(capsys, "report", ARTICLES, "--out", out)
    assert rc == 2 and err.count("\n") == 1
    assert "holds files the kit did not write" in err and "report.html, summary.json" in err and "--force" in err
    assert (out / "summary.json").read_text() == '{"my": "notes"}'  # untouched
    assert (out / "report.html").read_text() == "<p>my own report</p>"
    assert not (out / "articles.csv").exists()
    rc, err = _run(capsys, "analyze", ARTICLES, "--out", out, "--quiet")
    assert rc == 2 and "summary.json" in err


def test_force_replaces_them_and_the_next_run_needs_no_force(tmp_path, capsys):
    out = tmp_path / "shared"
    out.mkdir()
    (out / "summary.json").write_text('{"my": "notes"}')
    rc, err = _run(capsys, "report", ARTICLES, "--out", out, "--force", "--quiet")
    assert rc == 0, err
    assert json.loads((out / "summary.json").read_text())["counts"]["articles"] == 7
    manifest = json.loads((out / MANIFEST).read_text())
    assert {"summary.json", "report.html", "articles.csv"} <= set(manifest["files"])
    rc, err = _run(capsys, "report", ARTICLES, "--out", out, "--quiet")  # its own files now
    assert rc == 0, err


def test_a_folder_from_a_kit_without_the_manifest_is_recognised(tmp_path, capsys):
    out = tmp_path / "old"
    rc, err = _run(capsys, "analyze", ARTICLES, "--out", out, "--quiet")
    assert rc == 0, err
    (out / MANIFEST).unlink()
    rc, err = _run(capsys, "analyze", ARTICLES, "--out", out, "--quiet")
    assert rc == 0, err


@pytest.mark.parametrize("name", ["articles.csv", "topic_choice.csv"])
def test_every_table_name_is_guarded(tmp_path, capsys, name):
    out = tmp_path / "o"
    out.mkdir()
    (out / name).write_text("mine\n")
    rc, err = _run(capsys, "analyze", ARTICLES, "--out", out, "--quiet")
    assert rc == 2 and name in err
