"""Running a row-local computation over chunks of rows in worker processes.

Used where the work per article is independent of every other article (frame scoring,
actor mentions, quotes, the topic model's document-term matrix), so that splitting the
articles into chunks and putting the pieces back together in order gives exactly what one
call on all of them gives. Workers are forked (Linux): they inherit the data and any
compiled patterns, and only the chunk bounds and the results cross process boundaries.
Anywhere fork is unavailable, for small inputs, or when the workers fail, the chunks run
in this process, with the same result.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

__all__ = ["n_workers", "run_chunks"]

_TASKS: dict[int, object] = {}
_IDS = itertools.count()
_CHUNKS_PER_WORKER = 4


def n_workers() -> int:
    """Cores this process may use (``COVERAGEKIT_JOBS`` overrides; 1 turns workers off)."""
    env = os.environ.get("COVERAGEKIT_JOBS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _fork_context():
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _run(args):
    task, start, stop = args
    return _TASKS[task](start, stop)


def run_chunks(func, n: int, *, min_rows: int = 2000, workers: int | None = None) -> list:
    """``[func(start, stop) for each chunk of range(n)]``, in order.

    ``func(start, stop)`` must depend only on the rows ``start:stop``. The chunks run in
    forked worker processes when ``n >= min_rows`` and more than one core is available,
    else in this process. Inside a worker, nested calls run in the worker itself.
    """
    workers = n_workers() if workers is None else workers
    workers = min(workers, max(1, n // max(1, min_rows // 2)))
    ctx = _fork_context()
    if workers <= 1 or n < min_rows or ctx is None or multiprocessing.parent_process() is not None:
        return [func(0, n)] if n else []
    n_chunks = workers * _CHUNKS_PER_WORKER
    step = -(-n // n_chunks)
    bounds = [(s, min(n, s + step)) for s in range(0, n, step)]
    task = next(_IDS)
    _TASKS[task] = func
    # Objects that exist before the fork are left out of the workers' garbage collection:
    # otherwise every collection in every worker walks (and so copies) the parent's heap.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            return list(pool.map(_run, [(task, s, e) for s, e in bounds]))
    except (OSError, BrokenProcessPool) as exc:  # no /dev/shm, a worker killed, ...
        warnings.warn(f"running on one core: worker processes failed ({exc})", stacklevel=2)
        return [func(s, e) for s, e in bounds]
    finally:
        gc.unfreeze()
        _TASKS.pop(task, None)
