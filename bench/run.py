"""make bench: coveragekit at the scale of a Media Cloud or GDELT pull.

Runs each comparison side by side in one process (the end-to-end runs in subprocesses,
as a journalist runs them) on the corpora of bench/generate.py, prints one table and
writes it to build/bench/results.md.

Run:  python bench/run.py [--quick] [--sizes 1k,10k,30k,100k] [--only SECTIONS]
                          [--throughput-n N] [--sentiment-n N]

  --quick          1k and 10k only (a few minutes)
  --sizes          corpus sizes; the largest is used for loading, near-duplicates and
                   throughput, every size for the end-to-end runs
  --only           comma-separated subset of: load,dedup,sentiment,verbs,e2e,incremental,spanish
                   (spanish: bench/bench_spanish.py, the Spanish instrument on the validation pairs)
  --throughput-n   articles for the per-verb throughput (default: the whole largest
                   corpus; 2,000 with --quick)
  --sentiment-n    English texts for the sentiment comparison (default 10,000; 2,000
                   with --quick)

Not a test: timings depend on the machine and on what else runs on it (the load average
is printed with the table).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np
import pandas as pd
from generate import OUT, ensure_corpora, parse_size, size_label

GOALS = {
    "dedup_s": 60.0, "precision": 0.95, "recall": 0.95, "sentiment_speedup": 6.0, "sentiment_diff": 1e-12,
    "e2e_s": 300.0, "e2e_gb": 4.0, "scaling": 12.0, "incremental": 0.10, "dask_overhead": 1.3,
}
SECTIONS = ["load", "dedup", "sentiment", "verbs", "e2e", "incremental", "engines", "fault", "spanish"]


# ------------------------------------------------------------------------------ helpers
class Table:
    """Rows of the results table: area, measure, figure, goal, met."""

    def __init__(self):
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.notes: list[str] = []

    def add(self, area, measure, figure, goal="", met=None):
        mark = "" if met is None else ("yes" if met else "**NO**")
        self.rows.append((area, measure, figure, goal, mark))
        print(f"  {area:<14} {measure:<58} {figure:<28} {goal:<12} {mark}", flush=True)

    def markdown(self) -> str:
        out = ["| area | measure | figure | goal | met |", "| --- | --- | --- | --- | --- |"]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)


def timed(func):
    t0 = time.perf_counter()
    result = func()
    return result, time.perf_counter() - t0


def fmt_rate(n, seconds):
    return f"{n / seconds:,.0f}/s" if seconds > 0 else "n/a"


def pairs_in_groups(labels: pd.Series) -> int:
    vc = labels[labels != ""].value_counts()
    return int((vc * (vc - 1) // 2).sum())


def pairwise_precision_recall(found: pd.Series, truth: pd.Series) -> tuple[float, float, int, int]:
    """Precision and recall over same-cluster pairs (found clusters vs planted clusters)."""
    found = found.astype(str).reset_index(drop=True)
    truth = truth.astype(str).reset_index(drop=True)
    pred, true = pairs_in_groups(found), pairs_in_groups(truth)
    both = (found != "") & (truth != "")
    inter = pairs_in_groups(found[both] + "\x1f" + truth[both])
    precision = inter / pred if pred else 1.0
    recall = inter / true if true else 1.0
    return precision, recall, pred, true


# ----------------------------------------------------------------------------- sections
def bench_load(table: Table, paths: dict, big: int):
    import coveragekit as ck

    readers = {
        "csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
        "jsonl": lambda p: pd.read_json(p, lines=True, dtype=False),
        "parquet": pd.read_parquet,
    }
    kept = None
    for fmt in ("csv", "jsonl", "parquet"):
        path = paths[(big, fmt)]
        plain, t_pd = timed(lambda fmt=fmt, path=path: readers[fmt](path))
        n_plain = len(plain)
        del plain
        loaded, t_kit = timed(lambda path=path: ck.load(path, mark_duplicates=False))
        n = len(loaded.articles)
        ok = n == n_plain and len(loaded.rejected) == 0
        table.add("loading", f"{size_label(big)} {fmt}: coveragekit.load (no dedup) vs pandas",
                  f"{fmt_rate(n, t_kit)} vs {fmt_rate(n_plain, t_pd)} ({t_kit / t_pd:.1f}x the time)",
                  "", None if ok else False)
        if not ok:
            table.notes.append(f"loading {fmt}: {n} articles loaded, {len(loaded.rejected)} rejected, "
                               f"pandas read {n_plain} rows")
        if fmt == "parquet":
            kept = loaded.articles
        del loaded
    return kept


def bench_dedup(table: Table, articles: pd.DataFrame):
    from coveragekit.clean import mark_duplicates

    n = len(articles)
    marked, t = timed(lambda: mark_duplicates(articles))
    p, r, pred, true = pairwise_precision_recall(marked["dup_cluster"], marked["planted_cluster"])
    goal_t = GOALS["dedup_s"] if n >= 100_000 else None
    table.add("near-dups", f"mark_duplicates on {n:,} articles: wall time", f"{t:.1f} s ({fmt_rate(n, t)})",
              f"<= {GOALS['dedup_s']:.0f} s" if goal_t else "", (t <= goal_t) if goal_t else None)
    table.add("near-dups", f"pairwise precision ({pred:,} pairs found)", f"{p:.4f}", f">= {GOALS['precision']}",
              p >= GOALS["precision"])
    table.add("near-dups", f"pairwise recall ({true:,} planted pairs)", f"{r:.4f}", f">= {GOALS['recall']}",
              r >= GOALS["recall"])


def bench_sentiment(table: Table, articles: pd.DataFrame, n_texts: int):
    try:
        from coveragekit.sentiment import add_sentiment
    except ImportError:
        table.add("sentiment", "coveragekit.sentiment", "module missing: skipped")
        return
    from textblob import TextBlob

    en = articles[(articles["lang"] == "en") & (articles["text"] != "")].head(n_texts)
    texts = en["text"].astype(str).tolist()
    df = pd.DataFrame({"article_id": en["article_id"].astype(str).to_numpy(), "lang": "en", "title": "",
                       "text": texts})
    _ = TextBlob("A warm-up sentence, good and bad.").sentiment  # both load their lexicons first
    add_sentiment(df.head(1))
    plain, t_plain = timed(lambda: [TextBlob(t).sentiment for t in texts])
    kit, t_kit = timed(lambda: add_sentiment(df))
    d_pol = float(np.max(np.abs(kit["polarity"].to_numpy(dtype=float) - np.array([s.polarity for s in plain]))))
    d_sub = float(np.max(np.abs(kit["subjectivity"].to_numpy(dtype=float)
                                - np.array([s.subjectivity for s in plain]))))
    speed = t_plain / t_kit
    table.add("sentiment", f"add_sentiment vs TextBlob loop, {len(texts):,} English texts",
              f"{speed:.1f}x ({fmt_rate(len(texts), t_kit)} vs {fmt_rate(len(texts), t_plain)})",
              f">= {GOALS['sentiment_speedup']:.0f}x", speed >= GOALS["sentiment_speedup"])
    worst = max(d_pol, d_sub)
    table.add("sentiment", "max abs diff polarity / subjectivity", f"{d_pol:.1e} / {d_sub:.1e}",
              f"<= {GOALS['sentiment_diff']:.0e}", worst <= GOALS["sentiment_diff"])
    # VADER, the second opinion: the kit's one-pass analyser against vaderSentiment's own
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from coveragekit._fast.vader import WindowedAnalyzer

    some = texts[: max(1, len(texts) // 5)]
    plain_v, fast_v = SentimentIntensityAnalyzer(), WindowedAnalyzer()
    ref, t_ref = timed(lambda: [plain_v.polarity_scores(t) for t in some])
    got, t_got = timed(lambda: [fast_v.polarity_scores(t) for t in some])
    same = sum(a == b for a, b in zip(ref, got))
    table.add("sentiment", f"VADER in one pass vs vaderSentiment, {len(some):,} English texts, one core",
              f"{t_ref / t_got:.1f}x ({fmt_rate(len(some), t_got)} vs {fmt_rate(len(some), t_ref)}); "
              f"identical scores {same:,}/{len(some):,}", "identical", same == len(some))


def _naive_mentions(table_df: pd.DataFrame, texts: list[str]) -> int:
    """The plain way: one regex per alias, re.finditer over every article."""
    aliases = set()
    for actor, al in zip(table_df["actor"].astype(str), table_df.get("aliases", pd.Series([""] * len(table_df)))):
        aliases.add(actor)
        aliases.update(a.strip() for a in str(al).split("|") if a.strip())
    patterns = [re.compile(r"(?<!\w)" + re.escape(a) + r"(?!\w)", re.IGNORECASE) for a in sorted(aliases)]
    n = 0
    for t in texts:
        for rx in patterns:
            for _ in rx.finditer(t):
                n += 1
    return n


def bench_verbs(table: Table, articles: pd.DataFrame, n_rows: int, n_naive: int):
    sample = articles.head(n_rows)
    n = len(sample)
    label = f"{n:,} articles"
    try:
        from coveragekit.actors import ActorMatcher, default_actor_table, find_quotes, mention_spans
    except ImportError:
        table.add("actors", "coveragekit.actors", "module missing: skipped")
    else:
        actor_table = default_actor_table()
        matcher = ActorMatcher(actor_table)
        spans, t = timed(lambda: mention_spans(sample, actors=matcher))
        table.add("actors", f"mention_spans on {label} (title and text)", f"{fmt_rate(n, t)} ({len(spans):,} mentions)")
        small = articles.head(n_naive)
        texts = small["text"].astype(str).tolist()
        _, t_kit = timed(lambda: [matcher.find(x) for x in texts])
        _, t_naive = timed(lambda: _naive_mentions(actor_table, texts))
        table.add("actors", f"ActorMatcher vs re.finditer per alias, {len(texts):,} texts",
                  f"{t_naive / t_kit:.1f}x faster ({fmt_rate(len(texts), t_kit)} vs {fmt_rate(len(texts), t_naive)})")
        quotes, t = timed(lambda: find_quotes(sample, actors=matcher))
        table.add("quotes", f"find_quotes on {label}", f"{fmt_rate(n, t)} ({len(quotes):,} quotes)")
    try:
        from coveragekit.frames import FrameScorer, score_frames
    except ImportError:
        table.add("frames", "coveragekit.frames", "module missing: skipped")
    else:
        scorer = FrameScorer()
        scores, t = timed(lambda: score_frames(sample, lexicon=scorer))
        table.add("frames", f"score_frames on {label}", f"{fmt_rate(n, t)} ({len(scores):,} article-frame rows)")


def bench_spanish_section(table: Table):
    """bench/bench_spanish.py's figures as rows of the table."""
    import bench_spanish

    for measure, figure, goal, met in bench_spanish.rows(bench_spanish.measure()):
        table.add("spanish", measure.strip(), figure, goal, None if met == "" else met == "yes")


