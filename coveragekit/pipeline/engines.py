"""Engines that run the per-article stages (:mod:`coveragekit.stages`) over chunks.

The **local** engine (the default) runs the chunks in this process or in forked worker
processes of this machine (:mod:`coveragekit._fast.pool`). The **dask** engine sends them to a
Dask cluster: an existing one (``scheduler="tcp://host:8786"``: ``dask scheduler`` and
``dask worker`` processes, a Kubernetes or HPC deployment) or a ``distributed.LocalCluster``
of ``workers`` processes on 127.0.0.1. An engine receives the stages' function and the
chunks and knows nothing of sentiment or quotes; since every stage depends on each article
alone, the pieces put back in order are the same on every engine, and so is every table.

Dask is imported only when the dask engine is asked for: the local engine's path never
imports it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pandas as pd

from .._fast.pool import start_chunks
from .._memory import release_free_memory
from ..clean.duplicates import marks_from_keys, partition_keys
from ..errors import OptionError
from ..io import Loaded
from ..io.partitions import (
    BLOCK_BYTES,
    PartitionRead,
    id_counts,
    id_offsets,
    join_partitions,
    number_partition,
    plan_partitions,
    read_partition,
    with_duplicate_marks,
)
from .stages import rules_of_every_stage

__all__ = ["DaskSession", "EngineSpec", "engine_spec", "gather", "load_on_cluster", "start_stage_chunks"]

ENGINES = ("local", "dask")


@dataclass
class EngineSpec:
    """Which engine runs the per-article stages, and where.

    ``name`` "local" or "dask"; for dask, ``scheduler`` the address of an existing cluster
    or ``workers`` the number of local worker processes (default 2). A dask spec holds the
    connection to its cluster once it is opened (:meth:`session`), so that reading the
    input and running the stages share one cluster; :meth:`close` ends it."""

    name: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    info: dict = field(default_factory=dict)  # filled by the run: workers, partitions
    _session: object = field(default=None, repr=False, compare=False)

    def session(self) -> DaskSession:
        """The open connection to the cluster (opened on first use)."""
        if self._session is None:
            self._session = DaskSession(self)
        return self._session

    @property
    def is_open(self) -> bool:
        return self._session is not None

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.close()


def engine_spec(engine="local", *, scheduler=None, workers=None) -> EngineSpec:
    """Check the engine options and return them as an :class:`EngineSpec`.

    Examples
    --------
    >>> engine_spec().name
    'local'
    >>> engine_spec("dask", workers=2).workers
    2
    >>> engine_spec("spark")
    Traceback (most recent call last):
    ...
    coveragekit.errors.OptionError: unknown engine 'spark'. Use local or dask.
    """
    if isinstance(engine, EngineSpec):
        return engine
    engine = (engine or "local").strip().lower()
    if engine not in ENGINES:
        raise OptionError(f"unknown engine '{engine}'", hint="use local or dask")
    if engine == "local":
        if scheduler or workers:
            raise OptionError("--scheduler and --workers are options of the dask engine",
                              hint="add --engine dask, or leave them out")
        return EngineSpec()
    if scheduler and workers:
        raise OptionError("give either --scheduler (an existing Dask cluster) or --workers (a local one), not both")
    if workers is not None and int(workers) < 1:
        raise OptionError(f"--workers {workers}: a cluster needs at least one worker")
    if scheduler and "://" not in str(scheduler):
        scheduler = f"tcp://{scheduler}"
    return EngineSpec("dask", scheduler=scheduler, workers=None if scheduler else int(workers or 2))


def load_on_cluster(spec: EngineSpec, paths, *, format=None, mapping=None, dayfirst=None, drop_duplicates=False,
                    now=None, sheet=None, date=None, mark_duplicates: bool = True,
                    block_bytes: int = BLOCK_BYTES) -> Loaded:
    """:func:`coveragekit.load` with the reading done by the cluster's workers.

    The inputs are cut into partitions (:func:`coveragekit.io.partitions.plan_partitions`:
    a file, or a block of a large CSV/TSV or JSON Lines file); each worker reads its
    partitions with the kit's readers, numbers their ids from the counts of the
    partitions before them and computes their duplicate keys (the MinHash signatures: the
    costly part of the duplicate check); this process joins the partitions in order and
    marks the duplicates from all the keys. The result, rejection table and per-file
    account included, is what :func:`coveragekit.load` gives (tested on a real cluster).
    The load cache of a local run (``--cache``) is not used on this path."""
    client = spec.session().client
    now = pd.Timestamp.now(tz="UTC") if now is None else now  # one "now" for every partition
    options = {"mapping": mapping, "dayfirst": dayfirst, "now": now, "sheet": sheet, "date": date}
    parts = plan_partitions(paths, format=format, block_bytes=block_bytes, **options)
    run = uuid.uuid4().hex
    keys = [f"coveragekit-read-{i}-{run}" for i in range(len(parts))]
    reads = client.map(read_partition, parts, key=keys, pure=False, retries=2, **options)
    try:
        offsets = id_offsets(gather(client, client.map(id_counts, reads, key=[f"{k}-ids" for k in keys])))
        dup_keys = client.map(_duplicate_keys, reads, offsets, key=[f"{k}-dups" for k in keys]) if mark_duplicates else []
        loaded = join_partitions(gather(client, reads))
        if not mark_duplicates or len(loaded.articles) == 0:
            return loaded
        marks = marks_from_keys(gather(client, dup_keys))
    finally:
        client.cancel(reads + dup_keys)
        # the partitions are here now: the workers give the memory they held back to the system
        client.run(release_free_memory)
    spec.info.update(input_partitions=len(parts))
    return with_duplicate_marks(loaded, marks, drop_duplicates=drop_duplicates)


def _duplicate_keys(read: PartitionRead, earlier: dict):
    """A partition's duplicate keys, under the ids the whole input gives its articles."""
    return partition_keys(read.articles.assign(article_id=number_partition(read, earlier)["article_id"]))


