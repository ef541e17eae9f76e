"""A regular install (a built wheel, not the clone's editable install) carries the data.

The wheel is built from this checkout without build isolation (offline), installed with
no dependencies into a fresh virtual environment whose dependencies come from the test's
own environment (a ``.pth`` line after the new environment's site-packages, so the kit
itself is imported from the wheel and never from the clone), and run from a folder
outside the clone.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # built from a copy of what the build reads, so that the build's own folders stay out
    # of the clone (and no file left there by an earlier build can ship)
    src = tmp_path_factory.mktemp("src") / "coveragekit-src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("coveragekit", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index", "-q",
         "-w", str(out), str(src)],
        capture_output=True, text=True, cwd=out, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (whl,) = out.glob("coveragekit-*.whl")
    return whl


def test_the_wheel_carries_every_file_under_data(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    wanted = {"coveragekit/data/" + p.relative_to(ROOT / "data").as_posix()
              for p in (ROOT / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert "coveragekit/data/actors.csv" in wanted and "coveragekit/data/demo/pages" not in wanted
    assert wanted - names == set()
    assert "coveragekit/templates/report.html.j2" in names


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    env = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = Path(subprocess.run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the new environment's own site-packages comes first; the dependencies after it
    deps = [sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    (site / "zz_test_dependencies.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install",
                           "--no-deps", "--no-index", "-q", str(wheel)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return env


def _clean_env():
    env = {k: v for k, v in os.environ.items() if k not in ("COVERAGEKIT_DATA", "PYTHONPATH")}
    env["PYTHONHASHSEED"] = "0"
    return env


def test_the_installed_kit_reads_its_tables_from_the_package(installed, tmp_path):
    code = ("import coveragekit, coveragekit.datasets as d; print(coveragekit.__file__); print(d.data_dir()); "
            "print(len(d.load_outlets())); print(len(coveragekit.default_actor_table()) > 0)")
    proc = subprocess.run([str(installed / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=_clean_env(), check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    kit, data, n_outlets, has_actors = proc.stdout.split()
    assert kit.startswith(str(installed)) and not kit.startswith(str(ROOT))
    assert Path(data) == Path(kit).parent / "data"
    assert int(n_outlets) > 0 and has_actors == "True"


def test_report_demo_runs_in_the_fresh_environment(installed, tmp_path):
    out = tmp_path / "demo"
    proc = subprocess.run([str(installed / "bin" / "coveragekit"), "report", "--demo", "--out", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path, env=_clean_env(), timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (out / "report.html").stat().st_size > 10_000
    import json

    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"]["articles"] == 226