# ------------------------------------------------------------------------- end to end
def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


_REFERENCE: list[float] = []  # the reference workload's time at the start of the benchmark


def rest(limit: float = 90.0) -> tuple[float, float]:
    """Before an end-to-end run: wait (at most ``limit`` seconds) until the reference
    workload runs within 20% of its time at the start of the benchmark. This machine
    slows down under minutes of sustained load on both cores (the reference workload
    took 57-63 ms at the start of runs and 104-125 ms at their end), which weighed on
    whichever run came last; the rest gives each run a machine in the same state.
    Returns (seconds waited, the reference workload's time in ms when the run starts)."""
    now = pace()
    if not _REFERENCE:
        return 0.0, now
    waited = 0.0
    while now > 1.2 * _REFERENCE[0] and waited < limit:
        time.sleep(15)
        waited += 15
        now = pace()
    return waited, now


def run_analyze(inputs: list[Path], out: Path, *, extra=(), fresh=True) -> dict:
    """``coveragekit analyze`` in a subprocess: wall time, peak RSS of the analyze process,
    peak proportional memory of its process tree (sampled), time per step.

    The peak RSS comes from GNU time (``%M``), which starts the run from its own small
    process: Linux carries a process's peak RSS over fork and exec, so a child started
    straight from this (large) benchmark process would report this process's size.
    """
    if fresh and out.exists():
        shutil.rmtree(out)
    rested, pace_ms = rest()
    cmd = [sys.executable, "-m", "coveragekit", "analyze", *map(str, inputs), "--out", str(out), "--topics", "10",
           "--cache", "--verbose", *extra]
    rss_file = out.parent / f".{out.name}.maxrss"
    if TIME:
        cmd = [TIME, "-f", "%M", "-o", str(rss_file), *cmd]
    env = dict(os.environ, PYTHONHASHSEED="0")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    steps: list[tuple[str, float]] = [("start-up (imports)", 0.0)]
    err_lines: list[str] = []
    peak = {"pss": 0}
    done = threading.Event()

    def read_err():
        for line in proc.stderr:
            m = re.match(r"coveragekit: (.+)\.\.\.$", line.strip())
            if m:
                steps.append((m.group(1), time.perf_counter() - t0))
            else:
                err_lines.append(line)

    def sample():
        while not done.wait(0.5):
            peak["pss"] = max(peak["pss"], sum(_pss_kb(p) for p in _tree(proc.pid)))

    reader = threading.Thread(target=read_err, daemon=True)
    sampler = threading.Thread(target=sample, daemon=True)
    reader.start()
    sampler.start()
    stdout = proc.stdout.read()
    proc.wait()
    wall = time.perf_counter() - t0
    done.set()
    reader.join(5)
    sampler.join(5)
    try:
        rss_gb = int(rss_file.read_text().split()[-1]) / 1024**2
        rss_file.unlink()
    except (OSError, ValueError, IndexError):
        rss_gb = float("nan")
    steps.append(("end", None))
    times = {}
    for (name, start), (_, stop) in itertools.pairwise(steps):
        times[name] = (stop if stop is not None else wall) - start
    summary = {}
    try:
        summary = json.loads((out / "summary.json").read_text("utf-8"))
    except (OSError, ValueError):
        pass
    return {"rested": rested, "pace": pace_ms, "wall": wall, "rss_gb": rss_gb, "pss_gb": peak["pss"] / 1024**2, "steps": times,
            "rc": proc.returncode, "stdout": stdout, "stderr": "".join(err_lines)[-2000:], "summary": summary}


