"""Input read as partitions, for an engine that reads them in several processes or machines.

:func:`plan_partitions` cuts the inputs into small, picklable :class:`Partition`
descriptions: a whole file, or, for a large CSV/TSV or JSON Lines file, a byte range that
starts and ends on record boundaries (the header of a CSV file is read again from the
file's start by every block). :func:`read_partition` reads one with the kit's own readers
and gives its articles, its rejected records and its share of the files table; the
records keep the locators :func:`coveragekit.load` gives them (``file.csv:LINE``), so the
rejection table is the same, and for every file and overall records read = loaded +
rejected.

What looks across partitions is done by the caller: the duplicate marks (the normalised
URLs and text keys come with each partition for that), and the numbering of repeated ids.
An id that appears again (the same URL twice) is ``ID-2``, ``ID-3``... in reading order;
:func:`read_partition` leaves ids as read, each partition's :func:`id_counts` say how
often each id appears in it, :func:`id_offsets` turns those into the count of every id
in the partitions before each one, and :func:`number_partition` numbers a partition's
ids from there (:func:`coveragekit.io.number_ids`, the rule :func:`coveragekit.load`
applies). :func:`join_partitions` does all of this on one machine: the partitions of an
input, read one by one and joined, are what ``load(paths, mark_duplicates=False)`` gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError, OptionError
from ..schema import REJECTED_COLUMNS
from . import (
    FILE_COLUMNS,
    drop_duplicate_copies,
    dropped_per_file,
    with_marks,
    Input,
    Loaded,
    assemble_articles,
    combine_articles,
    files_table,
    number_ids,
    read_file,
    reading_options,
    resolve_inputs,
)
from ._base import Block, FileResult, encoding_label
from ._records import rows_to_frame, skipped_file
from .delimited import file_note, read_delimited, record_blocks
from .jsonfmt import line_blocks, read_json

__all__ = ["Partition", "PartitionRead", "plan_partitions", "read_partition", "id_counts", "id_offsets",
           "number_partition", "files_of", "join_partitions", "with_duplicate_marks"]

BLOCK_BYTES = 64 * 1024 * 1024  # a partition of a large file: about this many bytes
_SPLIT = {"csv": "csv", "mediacloud": "csv", "tsv": "tsv", "jsonl": "jsonl"}  # the formats read in blocks


@dataclass(frozen=True)
class Partition:
    """One piece of the input: a whole file, or a block of a large one.

    ``input`` is the file's position among the inputs (the blocks of a file share it),
    ``block`` its byte range and first line (None: the whole file), ``keys`` the field
    names of a JSON Lines file's records, ``skipped`` why a file of a folder is not read.
    """

    input: int
    path: str
    display: str
    fmt: str
    in_folder: bool
    block: Block | None = None
    keys: tuple | None = None
    skipped: str = ""


@dataclass
class PartitionRead:
    """What :func:`read_partition` gives.

    Attributes
    ----------
    articles : DataFrame
        The articles, as :func:`coveragekit.load` gives them without duplicate marks, but
        with ids as read (see :func:`number_partition`).
    rejected : DataFrame
        ``source, record, reason, raw``: the partition's rejected records.
    files : DataFrame
        The partition's share of the files table (a row per file, with ``input`` and, for
        a block, the counts its encoding label is made of); :func:`files_of` adds them up.
    url_keys, text_keys : list
        The articles' normalised URLs and text keys, for the duplicate marks.
    """

    articles: pd.DataFrame
    rejected: pd.DataFrame
    files: pd.DataFrame
    url_keys: list
    text_keys: list | None


def plan_partitions(paths, *, block_bytes: int = BLOCK_BYTES, format: str | None = None, mapping=None,
                    dayfirst=None, now=None, sheet=None, date=None) -> list[Partition]:
    """The partitions of the inputs, in reading order.

    Parameters
    ----------
    paths : path or list of paths
        Files and folders, as :func:`coveragekit.load` takes them.
    block_bytes : int
        CSV/TSV and JSON Lines files larger than this are cut into blocks of about this
        size (each ends on a record boundary: a CSV file is read once with the CSV parser,
        so a quoted field holding newlines is never cut). Other files are one partition.
    format, mapping, dayfirst, now, sheet, date
        As for :func:`coveragekit.load` (the mapping decides whether a file can be cut:
        one whose header lacks a date or text is read whole, and gives its error).

    Returns
    -------
    list of Partition

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "wire.csv").write_text(
    ...     "date,title\\n"
    ...     '2025-02-20,"Cartels designated\\nas terrorist organizations"\\n'
    ...     "2025-02-20,Mexico answers: no subordination\\n"
    ...     "2025-02-21,Sheinbaum proposes amendments\\n")
    >>> parts = plan_partitions(folder / "wire.csv", block_bytes=40)
    >>> [(p.display, p.block.first_line) for p in parts]
    [('wire.csv', 1), ('wire.csv', 4), ('wire.csv', 5)]
    >>> [read_partition(p).articles["source"].tolist() for p in parts]
    [['wire.csv:2'], ['wire.csv:4'], ['wire.csv:5']]
    """
    if isinstance(paths, pd.DataFrame):
        raise OptionError("plan_partitions() cuts files; a DataFrame is already in memory",
                          hint="read it with coveragekit.load(df)")
    options = reading_options(mapping=mapping, dayfirst=dayfirst, now=now, sheet=sheet, date=date)
    parts: list[Partition] = []
    for i, item in enumerate(resolve_inputs(paths, format=format)):
        if not isinstance(item, Input):  # a file of a folder that is not read
            parts.append(Partition(i, "", item.file, item.format, True, skipped=item.note))
            continue
        blocks, keys = _blocks(item, options=options, block_bytes=block_bytes)
        whole = len(blocks) == 1
        parts.extend(Partition(i, str(item.path), item.display, item.fmt, item.in_folder,
                               block=None if whole else b, keys=keys) for b in blocks)
    return parts


def _blocks(item: Input, *, options, block_bytes: int) -> tuple[list, tuple | None]:
    """The blocks of one file (one: read it whole) and, for JSON Lines, its field names."""
    kind = _SPLIT.get(item.fmt)
    if kind is None or item.path.stat().st_size <= block_bytes:
        return [None], None
    try:
        if kind == "jsonl":
            return line_blocks(item.path, display=item.display, options=options, block_bytes=block_bytes)
        return record_blocks(item.path, display=item.display, options=options, tsv=kind == "tsv",
                             block_bytes=block_bytes), None
    except InputError:  # the file's own error, given when it is read (whole)
        return [None], None


def read_partition(part: Partition, *, mapping=None, dayfirst=None, now=None, sheet=None,
                   date=None) -> PartitionRead:
    """Read one partition with the kit's readers (no duplicate marks: those look across
    partitions). Give every partition the same options, and the ``now`` of the run (the
    reference for dates in the future), and the partitions add up to :func:`coveragekit.load`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "wire.csv").write_text(
    ...     "date,title\\n2025-02-20,Cartels designated\\n2025-02-31,A bad date\\n2025-02-21,\\n")
    >>> got = read_partition(plan_partitions(folder / "wire.csv")[0])
    >>> got.articles["title"].tolist(), got.rejected["record"].tolist()
    (['Cartels designated'], ['wire.csv:3', 'wire.csv:4'])
    >>> got.files[["file", "n_read", "n_loaded", "n_rejected"]].values.tolist()
    [['wire.csv', 3, 1, 2]]
    """
    options = reading_options(mapping=mapping, dayfirst=dayfirst, now=now, sheet=sheet, date=date)
    if part.skipped:
        results = [_skipped(part)]
    elif part.block is None:
        results = read_file(Input(part.path, part.display, part.fmt, part.in_folder), options=options)
    else:
        results = [_read_block(part, options)]
    articles, url_keys, text_keys = assemble_articles(results)
    rejected = pd.DataFrame([rej.as_row() for r in results for rej in r.rejections],
                            columns=REJECTED_COLUMNS).astype("string")
    files = files_table(results)
    files.insert(0, "input", part.input)
    files["block"] = -1 if part.block is None else part.block.start
    for name in ("cp1252", "high_utf8", "bom", "nul"):
        files[name] = [int(r.counts.get(name, 0)) for r in results]
    return PartitionRead(articles, rejected, files, url_keys, text_keys)


def _skipped(part: Partition) -> FileResult:
    return skipped_file(part.display, part.skipped, fmt="" if part.fmt == "unknown" else part.fmt)


def _read_block(part: Partition, options) -> FileResult:
    if part.fmt == "jsonl":
        got = read_json(part.path, display=part.display, options=options, lines=True, block=part.block,
                        keys=part.keys)
    else:
        got = read_delimited(part.path, display=part.display, options=options, tsv=part.fmt == "tsv",
                             block=part.block)
    got.frame, got.rows = rows_to_frame(got.rows), []
    return got


def id_counts(read: PartitionRead) -> Counter:
    """How often each id (as read) appears in the partition."""
    return Counter(read.articles["article_id"].astype(str).tolist())


def id_offsets(counts: list) -> list[dict]:
    """For each partition (its :func:`id_counts`, in reading order): how often each of its
    ids appeared in the partitions before it (only the ids that did).

    >>> id_offsets([Counter(a=1, b=1), Counter(a=2), Counter(b=1, c=1)])
    [{}, {'a': 1}, {'b': 1}]
    """
    total: Counter = Counter()
    out = []
    for c in counts:
        out.append({k: total[k] for k in c if total[k]})
        total.update(c)
    return out


def number_partition(read: PartitionRead, earlier: dict) -> pd.DataFrame:
    """The partition's articles with their ids numbered as :func:`coveragekit.load` numbers
    them, ``earlier`` being the partition's :func:`id_offsets` (a new frame)."""
    ids = number_ids(read.articles["article_id"].astype(str).tolist(), earlier=earlier)
    return read.articles.assign(article_id=pd.array(ids, dtype="string"))


