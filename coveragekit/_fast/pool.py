"""Running a row-local computation over chunks of rows in worker processes.

Used where the work per article is independent of every other article (frame scoring,
actor mentions, quotes, the topic model's document-term matrix), so that splitting the
articles into chunks and putting the pieces back together in order gives exactly what one
call on all of them gives. Workers are forked (Linux): they inherit the data and any
compiled patterns, and only the chunk bounds and the results cross process boundaries.
Anywhere fork is unavailable, for small inputs, or when the workers fail, the chunks run
in this process, with the same result.

The plain reference is :func:`run_in_order`: the same chunks, one after another, in this
process. ``tests/test_fast_pool.py`` checks that the workers give what it gives.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

__all__ = ["n_workers", "run_chunks", "start_chunks", "run_in_order", "chunk_bounds", "one_process"]

_TASKS: dict[int, object] = {}
_IDS = itertools.count()
_CHUNKS_PER_WORKER = 4
_BACKGROUND: list = []  # pools started by start_chunks and not yet collected
_ONE_PROCESS = [0]  # > 0 while a caller has asked for no worker processes (one_process)


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


@contextlib.contextmanager
def one_process():
    """Within this block, :func:`run_chunks` runs every chunk in this process: for work that
    an engine has already spread (a chunk of articles computed by a worker process of this
    machine or of a Dask cluster, whose processes need not be children of a pool), so that
    no worker starts workers of its own.

    Examples
    --------
    >>> with one_process():
    ...     run_chunks(lambda a, b: list(range(a, b)), 5000, min_rows=1)
    [[0, 1, 2, 3, 4, ...]]
    """
    _ONE_PROCESS[0] += 1
    try:
        yield
    finally:
        _ONE_PROCESS[0] -= 1


def _in_this_process(workers: int, n: int, min_rows: int, ctx) -> bool:
    """True when chunks run here: one worker, a small input, no fork, inside a worker, or
    within :func:`one_process`."""
    return (workers <= 1 or n < min_rows or ctx is None or multiprocessing.parent_process() is not None
            or _ONE_PROCESS[0] > 0)


def _run(args):
    task, start, stop = args
    return _TASKS[task](start, stop)


def run_in_order(func, bounds) -> list:
    """``[func(start, stop) for start, stop in bounds]``: the chunks one after another in
    this process (the plain reference of :func:`run_chunks` and :func:`start_chunks`)."""
    return [func(start, stop) for start, stop in bounds]


def chunk_bounds(n: int, workers: int) -> list[tuple[int, int]]:
    """The chunks :func:`run_chunks` splits ``range(n)`` into for ``workers`` workers."""
    step = -(-n // (workers * _CHUNKS_PER_WORKER))
    return [(s, min(n, s + step)) for s in range(0, n, step)]


def run_chunks(func, n: int, *, min_rows: int = 2000, workers: int | None = None) -> list:
    """``[func(start, stop) for each chunk of range(n)]``, in order.

    ``func(start, stop)`` must depend only on the rows ``start:stop``. The chunks run in
    forked worker processes when ``n >= min_rows`` and more than one core is available,
    else in this process. Inside a worker, nested calls run in the worker itself.
    """
    workers = n_workers() if workers is None else workers
    workers = min(workers, max(1, n // max(1, min_rows // 2)))
    ctx = _fork_context()
    if _in_this_process(workers, n, min_rows, ctx) or any(p.holds_cores and p.running() for p in _BACKGROUND):
        return [func(0, n)] if n else []
    bounds = chunk_bounds(n, workers)
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
        return run_in_order(func, bounds)
    finally:
        gc.unfreeze()
        _TASKS.pop(task, None)


class Pending:
    """Chunks running in worker processes (from :func:`start_chunks`)."""

    def __init__(self, func, bounds, pool=None, futures=None):
        self._func, self._bounds, self._pool, self._futures = func, bounds, pool, futures
        self._task = None
        self.holds_cores = True

    def running(self) -> bool:
        """True while some chunk is still being computed by a worker."""
        return self._futures is not None and self._pool is not None and not all(f.done() for f in self._futures)

    def result(self) -> list:
        """``[func(start, stop) for each chunk]`` in order (computed here if no worker ran)."""
        if self._futures is None:
            return run_in_order(self._func, self._bounds)
        try:
            out = [f.result() for f in self._futures]
        except (OSError, BrokenProcessPool) as exc:
            warnings.warn(f"running on one core: worker processes failed ({exc})", stacklevel=2)
            self.cancel()
            return run_in_order(self._func, self._bounds)
        except BaseException:  # a chunk's own error: the others are not waited for
            self.cancel()
            raise
        self._close(cancel=False)
        return out

    def cancel(self) -> None:
        """Stop the workers (chunks not started are dropped); for a caller that failed."""
        if self._pool is not None:
            self._close(cancel=True)

    def _close(self, *, cancel: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            if cancel:  # a chunk already running is stopped, not waited for
                for proc in list((getattr(pool, "_processes", None) or {}).values()):
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=cancel)
        _TASKS.pop(self._task, None)
        if self in _BACKGROUND:
            _BACKGROUND.remove(self)


def start_chunks(func, n: int, *, chunk_rows: int = 1000, min_rows: int = 2000,
                 workers: int | None = None, holds_cores: bool = True) -> Pending:
    """Start ``func(start, stop)`` over chunks of ``chunk_rows`` rows of ``range(n)`` in
    worker processes and return at once; ``.result()`` gives the list of results, in
    order, as :func:`run_chunks` does.

    Meanwhile this process can do other work (the caller's single-core steps), and
    :func:`run_chunks` runs its chunks in this process rather than start more workers
    (unless ``holds_cores=False``: a job of one worker, such as writing files, leaves
    run_chunks its workers).
    Small chunks keep both workers busy to the end. Without workers (one core, small
    input, no fork), the chunks run in this process when ``.result()`` is called.
    """
    workers = n_workers() if workers is None else workers
    ctx = _fork_context()
    bounds = [(s, min(n, s + chunk_rows)) for s in range(0, n, max(1, chunk_rows))]
    if _in_this_process(workers, n, min_rows, ctx):
        return Pending(func, bounds)
    task = next(_IDS)
    _TASKS[task] = func
    gc.freeze()  # as in run_chunks; the workers are forked by the first submit
    try:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(bounds)), mp_context=ctx)
        futures = [pool.submit(_run, (task, s, e)) for s, e in bounds]
    except OSError as exc:
        warnings.warn(f"running on one core: worker processes failed ({exc})", stacklevel=2)
        _TASKS.pop(task, None)
        return Pending(func, bounds)
    finally:
        gc.unfreeze()
    pending = Pending(func, bounds, pool, futures)
    pending._task = task
    pending.holds_cores = holds_cores
    _BACKGROUND.append(pending)
    return pending