def bench_e2e(table: Table, paths: dict, sizes: list[int], work: Path) -> dict:
    runs = {}
    for n in sizes:
        r = run_analyze([paths[(n, "csv")]], work / f"analyze-{size_label(n)}")
        runs[n] = r
        if r["rc"] != 0:
            table.add("end to end", f"coveragekit analyze {size_label(n)}", f"FAILED (exit {r['rc']})", "", False)
            table.notes.append(f"analyze {size_label(n)} failed:\n```\n{r['stderr'].strip()}\n```")
            continue
        big = n >= 100_000
        table.add("end to end", f"analyze {size_label(n)}: wall time", f"{r['wall']:.0f} s ({fmt_rate(n, r['wall'])})",
                  f"<= {GOALS['e2e_s']:.0f} s" if big else "", (r["wall"] <= GOALS["e2e_s"]) if big else None)
        table.add("end to end", f"analyze {size_label(n)}: peak RSS of the process / PSS of its workers too",
                  f"{r['rss_gb']:.2f} GB / {r['pss_gb']:.2f} GB", f"<= {GOALS['e2e_gb']:.0f} GB" if big else "",
                  (max(r["rss_gb"], r["pss_gb"]) <= GOALS["e2e_gb"]) if big else None)
    ok = {n: r for n, r in runs.items() if r["rc"] == 0}
    if 10_000 in ok and 100_000 in ok:
        ratio = ok[100_000]["wall"] / ok[10_000]["wall"]
        table.add("end to end", "time(100k) / time(10k)", f"{ratio:.1f}", f"<= {GOALS['scaling']:.0f}",
                  ratio <= GOALS["scaling"])
    elif len(ok) >= 2:
        a, b = sorted(ok)[-2:]
        table.add("end to end", f"time({size_label(b)}) / time({size_label(a)})",
                  f"{ok[b]['wall'] / ok[a]['wall']:.1f} (articles x{b / a:.0f})")
    return runs


