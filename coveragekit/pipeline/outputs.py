"""Writing a run's tables: :func:`analyze` runs the analysis and writes every table of the
registry (``stages.TABLES``) into a folder, the tables that are final early (the articles,
mentions, quotes, frames, actor sentiment) by worker processes while the stages across
articles go on. Each file is written atomically, with the user's umask, and the folder's
manifest (:mod:`coveragekit.outdir`) guards files the kit did not write.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .. import output
from .._fast.pool import start_chunks
from .._memory import release_free_memory
from ..errors import OptionError
from ..io import as_loaded
from ..outdir import claim, owned, record
from .run import Analysis, Options, execute
from .stages import TABLES

__all__ = ["OUTPUT_FILES", "analyze", "write_outputs"]

# From this many rows in all, the output tables are written by worker processes.
_WRITE_WORKERS_FROM = 200_000

# The long tables also as Parquet datasets: a folder per table (OUT/parquet/articles/ ...),
# parts of at most PARQUET_ROWS rows, read whole by pandas (pd.read_parquet(folder)), Dask
# (dd.read_parquet) or DuckDB (read_parquet('OUT/parquet/mentions/*.parquet')).
PARQUET_TABLES = ("articles", "mentions", "quotes", "frames")
PARQUET_ROWS = 250_000


# Every file analyze() may write into the output folder (the report adds report.html):
# what the output folder's manifest guards (coveragekit.outdir).
OUTPUT_FILES = tuple(t.file for t in TABLES) + ("summary.json",)
# ... and, with parquet=True, the Parquet parts (the first of each table guards the folder)
PARQUET_FIRST_PARTS = tuple(f"parquet/{name}/part-00000.parquet" for name in PARQUET_TABLES)


def _output_tables(result: Analysis) -> dict:
    """The tables :func:`write_outputs` writes (``stages.TABLES``), by file name,
    in their order."""
    return {t.file: functools.partial(lambda t: t.select(getattr(result, t.field)), t) for t in TABLES
            if not (t.optional and getattr(result, t.field) is None)}


def _start_writing(tables: dict, out: Path):
    """Write the tables the analysis has just finished (the articles, mentions, quotes,
    frames, actor sentiment) in worker processes while the analysis goes on (here, when
    there are no workers), into temporary files that :func:`write_outputs` puts in place
    with the others: a run that fails later leaves the previous outputs as they were.
    Returns the pending writes."""
    items = [(t.select(tables[t.field]), t.file) for t in TABLES if t.early]
    items.sort(key=lambda item: -item[0].size)  # the largest first (the articles, then the mentions)
    rows = sum(len(df) for df, _ in items)
    _prepare_out(out)

    def write(a, b):
        return {name: output.write_temp(out / name, output.table_bytes(df, out / name)) for df, name in items[a:b]}

    if rows < _WRITE_WORKERS_FROM:  # small: written here, when the result is asked for
        return start_chunks(write, len(items), chunk_rows=1, min_rows=1, workers=1)
    # one worker process writes them all while this process computes the stages across
    # articles: a second writer would hold its own copy of the pages it formats (measured
    # at 100k: 4.07 GB over main + two writers, against the 4 GB goal), and the writing is
    # done long before the time series are
    return start_chunks(lambda a, b: write(0, len(items)), 1, chunk_rows=1, min_rows=1)


def _drop_started(started, out: Path) -> None:
    """A failed run: stop the early writes and delete what they wrote."""
    started.cancel()
    _drop_temporary_files(out)


def _drop_temporary_files(out: Path) -> None:
    """Delete temporary files of output tables (from a failed run, or one that was
    killed before it could put its tables in place)."""
    if out.is_dir():
        for tmp in out.glob(".*.csv.*.tmp"):
            output.discard(tmp)


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OptionError(f"cannot create the output folder {out}: {exc.strerror or exc}",
                          hint="name a folder you can write to") from None


def write_outputs(result: Analysis, out) -> list[Path]:
    """Write the tables of ``result`` into the folder ``out`` (each file atomically), and
    ``summary.json``; returns the paths written.

    Examples
    --------
    >>> import tempfile
    >>> from coveragekit.pipeline.run import run_analysis
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": ["2025-02-20", "2025-03-04", "2025-03-05"],
    ...                    "outlet": ["Wire", "Diario", "Wire"],
    ...                    "title": ["US designates cartels as terrorist organizations",
    ...                              "Sheinbaum: cooperación sí, invasión no", "Hegseth says strikes will go on"],
    ...                    "text": ["The State Department said the cartels were designated.",
    ...                             "La presidenta dijo que no habrá invasión.",
    ...                             "The Pentagon said the strikes would go on."]})
    >>> [p.name for p in write_outputs(run_analysis(df), tempfile.mkdtemp())][:3]
    ['articles.csv', 'mentions.csv', 'quotes.csv']
    """
    return _write_outputs(result, Path(out))


def _write_outputs(result: Analysis, out: Path, *, started=None) -> list[Path]:
    """:func:`write_outputs`; ``started``: the pending writes of tables already being
    written (from :func:`_start_writing`), waited for here."""
    out = Path(out)
    _prepare_out(out)
    tables = _output_tables(result)
    temps = {}
    try:
        if started is not None:  # written meanwhile by a worker, not yet in place
            temps = {name: tmp for part in started.result() for name, tmp in part.items()}
        # a long table (the articles) is formatted in pieces by worker processes
        for name, make in tables.items():
            if name not in temps:
                temps[name] = output.write_temp(out / name, output.table_bytes(make(), out / name))
    except BaseException:  # every temporary table file goes, written here or early
        if started is not None:
            started.cancel()
        _drop_temporary_files(out)
        raise
    written = []
    for name in tables:  # every table is complete: each put in place
        os.replace(temps[name], out / name)
        written.append(out / name)
    _drop_temporary_files(out)  # any left by an early writer that failed (its tables were written again)
    written.append(output.write_json(result.summary, out / "summary.json"))
    if "topic_choice.csv" not in tables and "topic_choice.csv" in owned(out):
        (out / "topic_choice.csv").unlink(missing_ok=True)  # an earlier run's, for topics not fitted now
    record(out, [p.name for p in written])
    return written


def parquet_parts(result: Analysis) -> dict:
    """The Parquet parts of the long tables (:data:`PARQUET_TABLES`, the columns of their
    CSV files), by path within the output folder: ``parquet/<table>/part-NNNNN.parquet``,
    at most :data:`PARQUET_ROWS` rows each, in the order of the CSV file."""
    parts = {}
    for t in TABLES:
        if t.field not in PARQUET_TABLES:
            continue
        df = t.select(getattr(result, t.field)).reset_index(drop=True)
        for i, a in enumerate(range(0, max(len(df), 1), PARQUET_ROWS)):
            parts[f"parquet/{t.field}/part-{i:05d}.parquet"] = df.iloc[a:a + PARQUET_ROWS]
    return parts


def _write_parquet(result: Analysis, out: Path) -> list[Path]:
    """Write the Parquet datasets (atomically, part by part); parts an earlier run wrote
    beyond this run's last part are deleted, so each folder holds this run's table."""
    parts = parquet_parts(result)
    written = []
    for name, df in parts.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        written.append(output.atomic_write_bytes(out / name, output.parquet_bytes(df)))
    for old in sorted(owned(out)):
        if old.startswith("parquet/") and old not in parts:
            (out / old).unlink(missing_ok=True)
    return written


def analyze(loaded, *, out, cache: bool = False, force: bool = False, parquet: bool | None = None,
            **options) -> Analysis:
    """Run :func:`coveragekit.run_analysis` (``options`` are its keywords) and write its
    tables into the folder ``out``.

    With ``cache=True`` the per-article cache lives in ``out/.coveragekit-cache``. Files in
    ``out`` that the kit did not write are never replaced unless ``force=True``
    (:mod:`coveragekit.outdir`): the run stops first, naming them. ``parquet=True`` also
    writes the long tables as Parquet datasets (:func:`parquet_parts`); the default is to
    write them with the dask engine only.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": ["2025-02-20", "2025-03-04", "2025-03-05"],
    ...                    "outlet": ["Wire", "Diario", "Wire"],
    ...                    "title": ["US designates cartels as terrorist organizations",
    ...                              "Sheinbaum: cooperación sí, invasión no", "Hegseth says strikes will go on"],
    ...                    "text": ["The State Department said the cartels were designated.",
    ...                             "La presidenta dijo que no habrá invasión.",
    ...                             "The Pentagon said the strikes would go on."]})
    >>> out = tempfile.mkdtemp()
    >>> result = analyze(df, out=out)
    >>> sorted(os.listdir(out))[1:4]
    ['actor_sentiment.csv', 'articles.csv', 'cooccurrence.csv']
    """
    loaded = as_loaded(loaded, verb="analyze()")
    if parquet is None:
        engine = options.get("engine", "local")
        parquet = getattr(engine, "name", engine) == "dask"
    claim(Path(out), OUTPUT_FILES + (PARQUET_FIRST_PARTS if parquet else ()), force=force)
    try:
        return _analyze(loaded, out=Path(out), cache=cache, parquet=parquet, **options)
    except BaseException:
        if hasattr(loaded, "cancel_marks"):  # duplicate marks still being computed: not needed now
            loaded.cancel_marks()
        raise


def _analyze(loaded, *, out: Path, cache: bool, parquet: bool, **options) -> Analysis:
    if out.exists() and not out.is_dir():
        raise OptionError(f"--out {out} is a file, not a folder", hint="name a folder for the outputs")
    cache_dir = out / ".coveragekit-cache" if cache else None
    if len(loaded.articles) == 0:
        output.write_table(loaded.rejected, out / "rejected.csv")
        output.write_table(loaded.files, out / "files.csv")
        record(out, ["rejected.csv", "files.csv"])
        top = loaded.rejected["reason"].value_counts()
        why = f" (most common reason: {top.index[0]})" if len(top) else ""
        raise OptionError(f"no articles were loaded, so there is nothing to analyse{why}",
                           hint=f"every rejected record and its reason is in {out / 'rejected.csv'}")
    _drop_temporary_files(out)  # left by a run that was killed
    started = []

    def tables_ready(tables):  # written by a worker while the analysis goes on
        started.append(_start_writing(tables, out))

    try:
        result = execute(loaded, Options.of(**options), cache_dir=cache_dir, tables_ready=tables_ready)
    except BaseException:
        for pending in started:
            _drop_started(pending, out)
        raise
    release_free_memory()
    if options.get("progress"):
        options["progress"]("writing outputs")
    _write_outputs(result, out, started=started[0] if started else None)
    if parquet:
        record(out, [p.relative_to(out).as_posix() for p in _write_parquet(result, out)])
    return result