def files_of(shares: pd.DataFrame) -> pd.DataFrame:
    """The files table from the partitions' shares (concatenated in reading order): the
    rows of a file read in blocks added up, its encoding label and note made from the
    blocks' counts."""
    rows = []
    for _, share in shares.groupby("input", sort=False):
        if (share["block"] < 0).all():
            rows.extend(share[FILE_COLUMNS].to_dict("records"))
            continue
        first = share.iloc[0]
        n = {c: int(share[c].sum()) for c in ("n_read", "n_loaded", "n_rejected", "cp1252", "high_utf8", "nul")}
        note = file_note(n["n_read"], n["nul"]) if first["format"] != "jsonl" else (
            "" if n["n_read"] else "no records")
        rows.append({"file": first["file"], "format": first["format"],
                     "encoding": encoding_label(n["cp1252"], n["high_utf8"], bool(first["bom"])),
                     "n_read": n["n_read"], "n_loaded": n["n_loaded"], "n_rejected": n["n_rejected"], "note": note})
    return pd.DataFrame(rows, columns=FILE_COLUMNS)


def join_partitions(reads: list[PartitionRead]) -> Loaded:
    """The partitions read, joined in order, their ids numbered across them: what
    ``load(paths, mark_duplicates=False)`` gives for the inputs they were planned from."""
    offsets = id_offsets([id_counts(r) for r in reads])
    articles = combine_articles([number_partition(r, e) for r, e in zip(reads, offsets)])
    rejected = pd.concat([r.rejected for r in reads], ignore_index=True) if reads else (
        pd.DataFrame(columns=REJECTED_COLUMNS).astype("string"))
    shares = pd.concat([r.files for r in reads], ignore_index=True) if reads else None
    return Loaded(articles=articles, rejected=rejected,
                  files=files_of(shares) if shares is not None else pd.DataFrame(columns=FILE_COLUMNS))


def with_duplicate_marks(loaded: Loaded, marks: pd.DataFrame, *, drop_duplicates: bool = False) -> Loaded:
    """``loaded`` (from :func:`join_partitions`) with the duplicate marks computed across
    the partitions (``marks``: ``article_id`` and the mark columns, from
    :func:`coveragekit.clean.duplicates.marks_from_keys`): what :func:`coveragekit.load`
    gives, the copies moved to the rejection table with ``drop_duplicates``."""
    articles = with_marks(loaded.articles, marks, at=len(loaded.articles.columns))
    rejected, files = loaded.rejected, loaded.files
    if drop_duplicates and len(articles):
        articles, dropped = drop_duplicate_copies(articles)
        rejected = pd.concat([rejected, pd.DataFrame(dropped, columns=REJECTED_COLUMNS).astype("string")],
                             ignore_index=True)
        per_file = dropped_per_file(rejected)
        files = files.copy()
        extra = files["file"].map(per_file).fillna(0).astype("int64")
        files["n_loaded"] = files["n_loaded"] - extra
        files["n_rejected"] = files["n_rejected"] + extra
    return Loaded(articles=articles, rejected=rejected, files=files)