def bench_incremental(table: Table, paths: dict, big: int, work: Path, first: dict | None):
    # the re-run goes into a copy of the first run's folder (its cache included), so that
    # the first run's tables stay for the sections after this one (engines, fault)
    base = work / f"analyze-{size_label(big)}"
    if first is None or first["rc"] != 0:
        first = run_analyze([paths[(big, "csv")]], base)
    out = work / f"analyze-{size_label(big)}-rerun"
    if out.exists():
        shutil.rmtree(out)
    if first["rc"] == 0:
        shutil.copytree(base, out)
    if first["rc"] != 0:
        table.add("incremental", "first run", f"FAILED (exit {first['rc']})", "", False)
        return None
    second = run_analyze([paths[(big, "csv")], paths[("new", "csv")]], out, extra=["--topics-mode", "reuse"],
                         fresh=False)
    if second["rc"] != 0:
        table.add("incremental", "re-run with 1% new articles", f"FAILED (exit {second['rc']})", "", False)
        table.notes.append(f"incremental re-run failed:\n```\n{second['stderr'].strip()}\n```")
        return second
    ratio = second["wall"] / first["wall"]
    stages = second["summary"].get("cache", {}).get("stages", {})
    hits = sum(v["hits"] for v in stages.values())
    misses = sum(v["misses"] for v in stages.values())
    table.add("incremental", f"{size_label(big)} + 1% new, --cache --topics-mode reuse: re-run / first run",
              f"{second['wall']:.0f} s / {first['wall']:.0f} s = {ratio:.1%}", f"<= {GOALS['incremental']:.0%}",
              ratio <= GOALS["incremental"])
    table.add("incremental", "cache on the re-run: results reused / computed", f"{hits:,} / {misses:,}")
    return second


