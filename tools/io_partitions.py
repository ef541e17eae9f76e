"""The input read as partitions against load(), on files you name: how many partitions,
the time to plan them, to read them one by one and to join them, beside load()'s time,
and whether the tables are the same (they must be).

    COVERAGEKIT_JOBS=1 python tools/io_partitions.py [--block-mb 4] FILE_OR_FOLDER...

e.g. on the bench corpora (python bench/generate.py --sizes 10k):
    COVERAGEKIT_JOBS=1 python tools/io_partitions.py build/bench/articles-10k.csv build/bench/articles-10k.jsonl
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

import coveragekit as ck
from coveragekit.io.partitions import join_partitions, plan_partitions, read_partition

NOW = "2026-01-01"  # the same reference for dates in the future in every read


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--block-mb", type=float, default=4.0)
    args = ap.parse_args(argv)
    fixture = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "io" / "bom.tsv"
    ck.load(fixture, mark_duplicates=False)  # warm-up: the language detector and the rule tables
    for path in args.paths:
        t = time.perf_counter()
        ref = ck.load(path, mark_duplicates=False, now=NOW)
        t_load = time.perf_counter() - t
        t = time.perf_counter()
        parts = plan_partitions(path, block_bytes=int(args.block_mb * 1024 * 1024))
        t_plan = time.perf_counter() - t
        t = time.perf_counter()
        reads = [read_partition(p, now=NOW) for p in parts]
        t_read = time.perf_counter() - t
        t = time.perf_counter()
        joined = join_partitions(reads)
        t_join = time.perf_counter() - t
        pd.testing.assert_frame_equal(joined.articles, ref.articles)
        pd.testing.assert_frame_equal(joined.rejected, ref.rejected)
        pd.testing.assert_frame_equal(joined.files, ref.files)
        print(f"{path}: {len(parts)} partitions, {len(ref.articles)} articles, {len(ref.rejected)} rejected; "
              f"load {t_load:.1f} s; plan {t_plan:.1f} s, read one by one {t_read:.1f} s, "
              f"join {t_join:.2f} s; tables equal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
