"""The dask engine on a real cluster: a ``dask scheduler`` and two ``dask worker``
processes started here on 127.0.0.1. Every table equals the local engine's, a worker
killed mid-run costs time but not results, and a cluster that cannot run the kit's rules
is refused in one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from coveragekit.cli import main
from coveragekit.pipeline.engines import engine_spec
from coveragekit.errors import OptionError

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "articles"
DASK = Path(sys.executable).with_name("dask")


def _wait(predicate, what: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class Cluster:
    """A scheduler and workers as separate processes, as on a real deployment."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.procs: dict[str, subprocess.Popen] = {}
        file = folder / "scheduler.json"
        self.procs["scheduler"] = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(lambda: file.exists() and file.stat().st_size > 0, "the scheduler")
        self.address = json.loads(file.read_text())["address"]

    def add_worker(self, name: str, env: dict | None = None) -> None:
        # no nanny: the worker is this process, so a test can kill it
        self.procs[name] = subprocess.Popen(
            [str(DASK), "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
             "--no-dashboard", "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=self.folder)

    def client(self):
        from distributed import Client

        return Client(self.address, timeout="20s", set_as_default=False)

    def wait_for_workers(self, n: int) -> None:
        with self.client() as c:
            c.wait_for_workers(n, timeout=90)

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    try:
        yield c
    finally:
        c.close()


def _tables(folder: Path) -> dict[str, bytes]:
    """The tables written (not summary.json, which names the engine, nor the manifest, which
    also lists the Parquet datasets the dask engine writes by default)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name not in ("summary.json", ".coveragekit-outputs.json")}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """The local engine's tables for the two inputs the cluster tests analyse."""
    out = tmp_path_factory.mktemp("local") / "o"
    assert main(["analyze", str(DEMO / "2025a-jan-mar.jsonl"), str(DEMO / "2025d-oct.jsonl"), "--out", str(out),
                 "--topics", "4", "--quiet"]) == 0
    return _tables(out)


def _analyze_args(out: Path, *engine: str) -> list[str]:
    return ["analyze", str(DEMO / "2025a-jan-mar.jsonl"), str(DEMO / "2025d-oct.jsonl"), "--out", str(out),
            "--topics", "4", "--quiet", "--engine", "dask", *engine]


def test_a_real_cluster_writes_the_tables_of_the_local_engine(cluster, local_run, tmp_path):
    cluster.add_worker("w0")
    cluster.add_worker("w1")
    cluster.wait_for_workers(2)
    out = tmp_path / "dask"
    assert main(_analyze_args(out, "--scheduler", cluster.address)) == 0
    assert _tables(out) == local_run
    assert sorted(p.name for p in (out / "parquet").iterdir()) == ["articles", "frames", "mentions", "quotes"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["engine"]["name"] == "dask"
    assert summary["engine"]["workers"] == 2
    assert summary["engine"]["partitions"] >= 2


def test_a_worker_killed_mid_run_costs_time_not_results(cluster, local_run, tmp_path):
    cluster.add_worker("w0")
    cluster.add_worker("w1")
    cluster.wait_for_workers(2)
    out = tmp_path / "dask"
    run = subprocess.Popen([sys.executable, "-m", "coveragekit", *_analyze_args(out, "--scheduler", cluster.address)],
                           cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    victim = []
    with cluster.client() as c:
        def a_worker_computes_a_chunk():
            names = {a: w.get("name") for a, w in c.scheduler_info()["workers"].items()}
            busy = [names[a] for a, keys in c.processing().items()
                    if a in names and any(str(k).startswith("coveragekit-chunk") for k in keys)]
            victim.extend(busy[:1])
            return bool(busy)

        _wait(a_worker_computes_a_chunk, "a worker to start a chunk", timeout=120)
        assert run.poll() is None  # the run is under way
        os.kill(cluster.procs[victim[0]].pid, signal.SIGKILL)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert cluster.procs[victim[0]].wait(timeout=10) == -signal.SIGKILL
    assert _tables(out) == local_run


def test_workers_with_other_rules_are_refused_in_one_line(cluster, tmp_path, capsys):
    # a worker with another copy of the kit's tables, whose speech verbs differ
    data = tmp_path / "other-data"
    shutil.copytree(ROOT / "data", data)
    verbs = data / "rules" / "speech_verbs.csv"
    verbs.write_text("".join(ln for ln in verbs.read_text("utf-8").splitlines(keepends=True)
                             if ln.strip() != "en,said"), "utf-8")
    cluster.add_worker("w0", env=dict(os.environ, COVERAGEKIT_DATA=str(data)))
    cluster.wait_for_workers(1)
    assert main(_analyze_args(tmp_path / "o", "--scheduler", cluster.address)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    # the rule tables differ; the kit's code is the same
    assert "computes the rule tables (data/rules, roles.csv) with other rules" in err[0]
    assert "Install the same coveragekit" in err[0]


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    # a port nothing listens on
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(_analyze_args(tmp_path / "o", "--scheduler", f"tcp://127.0.0.1:{port}")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err[0] and "dask scheduler" in err[0]


def test_a_local_cluster_of_two_workers_equals_the_local_engine(local_run, tmp_path):
    out = tmp_path / "dask"
    assert main(_analyze_args(out, "--workers", "2")) == 0
    assert _tables(out) == local_run
    assert json.loads((out / "summary.json").read_text())["engine"]["workers"] == 2


def test_engine_options_are_checked():
    with pytest.raises(OptionError, match="options of the dask engine"):
        engine_spec("local", workers=2)
    with pytest.raises(OptionError, match="not both"):
        engine_spec("dask", scheduler="tcp://127.0.0.1:8786", workers=2)
    assert engine_spec("dask", scheduler="127.0.0.1:8786").scheduler == "tcp://127.0.0.1:8786"
    assert engine_spec("dask").workers == 2


def test_the_local_engine_does_not_import_dask(tmp_path):
    code = ("import sys\nfrom coveragekit.cli import main\n"
            f"assert main(['analyze', {str(DEMO / '2025a-jan-mar.jsonl')!r}, '--out', {str(tmp_path / 'o')!r}, "
            "'--topics', '3', '--quiet']) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_workers_read_the_input_as_load_reads_it(cluster, tmp_path):
    """The input read by the workers in partitions (the demo files; a CSV cut in blocks,
    with a bad row, a repeated URL in two files and a wire story copied across partitions):
    the articles with their ids and duplicate marks, the rejection table and the per-file
    account are what load() gives, also when the copies are dropped."""
    from coveragekit import load
    from coveragekit.pipeline.engines import load_on_cluster

    body = ("The Navy said on Tuesday that the operation against the cartel boats would go on "
            "for weeks, and officials in Mexico City answered that cooperation was possible "
            "without any foreign troops on Mexican soil, as the president had said before. "
            "Analysts in Washington and in Monterrey said the next steps would depend on what "
            "the intelligence services shared in the coming days and on the talks of the ministers.")
    rows = ["date,outlet,title,text,url"]
    for i in range(30):  # every tenth row the same wire story (one word changed), one bad date
        text = body.replace("weeks", f"weeks{i % 3}") if i % 10 == 0 else f"Story number {i} about the border."
        date = "2025-02-31" if i == 7 else f"2025-03-{1 + i % 28:02d}"
        rows.append(f"{date},Wire {i % 4},Title {i},\"{text}\",https://example.org/{i}")
    (tmp_path / "wire.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (tmp_path / "again.csv").write_text("date,outlet,title,text,url\n"
                                        f"2025-03-09,Other,Same URL,\"{body}\",https://example.org/0\n", "utf-8")
    inputs = [tmp_path / "wire.csv", tmp_path / "again.csv", DEMO / "2025a-jan-mar.jsonl"]
    cluster.add_worker("w0")
    cluster.add_worker("w1")
    cluster.wait_for_workers(2)
    from coveragekit.pipeline.engines import engine_spec

    spec = engine_spec("dask", scheduler=cluster.address)
    try:
        for drop in (False, True):
            got = load_on_cluster(spec, inputs, now="2026-01-01", drop_duplicates=drop, block_bytes=600)
            want = load(inputs, now="2026-01-01", drop_duplicates=drop)
            assert spec.info["input_partitions"] > 3  # the CSV in several blocks
            pd.testing.assert_frame_equal(got.articles, want.articles)
            pd.testing.assert_frame_equal(got.rejected, want.rejected)
            pd.testing.assert_frame_equal(got.files, want.files)
            if not drop:  # the copies planted: rows 10 and 20 and again.csv copy row 0 (the earliest)
                csv = got.articles[got.articles["source"].str.contains(r"^(?:wire|again)\.csv:")]
                assert sorted(csv.loc[csv["is_duplicate"], "title"]) == ["Same URL", "Title 10", "Title 20"]
                # the URL seen again in the second file: its id numbered after the first
                assert csv.loc[csv["title"] == "Same URL", "article_id"].str.endswith("-2").all()
    finally:
        spec.close()