def _same_tables(a: Path, b: Path) -> tuple[int, list[str]]:
    names = sorted(p.name for p in a.iterdir() if p.is_file() and p.suffix == ".csv")
    differ = [n for n in names if not (b / n).exists() or (a / n).read_bytes() != (b / n).read_bytes()]
    return len(names), differ


def bench_engines(table: Table, paths: dict, n: int, work: Path, local: dict | None) -> dict:
    """The dask engine on a LocalCluster of 2 workers against the local engine, the same
    corpus and settings (the topic sample included), one after the other in this run."""
    out_local = work / f"analyze-{size_label(n)}"
    if local is None or local["rc"] != 0:
        local = run_analyze([paths[(n, "csv")]], out_local)
    out_dask = work / f"analyze-{size_label(n)}-dask"
    dask = run_analyze([paths[(n, "csv")]], out_dask, extra=["--engine", "dask", "--workers", "2"])
    if local["rc"] != 0 or dask["rc"] != 0:
        table.add("engines", f"dask engine {size_label(n)}", "FAILED", "", False)
        table.notes.append(f"engines {size_label(n)} failed:\n```\n{(dask['stderr'] or local['stderr']).strip()}\n```")
        return dask
    ratio = dask["wall"] / local["wall"]
    table.add("engines", f"{size_label(n)}: dask (LocalCluster, 2 workers) / local engine",
              f"{dask['wall']:.0f} s / {local['wall']:.0f} s = {ratio:.2f}x", f"<= {GOALS['dask_overhead']:.1f}x",
              ratio <= GOALS["dask_overhead"])
    table.add("engines", f"{size_label(n)}: peak PSS over all processes, dask / local",
              f"{dask['pss_gb']:.2f} GB / {local['pss_gb']:.2f} GB")
    n_tables, differ = _same_tables(out_local, out_dask)
    table.add("engines", f"{size_label(n)}: tables byte-identical to the local engine's",
              f"{n_tables - len(differ)} / {n_tables}" + (f" (differ: {', '.join(differ)})" if differ else ""),
              "all", not differ)
    return dask


def step_table(runs: dict) -> str:
    """Where the time goes in each end-to-end run."""
    names = []
    for r in runs.values():
        for k in r["steps"]:
            if k not in names:
                names.append(k)
    head = "| step | " + " | ".join(runs) + " |"
    out = [head, "| --- |" + " --- |" * len(runs)]
    for k in names:
        out.append(f"| {k} | " + " | ".join(f"{r['steps'].get(k, float('nan')):.1f} s" for r in runs.values()) + " |")
    out.append("| total | " + " | ".join(f"{r['wall']:.1f} s" for r in runs.values()) + " |")
    out.append("| rest before the run / reference workload at its start | "
               + " | ".join(f"{r.get('rested', 0):.0f} s / {r.get('pace', float('nan')):.0f} ms" for r in runs.values())
               + " |")
    return "\n".join(out)