def start_stage_chunks(spec: EngineSpec, func, articles, ctx, which, *, chunk_rows: int, min_rows: int):
    """Start ``func(articles[a:b], ctx, which)`` for each chunk of the articles on the engine.

    Returns a pending result with ``result()`` (the chunks' results, in order) and
    ``cancel()``."""
    n = len(articles) if which else 0
    if spec.name == "local":
        return start_chunks(lambda a, b: func(articles.iloc[a:b], ctx, which), n,
                            chunk_rows=chunk_rows, min_rows=min_rows)
    return _DaskChunks(spec, func, articles, ctx, which, n, chunk_rows)


class _DaskChunks:
    """The chunks as tasks of a Dask cluster; the context is sent to every worker once."""

    def __init__(self, spec, func, articles, ctx, which, n, chunk_rows):
        self._client = spec.session().client
        self._futures = []
        if n == 0:
            return
        step = max(1, chunk_rows)
        bounds = [(a, min(n, a + step)) for a in range(0, n, step)]
        try:
            # the context as a task of its own, not scattered data: a worker lost mid-run
            # takes its copy with it, and the scheduler can make it again
            run = uuid.uuid4().hex  # task keys of this run only (names, not results: never seeded)
            ctx_future = self._client.submit(_identity, ctx, key=f"coveragekit-context-{run}", pure=False)
            for i, (a, b) in enumerate(bounds):
                # each chunk is its own task (pure: a worker lost mid-run has its chunks
                # computed again elsewhere, with the same result)
                self._futures.append(self._client.submit(
                    func, articles.iloc[a:b], ctx_future, frozenset(which),
                    key=f"coveragekit-chunk-{i}-{a}-{b}-{run}", pure=False, retries=2))
        except BaseException:
            self.cancel()
            raise
        spec.info.update(partitions=len(bounds))

    def result(self) -> list:
        try:
            return gather(self._client, self._futures) if self._futures else []
        finally:
            self.cancel()

    def cancel(self) -> None:
        futures, self._futures = self._futures, []
        if futures:
            self._client.cancel(futures)


class DaskSession:
    """A client of the cluster of a :class:`EngineSpec`: an existing cluster (its
    scheduler's address) or a ``distributed.LocalCluster`` started here; checked once,
    when opened, for workers that compute the stages with the rules of this process."""

    def __init__(self, spec: EngineSpec):
        try:
            from distributed import (  # (the dask extra: imported only for this engine)
                Client,
                LocalCluster,
            )
        except ImportError:
            raise OptionError("the dask engine needs Dask's distributed scheduler",
                              hint="pip install 'coveragekit[dask]'") from None
        self.cluster = None
        if spec.scheduler:
            try:
                self.client = Client(spec.scheduler, timeout="10s", set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise OptionError(f"cannot reach the Dask scheduler at {spec.scheduler} ({_first_line(exc)})",
                                  hint="start one with `dask scheduler` (and workers with `dask worker ADDRESS`) "
                                       "or check the address and port") from None
        else:
            self.cluster = LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None, silence_logs=50)
            self.client = Client(self.cluster, set_as_default=False)
        try:
            n = len(self.client.scheduler_info().get("workers", {}))
            if n == 0:
                raise OptionError(f"the Dask scheduler at {spec.scheduler} has no workers",
                                  hint="start workers with `dask worker ADDRESS` (each with coveragekit installed)")
            spec.info.update(workers=n)
            _check_workers(self.client)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            client.close()
        cluster, self.cluster = self.cluster, None
        if cluster is not None:
            cluster.close()


def _check_workers(client) -> None:
    """Every worker must compute the stages as this process does: the same rules (the
    kit's code, lexicons and library versions) or its rows would differ."""
    here = rules_of_every_stage()
    try:
        theirs = client.run(rules_of_every_stage)
    except (ImportError, AttributeError) as exc:
        raise OptionError(f"a Dask worker cannot run coveragekit ({_first_line(exc)})",
                          hint="install the same coveragekit (pip install coveragekit) on every worker") from None
    for worker, rules in sorted(theirs.items()):
        differ = sorted(name for name in here if rules.get(name) != here[name])
        if differ:
            raise OptionError(f"the Dask worker {worker} computes {', '.join(differ)} with other rules "
                              "(another coveragekit version, data table or library)",
                              hint="install the same coveragekit and dependencies on every worker")


def gather(client, futures) -> list:
    """The results of ``futures``, a worker's death or a missing library as one line."""
    from distributed import KilledWorker  # (the dask extra: imported only for this engine)

    try:
        return client.gather(futures)
    except KilledWorker as exc:
        raise OptionError(f"a Dask worker died while computing {exc.task} (often: out of memory)",
                          hint="give the workers more memory (dask worker --memory-limit) or more workers") from None
    except (ImportError, AttributeError) as exc:
        raise OptionError(f"a Dask worker cannot run coveragekit ({_first_line(exc)})",
                          hint="install the same coveragekit (pip install coveragekit) on every worker") from None


def _identity(x):
    return x


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