# ------------------------------------------------------------------------------- main
def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) / 1024**2:.0f} GB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.machine()}"


def pace() -> float:
    """Milliseconds of a fixed pure-Python workload (string, dict and list work, as in
    the per-article verbs) on one core, best of three: how fast this shared machine runs
    right now, so that runs on different days (or hours) can be compared."""
    words = ("the plan was announced by officials in Mexico City on Tuesday " * 40).split()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(1200):
            seen: dict[str, int] = {}
            for w in words:
                low = w.lower()
                seen[low] = seen.get(low, 0) + len(low)
            " ".join(sorted(seen)).split()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


class _Cluster:
    """A ``dask scheduler`` and worker processes (no nanny: a worker is the process itself,
    so it can be killed), on 127.0.0.1, as tests/test_pipeline_engines.py starts them."""

    def __init__(self, folder: Path, workers: int):
        dask = Path(sys.executable).with_name("dask")
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / "scheduler.json"
        file.unlink(missing_ok=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.procs = {"scheduler": subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
             str(file)], **quiet)}
        while not (file.exists() and file.stat().st_size > 0):
            time.sleep(0.1)
        self.address = json.loads(file.read_text())["address"]
        for i in range(workers):
            self.procs[f"w{i}"] = subprocess.Popen(
                [str(dask), "worker", self.address, "--name", f"w{i}", "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1"], cwd=folder, **quiet)
        with self.client() as c:
            c.wait_for_workers(workers, timeout=120)

    def client(self):
        from distributed import Client

        return Client(self.address, timeout="30s", set_as_default=False)

    def chunks(self) -> tuple[int, int]:
        """(chunks finished, chunks known) of the run under way."""
        def count(dask_scheduler):
            keys = [str(k) for k in dask_scheduler.tasks if str(k).startswith("coveragekit-chunk")]
            done = sum(dask_scheduler.tasks[k].state == "memory" for k in dask_scheduler.tasks
                       if str(k).startswith("coveragekit-chunk"))
            return done, len(keys)

        with self.client() as c:
            return c.run_on_scheduler(count)

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def bench_fault(table: Table, paths: dict, n: int, work: Path, local: dict | None, dask: dict | None) -> None:
    """A worker killed halfway: a cluster of a scheduler and two workers; when half of the
    per-article chunks are done, one worker is killed (SIGKILL, no nanny to restart it).
    The run must finish with the local engine's tables; the time it cost is measured
    against the undisturbed dask run of the engines section (a LocalCluster of two)."""
    out_local = work / f"analyze-{size_label(n)}"
    if local is None or local["rc"] != 0:
        local = run_analyze([paths[(n, "csv")]], out_local)
    cluster = _Cluster(work / "fault-cluster", 2)
    killed = {}

    def kill_halfway(stop: threading.Event):
        while not stop.wait(1.0):
            try:
                done, known = cluster.chunks()
            except OSError:
                continue
            if known and done >= known / 2:
                victim = cluster.procs["w1"]
                victim.send_signal(signal.SIGKILL)
                killed.update(at=time.perf_counter(), done=done, known=known)
                return

    stop = threading.Event()
    killer = threading.Thread(target=kill_halfway, args=(stop,), daemon=True)
    killer.start()
    try:
        out = work / f"analyze-{size_label(n)}-fault"
        r = run_analyze([paths[(n, "csv")]], out, extra=["--engine", "dask", "--scheduler", cluster.address])
    finally:
        stop.set()
        killer.join(5)
        cluster.close()
    if r["rc"] != 0:
        table.add("fault", f"{size_label(n)}: a worker killed halfway", f"FAILED (exit {r['rc']})", "completes", False)
        table.notes.append(f"fault {size_label(n)} failed:\n```\n{r['stderr'].strip()}\n```")
        return
    if not killed:
        table.add("fault", f"{size_label(n)}: a worker killed halfway", "the run ended before half of its chunks "
                  "were done: nothing killed", "", False)
        return
    n_tables, differ = _same_tables(out_local, out)
    table.add("fault", f"{size_label(n)}: one of two workers killed at {killed['done']}/{killed['known']} chunks: "
              "tables byte-identical to the local engine's",
              f"{n_tables - len(differ)} / {n_tables}" + (f" (differ: {', '.join(differ)})" if differ else ""),
              "all", not differ)
    base = dask["wall"] if dask is not None and dask.get("rc") == 0 else float("nan")
    table.add("fault", f"{size_label(n)}: time with the kill / undisturbed dask run (engines section)",
              f"{r['wall']:.0f} s / {base:.0f} s = {r['wall'] / base:.2f}x" if base == base else f"{r['wall']:.0f} s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1k and 10k only")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes (default 1k,10k,30k,100k)")
    ap.add_argument("--only", default=",".join(SECTIONS), help="sections: " + ",".join(SECTIONS))
    ap.add_argument("--throughput-n", type=int, default=None)
    ap.add_argument("--sentiment-n", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sizes = sorted({parse_size(s) for s in (args.sizes or ("1k,10k" if args.quick else "1k,10k,30k,100k")).split(",")})
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    big = max(sizes)
    e2e_sizes = [n for n in sizes if n >= 10_000] or sizes
    throughput_n = args.throughput_n or (min(big, 2_000) if args.quick else big)
    sentiment_n = args.sentiment_n or (2_000 if args.quick else 10_000)
    t_start = time.perf_counter()
    load_before = os.getloadavg()
    pace_before = pace()
    _REFERENCE.append(pace_before)

    print(f"coveragekit benchmark: sizes {', '.join(map(size_label, sizes))}; {machine()}", flush=True)
    paths = ensure_corpora(sizes, seed=args.seed)
    work = OUT / "runs"
    work.mkdir(parents=True, exist_ok=True)
    table = Table()
    runs = {}

    import coveragekit as ck

    articles = None
    if "load" in only:
        articles = bench_load(table, paths, big)
    if articles is None and ({"dedup", "sentiment", "verbs"} & only):
        articles = ck.load(paths[(big, "parquet")], mark_duplicates=False).articles
    if "dedup" in only:
        bench_dedup(table, articles)
    if "sentiment" in only:
        bench_sentiment(table, articles, sentiment_n)
    if "verbs" in only:
        bench_verbs(table, articles, throughput_n, 500 if args.quick else 2000)
    if "spanish" in only:
        bench_spanish_section(table)
    del articles
    from coveragekit._memory import release_free_memory

    release_free_memory()
    if "e2e" in only:
        runs = bench_e2e(table, paths, e2e_sizes, work)
    if "incremental" in only:
        second = bench_incremental(table, paths, big, work, runs.get(big))
        if second is not None and second["rc"] == 0:
            runs[f"{size_label(big)} + 1% (re-run)"] = second
    if "engines" in only:
        dask = bench_engines(table, paths, big, work, runs.get(big))
        if dask is not None and dask["rc"] == 0:
            runs[f"{size_label(big)} dask engine"] = dask
    if "fault" in only:
        bench_fault(table, paths, big, work, runs.get(big), runs.get(f"{size_label(big)} dask engine"))
    total = time.perf_counter() - t_start
    load_after = os.getloadavg()
    pace_after = pace()

    lines = [
        "# coveragekit benchmark",
        "",
        (f"Machine: {machine()}. Load average (1 min) {load_before[0]:.1f} at the start, {load_after[0]:.1f} at "
         f"the end: other work on the machine slows every figure. Corpora: bench/generate.py, seed {args.seed}, "
         f"sizes {', '.join(map(size_label, sizes))}. Benchmark wall time {total / 60:.1f} min. Reference "
         f"workload (bench/run.py's pace(): fixed pure-Python work on one core, lower is faster): "
         f"{pace_before:.0f} ms at the start, {pace_after:.0f} ms at the end; compare runs by it."),
        "",
        table.markdown(),
    ]
    if runs:
        named = {(size_label(k) if isinstance(k, int) else k): v for k, v in runs.items() if v["rc"] == 0}
        if named:
            lines += ["", "Where the time goes (`coveragekit analyze --verbose`, seconds per step):", "",
                      step_table(named)]
    if table.notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in table.notes]
    text = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(text, "utf-8")
    print()
    print(text)
    print(f"written: {(OUT / 'results.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
