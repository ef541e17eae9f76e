"""Loading articles from the files journalists bring, with nothing lost.

:func:`load` reads files and folders in any supported format into the article schema
(:mod:`coveragekit.schema`) and returns a :class:`Loaded` result: the articles, a rejection
table with one row and a reason per record that could not become an article, and a table
of the files read. For every input, records read = articles + rejected.
"""

from __future__ import annotations

import dataclasses
import html
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._fast.pool import start_chunks
from .._frame import require
from .._memory import release_free_memory
from ..clean import mark_duplicates
from ..clean.duplicates import duplicate_marks
from ..datasets import demo_paths
from ..errors import InputError, OptionError
from ..schema import COLUMNS, REJECTED_COLUMNS, empty_articles, normalise_url
from ._base import FileResult, display_name, wide_encoding
from ._cache import LoadCache
from ._records import Options, rows_to_frame, skipped_file
from .archive import read_archive
from .columnar import read_parquet
from .dates import parse_date
from .delimited import read_delimited
from .feeds import read_feed
from .frame import read_frame
from .jsonfmt import read_json
from .pages import read_page

__all__ = ["load", "load_demo", "Loaded", "FORMATS", "detect_format", "filter_period", "as_loaded"]

FORMATS = {
    "csv": (".csv",),
    "tsv": (".tsv", ".tab"),
    "mediacloud": (),
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson", ".jsonlines"),
    "gdelt": (),
    "parquet": (".parquet", ".pq"),
    "feed": (".rss", ".atom", ".xml"),
    "html": (".html", ".htm"),
    "txt": (".txt",),
    "md": (".md", ".markdown"),
    "xlsx": (".xlsx", ".xlsm"),
    "zip": (".zip",),
}
_BY_EXT = {ext: fmt for fmt, exts in FORMATS.items() for ext in exts}
# Files people bring that the kit does not read, with what to do instead.
UNSUPPORTED = {
    ".xls": ("an Excel 97-2003 workbook (.xls)", "open it in Excel and save it as .xlsx or as CSV UTF-8"),
    ".ods": ("an OpenDocument spreadsheet", "save it as .xlsx or as CSV UTF-8"),
    ".numbers": ("a Numbers spreadsheet", "export it as CSV (File > Export To > CSV, Unicode UTF-8)"),
    ".docx": ("a Word document", "paste the article's text into a .txt file (with its date: see --date)"),
    ".doc": ("a Word document", "paste the article's text into a .txt file (with its date: see --date)"),
    ".pdf": ("a PDF", "copy the article's text into a .txt file, or save the page from the browser as .html"),
    ".rtf": ("a rich-text document", "save it as plain text (.txt)"),
    ".gz": ("a gzip file", "unpack it first (or zip the files instead: .zip archives are read)"),
    ".tar": ("a tar archive", "unpack it, or make a .zip of the files"),
    ".7z": ("a 7-Zip archive", "unpack it, or make a .zip of the files"),
    ".rar": ("a RAR archive", "unpack it, or make a .zip of the files"),
}


def unsupported_reason(path) -> str:
    """'not a supported file type ...' with what to do, for a file the kit does not read."""
    ext = Path(path).suffix.lower()
    if ext in UNSUPPORTED:
        what, fix = UNSUPPORTED[ext]
        return f"not a supported file type: {what}; {fix}"
    return f"not a supported file type ('{ext or Path(path).name}')"
MARK_COLUMNS = ["dup_cluster", "dup_kind", "is_duplicate"]
# From this many articles, :func:`load_for_analysis` marks them in a worker process.
_BACKGROUND_MARKS_FROM = 2000


@dataclass
class Loaded:
    """The result of :func:`load`.

    Attributes
    ----------
    articles : DataFrame
        The article schema plus duplicate marks (``dup_cluster``, ``dup_kind``,
        ``is_duplicate``) and any extra columns the input carried.
    rejected : DataFrame
        ``source, record, reason, raw``: one row per record that was read but not loaded.
    files : DataFrame
        ``file, format, encoding, n_read, n_loaded, n_rejected, note``.
    """

    articles: pd.DataFrame
    rejected: pd.DataFrame
    files: pd.DataFrame
    cache_stats: dict = field(default_factory=dict)  # files read again / reused, with cache_dir
    # duplicate marks still being computed in a worker (:func:`load_for_analysis`)
    pending_marks: object = field(default=None, repr=False)

    def wait_for_marks(self) -> Loaded:
        """The loaded articles with their duplicate marks: with :func:`load_for_analysis`,
        wait for the worker computing them and return a new Loaded whose ``articles`` carry
        them where :func:`load` puts them; without pending marks, this Loaded itself.
        Nothing is changed in place."""
        if self.pending_marks is None:
            return self
        marks = self.pending_marks.result()[0]
        return dataclasses.replace(self, articles=with_marks(self.articles, marks, at=len(self.articles.columns)),
                                   pending_marks=None)

    def cancel_marks(self) -> None:
        """Stop computing pending duplicate marks (for a caller that failed)."""
        if self.pending_marks is not None:
            pending, self.pending_marks = self.pending_marks, None
            pending.cancel()

    @property
    def n_read(self) -> int:
        return int(self.files["n_read"].sum()) if len(self.files) else 0

    def summary(self) -> str:
        arts = self.wait_for_marks().articles
        n_dup = int(arts["is_duplicate"].sum()) if "is_duplicate" in arts else 0
        return (f"read {_plural(self.n_read, 'record')} from {_plural(len(self.files), 'file')}: "
                f"{len(self.articles)} loaded, {len(self.rejected)} rejected, "
                f"{n_dup} marked as {'a duplicate' if n_dup == 1 else 'duplicates'}")

    def __iter__(self):  # allows ``articles, rejected = load(...)``
        yield self.articles
        yield self.rejected

    def __len__(self) -> int:
        return len(self.articles)

    def _counts(self) -> str:
        n, r, f = len(self.articles), len(self.rejected), len(self.files)
        return (f"{_plural(n, 'article')} loaded and {_plural(r, 'record')} rejected, "
                f"from {_plural(f, 'file')}")

    def __repr__(self) -> str:
        lines = [f"Loaded: {self._counts()}",
                 "  .articles  the articles (a DataFrame: len(), .head(), the verbs)",
                 "  .rejected  one row per record not loaded, with its reason",
                 "  .files     one row per file read"]
        if len(self.rejected):
            top = self.rejected["reason"].value_counts().head(3)
            lines.append("most common reasons for rejection:")
            lines += [f"  {int(k)} x {reason}" for reason, k in top.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = [c for c in ("published_at", "outlet", "title", "lang") if c in self.articles.columns]
        parts = [(f"<p><b>Loaded</b>: {html.escape(self._counts())}. "
                  "<code>.articles</code> holds the articles, <code>.rejected</code> the records not "
                  "loaded (with the reason), <code>.files</code> the files read.</p>"),
                 self.articles[cols].head(5).to_html(index=False, escape=True)]
        if len(self.rejected):
            top = self.rejected["reason"].value_counts().head(3).rename("records").rename_axis("reason")
            parts.append(top.reset_index().to_html(index=False, escape=True))
        return "\n".join(parts)


def _plural(n: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def detect_format(path, *, sniff: bool = True) -> str:
    """The format of one file, from its extension and, when that is silent, its content."""
    ext = Path(path).suffix.lower()
    if ext in _BY_EXT and ext != ".txt":
        return _BY_EXT[ext]
    if ext in UNSUPPORTED:
        return ""
    if not sniff and ext != ".txt":
        return ""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return _BY_EXT.get(ext, "")
    wide = wide_encoding(head)
    text = head[wide[1]:].decode(wide[0], errors="replace") if wide else head.decode("utf-8", errors="replace")
    if ext == ".txt":
        # Excel's "Unicode Text" and "Text (Tab delimited)" are tables saved as .txt: the
        # first two lines hold the same number of tabs
        lines = text.lstrip("\ufeff").splitlines()
        if len(lines) >= 2 and lines[0].count("\t") >= 1 and lines[0].count("\t") == lines[1].count("\t"):
            return "tsv"
        return "txt"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    s = text.lstrip("\ufeff \t\r\n").lower()
    if s.startswith(("<?xml", "<rss", "<feed")) and ("<rss" in s or "<feed" in s or "<channel" in s):
        return "feed"
    if s.startswith(("<!doctype html", "<html")):
        return "html"
    if s.startswith("[") or s.startswith("{"):
        return "json"
    if s.startswith("---"):
        return "md"
    if "," in s.split("\n", 1)[0] or ";" in s.split("\n", 1)[0] or "\t" in s.split("\n", 1)[0]:
        return "csv"
    return ""


def read_input(path, *, display, fmt, options) -> FileResult | list[FileResult]:
    """What one file gives, read by the reader of its format (a workbook's sheets and an
    archive's members: a list, one result each)."""
    if fmt in ("csv", "mediacloud"):
        return read_delimited(path, display=display, options=options)
    if fmt == "tsv":
        return read_delimited(path, display=display, options=options, tsv=True)
    if fmt in ("json", "gdelt"):
        return read_json(path, display=display, options=options)
    if fmt == "jsonl":
        return read_json(path, display=display, options=options, lines=True)
    if fmt == "parquet":
        return read_parquet(path, display=display, options=options)
    if fmt == "feed":
        return read_feed(path, display=display, options=options)
    if fmt in ("html", "txt", "md"):
        return read_page(path, display=display, options=options, kind=fmt)
    if fmt == "xlsx":
        from .excel import read_workbook  # openpyxl, imported for workbooks only

        return read_workbook(path, display=display, options=options)
    if fmt == "zip":
        return read_archive(path, display=display, options=options,
                            read_member=lambda p, d, f: read_input(p, display=d, fmt=f, options=options),
                            detect=detect_format, unsupported=unsupported_reason)
    raise OptionError(f"unknown format '{fmt}'", hint="use one of: " + ", ".join(FORMATS))


def _walk(folder: Path):
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            yield Path(root) / name


class Input(NamedTuple):
    """One file to read: where it is, the name its records are located by, its format,
    and whether it was found in a folder (then a file that cannot be read is a rejected
    record, not an error)."""

    path: Path
    display: str
    fmt: str
    in_folder: bool


def reading_options(*, mapping=None, dayfirst=None, now=None, sheet=None, date=None) -> Options:
    """The readers' options from :func:`load`'s keywords (``date`` checked and written as
    the readers take it)."""
    if date is not None:
        ts, why = parse_date(str(date), dayfirst=dayfirst)
        if ts is None:
            raise OptionError(f"--date {date}: {why}", hint="write the pages' date as YYYY-MM-DD")
        date = ts.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Options(mapping=mapping, dayfirst=dayfirst, now=None if now is None else pd.Timestamp(now),
                   sheet=sheet, date=date)


def resolve_inputs(paths, *, format: str | None = None) -> list:
    """Every file to read, in reading order: an :class:`Input` each, or (for a file of a
    folder that is skipped: hidden, of a type the kit does not read) its result already.
    A path named directly that does not exist or whose format is unknown is an error."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if format is not None and format not in FORMATS:
        raise OptionError(f"unknown format '{format}'", hint="use one of: " + ", ".join(FORMATS))
    inputs: list = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError("no such file or folder", path=p,
                             hint="check the path (quote it if it contains spaces)")
        if p.is_dir():
            inputs.extend(_folder_inputs(p, format))
            continue
        fmt = format or detect_format(p)
        if not fmt and p.suffix.lower() in UNSUPPORTED:
            what, fix = UNSUPPORTED[p.suffix.lower()]
            raise InputError(f"is {what}, which the kit does not read", path=p, hint=fix)
        if not fmt:
            raise InputError("the format cannot be recognised from the extension or content",
                             path=p, hint="name it with --format (" + ", ".join(FORMATS) + ")")
        inputs.append(Input(p, display_name(p), fmt, False))
    return inputs


def _folder_inputs(folder: Path, format: str | None) -> list:
    inputs: list = []
    for f in _walk(folder):
        display = display_name(f, folder)
        fmt = format or detect_format(f)
        if f.name.startswith("."):
            inputs.append(skipped_file(display, "hidden file skipped"))
        elif not fmt:
            inputs.append(skipped_file(display, unsupported_reason(f)))
        else:
            inputs.append(Input(f, display, fmt, True))
    return inputs


def read_file(item: Input, *, options: Options, cache=None, stored=None) -> list[FileResult]:
    """What one input gave, each result's rows made a frame: from the load cache when
    ``stored`` is its ``(key, result)``, else read (and stored). A file of a folder that
    cannot be read becomes a rejected record; a file named directly raises."""
    key, got = stored if stored is not None else (None, None)
    if got is not None:
        return [got]
    try:
        got = read_input(item.path, display=item.display, fmt=item.fmt, options=options)
    except InputError as exc:
        if not item.in_folder:
            raise
        return [skipped_file(item.display, exc.problem, fmt=item.fmt)]
    results = got if isinstance(got, list) else [got]
    for r in results:  # the per-record dicts go as soon as they are a frame
        r.frame = rows_to_frame(r.rows)
        r.rows = []
    if key is not None and not isinstance(got, list):  # (a workbook or an archive is not stored)
        cache.put(key, got, got.frame)
    return results


def _cache_lookups(inputs: list, cache, options: Options, pool) -> dict:
    """Start looking every file up in the load cache (hashing it, reading what is stored):
    ``{position in inputs: future of (key, stored result or None)}``. A file given twice is
    looked up after its first reading."""
    lookups, seen = {}, set()
    for i, item in enumerate(inputs):
        if isinstance(item, Input) and item[:3] not in seen:
            seen.add(item[:3])
            lookups[i] = pool.submit(_lookup, cache, item, options)
    return lookups


def _lookup(cache, item: Input, options: Options):
    key = cache.key(item.path, display=item.display, fmt=item.fmt, options=options)
    return key, (cache.get(key) if key is not None else None)


def read_inputs(inputs: list, *, options: Options, cache_dir=None) -> tuple[list[FileResult], dict]:
    """Every input read in order: their results, and the load cache's figures (``{}``
    without ``cache_dir``)."""
    if cache_dir is None:
        results = []
        for item in inputs:
            results.extend(read_file(item, options=options) if isinstance(item, Input) else [item])
        return results, {}
    cache = LoadCache(Path(cache_dir) / "load")
    results = []
    # the cache's work (hashing each file, reading stored results) mostly runs outside the
    # interpreter lock: two threads do it while this thread parses the changed files
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            lookups = _cache_lookups(inputs, cache, options, pool)
            for i, item in enumerate(inputs):
                if not isinstance(item, Input):
                    results.append(item)
                    continue
                stored = lookups[i].result() if i in lookups else _lookup(cache, item, options)
                results.extend(read_file(item, options=options, cache=cache, stored=stored))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results, {"hits": cache.hits, "misses": cache.misses}


def load(
    paths,
    *,
    format: str | None = None,
    mapping: dict | None = None,
    dayfirst: bool | None = None,
    drop_duplicates: bool = False,
    now=None,
    mark_duplicates: bool = True,
    cache_dir=None,
    sheet: str | None = None,
    date=None,
) -> Loaded:
    """Load articles from files and folders into the article schema.

    Parameters
    ----------
    paths : path, list of paths, or DataFrame
        Files (CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom, Media Cloud and GDELT exports,
        saved pages) and folders (read recursively; every file in them is one input). A
        DataFrame is read as a CSV file would be: its columns are mapped to the schema
        (a date and a title or text column are needed), its rows become articles or rejected
        records (located as ``DataFrame:row N``).
    format : str, optional
        Force a format for the named files instead of detecting it (one of :data:`FORMATS`).
    mapping : dict, optional
        ``{schema column: input column}`` for columns the synonyms do not cover.
    dayfirst : bool, optional
        How to read ambiguous numeric dates (``03/04/2025``); by default they are rejected.
    drop_duplicates : bool
        Move duplicate copies (same URL, same text, near-duplicate) to the rejection table.
    now : pandas.Timestamp, optional
        The reference for rejecting dates in the future (default: the current time).
    mark_duplicates : bool, default True
        Mark exact and near duplicates (see :func:`coveragekit.clean.mark_duplicates`).
    cache_dir : path, optional
        A folder where what each file gave is kept, so that files whose bytes have not
        changed are not parsed again on the next run (``coveragekit analyze --cache``
        uses ``OUT/.coveragekit-cache``); the result is the same with or without it.
    sheet : str, optional
        The one sheet of each Excel workbook to read (default: every sheet, each an input
        of its own, ``book.xlsx[Sheet1]``).
    date : str, optional
        The publication date of saved or pasted pages (``.html``, ``.txt``, ``.md``) whose
        own text and front matter give none, e.g. ``"2025-09-04"`` (``--date``).

    Returns
    -------
    Loaded
        ``articles``, ``rejected`` and ``files`` tables; records read = articles + rejected.

    Raises
    ------
    InputError
        For a file named directly that cannot be read at all (missing, empty, binary, an
        unknown format, a missing required column). Inside a folder, such a file becomes a
        rejected record instead, so one bad file does not stop the rest.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "wire.csv").write_text(
    ...     "date,outlet,title\\n"
    ...     "2025-02-20,Wire,Cartels designated as terrorist organizations\\n"
    ...     "2025-02-21,Wire,\\n"
    ...     "2025-02-31,Wire,Mexico rejects any invasion\\n")
    >>> loaded = load(folder / "wire.csv")
    >>> loaded.articles["title"].tolist()
    ['Cartels designated as terrorist organizations']
    >>> loaded.rejected["record"].tolist()
    ['wire.csv:3', 'wire.csv:4']
    >>> loaded.rejected["reason"].tolist()
    ['no title and no text', "date '2025-02-31' is not a real calendar date"]
    >>> loaded.files[["n_read", "n_loaded", "n_rejected"]].iloc[0].tolist()
    [3, 1, 2]
    """
    if not isinstance(mark_duplicates, bool):
        raise OptionError(f"mark_duplicates={mark_duplicates!r}: give True or False")
    return _load(paths, format=format, mapping=mapping, dayfirst=dayfirst, drop_duplicates=drop_duplicates,
                 now=now, marks=mark_duplicates, cache_dir=cache_dir, sheet=sheet, date=date)


def load_demo(**kwargs) -> pd.DataFrame:
    """The bundled demo corpus (written for teaching; fictional outlets) as a DataFrame.

    Like seaborn's ``load_dataset``: one table, one row per article, in the article schema
    (:mod:`coveragekit.schema`) with the duplicate marks. Keyword arguments are passed on
    to :func:`coveragekit.load`; the rejection and file tables are in what
    ``coveragekit.load(coveragekit.datasets.demo_paths())`` returns.

    Examples
    --------
    >>> df = load_demo()
    >>> len(df), bool(df["lang"].isin(["en", "es"]).all())
    (226, True)
    """
    return load(demo_paths(), **kwargs).articles


def load_for_analysis(paths, **options) -> Loaded:
    """:func:`load` for ``coveragekit analyze``: the same tables, but on a large input the
    duplicate marks are computed by a worker process while the caller goes on (the
    analyses need them only at the end); :meth:`Loaded.wait_for_marks` gives them.
    Small inputs, one core or ``drop_duplicates`` mark them at once. Not exported: a
    matter of speed, not of what is loaded."""
    return _load(paths, marks="background", **options)


def _load(paths, *, format=None, mapping=None, dayfirst=None, drop_duplicates=False, now=None, marks=True,
          cache_dir=None, sheet=None, date=None) -> Loaded:
    """:func:`load`, with ``marks`` True, False or "background"."""
    if isinstance(paths, pd.DataFrame):  # a table already in memory: its rows are the records
        return _load_frame(paths, mapping=mapping, dayfirst=dayfirst, now=now,
                           drop_duplicates=drop_duplicates, mark_duplicates=bool(marks))
    inputs = resolve_inputs(paths, format=format)
    options = reading_options(mapping=mapping, dayfirst=dayfirst, now=now, sheet=sheet, date=date)
    results, cache_stats = read_inputs(inputs, options=options, cache_dir=cache_dir)
    loaded = _assemble(results, drop_duplicates=drop_duplicates, mark=marks,
                       cache_dir=None if cache_dir is None else Path(cache_dir) / "duplicates")
    del results
    loaded.cache_stats = cache_stats
    release_free_memory()  # the per-record strings are gone: give their memory back
    return loaded


def _load_frame(df: pd.DataFrame, *, mapping, dayfirst, now, drop_duplicates, mark_duplicates) -> Loaded:
    """:func:`load` of a DataFrame: its columns are mapped as a CSV file's are."""
    options = Options(mapping=mapping, dayfirst=dayfirst, now=None if now is None else pd.Timestamp(now))
    got = read_frame(df, display="DataFrame", options=options)
    return _assemble([got], drop_duplicates=drop_duplicates, mark=bool(mark_duplicates))


def as_loaded(data, *, verb: str = "run_analysis()") -> Loaded:
    """A :class:`Loaded` for what the analysis was given: a Loaded as it is; a DataFrame
    already in the article schema (``load(...).articles``) wrapped with an empty rejection
    table; any other DataFrame read by :func:`load` (its columns mapped, its rows checked)."""
    if isinstance(data, Loaded):
        return data
    if not isinstance(data, pd.DataFrame):
        raise OptionError(f"{verb} takes the result of coveragekit.load() or a DataFrame of articles, "
                          f"not {type(data).__name__}", hint="for example run_analysis(ck.load('articles.csv'))")
    schema = all(c in data.columns for c in COLUMNS) and isinstance(data["published_at"].dtype, pd.DatetimeTZDtype)
    if not schema:
        try:
            return load(data)
        except InputError as exc:  # said for Python, not for the command line
            raise InputError(f"{verb} needs a date and a title or text column: {exc.problem}",
                             hint="name the columns with ck.load(df, mapping={'published_at': 'your_date', "
                                  "'text': 'your_text'}) and pass its result; the verbs such as add_sentiment(df) "
                                  "need no date") from None
    arts = data if all(c in data.columns for c in MARK_COLUMNS) else mark_duplicates(data)
    files = pd.DataFrame([{"file": "DataFrame", "format": "dataframe", "encoding": "", "n_read": len(arts),
                           "n_loaded": len(arts), "n_rejected": 0, "note": ""}])
    return Loaded(articles=arts.reset_index(drop=True), rejected=pd.DataFrame(columns=REJECTED_COLUMNS).astype("string"),
                  files=files)


def combine_articles(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' article frames one after the other: the schema's columns, then every
    extra column in order of first appearance ("" where a file lacks it)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_articles()
    if len(frames) == 1:
        return _one_chunk(frames[0].reset_index(drop=True))
    out = pd.concat(frames, ignore_index=True, sort=False)
    for c in out.columns[len(COLUMNS):]:
        out[c] = out[c].fillna("").astype("string")
    return _one_chunk(out)


def _one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each Arrow-backed column in one piece. Concatenated frames keep each
    file's rows as a separate chunk, and Arrow's take on a column in chunks first joins
    them (copying every text of the corpus) on every selection, sort or merge: joined
    once here instead."""
    for c in df.columns:
        arr = df[c].array
        if arrow_backed(arr):
            data = arr.__arrow_array__()
            if getattr(data, "num_chunks", 1) > 1:
                df[c] = type(arr)(data.combine_chunks())
    return df


def arrow_backed(arr) -> bool:
    """True for a pandas array stored in Arrow (``string[pyarrow]`` or an ArrowDtype)."""
    dt = arr.dtype
    return ((isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow") or isinstance(dt, pd.ArrowDtype)) \
        and hasattr(arr, "__arrow_array__")


def _url_keys(articles: pd.DataFrame) -> list[str]:
    """Take the normalised URLs the readers computed off the table (every row without
    one, e.g. from an older cache entry, is normalised here)."""
    urls = articles["url"].astype(object).tolist()
    if "_url_key" not in articles.columns:
        return [normalise_url(u) for u in urls]
    keys = articles.pop("_url_key").astype(object).tolist()
    return [k if isinstance(k, str) and (k or not u) else normalise_url(u) for k, u in zip(keys, urls)]


def _text_keys(articles: pd.DataFrame) -> list[str] | None:
    """Take the texts' keys the readers computed off the table (None when some row has
    none: the duplicate check then computes them all)."""
    if "_text_key" not in articles.columns:
        return None
    keys = articles.pop("_text_key").astype(object).tolist()
    return keys if all(isinstance(k, str) and len(k) == 32 for k in keys) else None


def number_ids(ids, *, earlier: dict | None = None) -> list[str]:
    """Article ids made unique in reading order: the second appearance of an id (the same
    URL twice) becomes ``ID-2``, the third ``ID-3``... ``earlier`` counts each id's
    appearances in what was read before these (the partitions before this one).

    >>> number_ids(["a", "b", "a", "a"])
    ['a', 'b', 'a-2', 'a-3']
    >>> number_ids(["b", "a"], earlier={"a": 3})
    ['b', 'a-4']
    """
    seen = dict(earlier or {})
    out = []
    for a in ids:
        k = seen.get(a, 0) + 1
        seen[a] = k
        out.append(a if k == 1 else f"{a}-{k}")
    return out


def assemble_articles(results) -> tuple[pd.DataFrame, list[str], list[str] | None]:
    """The articles of the results one after the other, with the normalised URLs and text
    keys the readers computed taken off into two lists (for the duplicate marks). Ids are
    as read: :func:`number_ids` makes them unique."""
    articles = combine_articles([r.frame if r.frame is not None else rows_to_frame(r.rows) for r in results])
    return articles, _url_keys(articles), _text_keys(articles)


def _assemble(results, *, drop_duplicates: bool, mark, cache_dir=None) -> Loaded:
    articles, url_keys, text_keys = assemble_articles(results)
    articles["article_id"] = pd.array(number_ids(articles["article_id"].astype(str).tolist()), dtype="string")
    rejections = [rej.as_row() for r in results for rej in r.rejections]
    pending = None
    if (mark == "background" and not drop_duplicates and len(articles) >= _BACKGROUND_MARKS_FROM
            and not any(c in articles.columns for c in MARK_COLUMNS)):  # (marks read in: replaced at once)
        pending = _start_marks(articles, cache_dir=cache_dir, url_keys=url_keys, text_keys=text_keys)
    elif mark:
        articles = _marks(articles, cache_dir=cache_dir, url_keys=url_keys, text_keys=text_keys)
        if drop_duplicates and len(articles):
            articles, dropped = drop_duplicate_copies(articles)
            rejections.extend(dropped)
    rejected = pd.DataFrame(rejections, columns=REJECTED_COLUMNS).astype("string")
    files = files_table(results, dropped=dropped_per_file(rejected) if drop_duplicates else {})
    return Loaded(articles=articles, rejected=rejected, files=files, pending_marks=pending)


def _marks(articles: pd.DataFrame, **options) -> pd.DataFrame:
    """The articles with their duplicate marks (the one call of the duplicate finder with
    the readers' URL and text keys, :func:`coveragekit.clean.duplicates.duplicate_marks`)."""
    return duplicate_marks(articles, **options)


def drop_duplicate_copies(articles: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """The articles without their duplicate copies, and a rejection row for each copy."""
    dup = articles["is_duplicate"].to_numpy(dtype=bool)
    dropped = [{"source": a["source"].split(":")[0], "record": a["source"],
                "reason": f"{a['dup_kind']} of article {a['dup_cluster']} (dropped on request)",
                "raw": a["title"]}
               for _, a in articles[dup].iterrows()]
    return articles[~dup].reset_index(drop=True), dropped


def dropped_per_file(rejected: pd.DataFrame) -> dict[str, int]:
    """How many duplicate copies were dropped from each file."""
    per_file: dict[str, int] = {}
    for rec in rejected["reason"][rejected["reason"].str.endswith("(dropped on request)")].index:
        f = rejected.at[rec, "source"]
        per_file[f] = per_file.get(f, 0) + 1
    return per_file


FILE_COLUMNS = ["file", "format", "encoding", "n_read", "n_loaded", "n_rejected", "note"]


def files_table(results, *, dropped: dict | None = None) -> pd.DataFrame:
    """One row per result: how the file was read and its account (records read = loaded +
    rejected; a duplicate copy ``dropped`` on request counts as rejected)."""
    dropped = dropped or {}
    return pd.DataFrame(
        [{"file": r.file, "format": r.format, "encoding": r.encoding, "n_read": r.n_read,
          "n_loaded": r.n_rows - dropped.get(r.file, 0),
          "n_rejected": len(r.rejections) + dropped.get(r.file, 0), "note": r.note}
         for r in results],
        columns=FILE_COLUMNS,
    )


def with_marks(df: pd.DataFrame, marks: pd.DataFrame, *, at: int) -> pd.DataFrame:
    """``df`` with the mark columns of ``marks`` (a frame with ``article_id`` and the marks)
    inserted at column position ``at``, each row taking the marks of its ``article_id``
    (a new frame; ``df`` is left as it is)."""
    out = df.copy(deep=False)
    rows = pd.Index(marks["article_id"]).get_indexer(out["article_id"])
    for i, c in enumerate(MARK_COLUMNS):
        col = marks[c].take(rows)
        out.insert(at + i, c, col.to_numpy() if c == "is_duplicate" else col.array)
    return out


def _start_marks(articles: pd.DataFrame, **options):
    """The duplicate marks of ``articles`` started in a worker process: a pending result
    whose one item is the frame of the mark columns (computed here, when ``.result()`` is
    called, where no worker can run)."""
    return start_chunks(_MarksOf(articles[["article_id", "published_at", "url", "text"]], options), 1,
                        chunk_rows=1, min_rows=1, holds_cores=False)


class _MarksOf:
    """``(start, stop) -> the mark columns of the articles`` (the one chunk of the worker)."""

    def __init__(self, articles: pd.DataFrame, options: dict):
        self.articles, self.options = articles, options

    def __call__(self, start, stop) -> pd.DataFrame:
        return _marks(self.articles, **self.options)[["article_id"] + MARK_COLUMNS]


def filter_period(loaded: Loaded, *, start=None, end=None) -> Loaded:
    """Keep the articles published from ``start`` (inclusive) to ``end`` (inclusive, whole
    day); the others move to the rejection table with the reason, so the account still adds up.

    Parameters
    ----------
    loaded : Loaded or DataFrame
        The result of :func:`load`, or a DataFrame of articles (a ``published_at`` column
        of UTC times).
    start, end : str or Timestamp, optional
        The first and the last day kept (UTC); either may be left open.

    Returns
    -------
    Loaded or DataFrame
        A new Loaded whose rejection table and files table count the articles left out;
        for a DataFrame, the DataFrame of the articles kept.

    Examples
    --------
    >>> import pandas as pd
    >>> loaded = load(pd.DataFrame({"date": ["2025-02-19", "2025-02-20 23:30", "2025-02-21"],
    ...                             "title": ["Before the notice", "Designations published", "Day after"]}))
    >>> kept = filter_period(loaded, start="2025-02-20", end="2025-02-20")
    >>> kept.articles["title"].tolist()
    ['Designations published']
    >>> kept.rejected["record"].tolist()
    ['DataFrame:row 1', 'DataFrame:row 3']
    >>> kept.rejected["reason"][0]
    'published outside the chosen period (2025-02-20 to 2025-02-20)'
    >>> kept.files[["n_read", "n_loaded", "n_rejected"]].iloc[0].tolist()
    [3, 1, 2]
    >>> filter_period(loaded.articles, start="2025-02-21")["title"].tolist()
    ['Day after']
    """
    if isinstance(loaded, pd.DataFrame):
        arts = require(loaded, ["published_at"], "filter_period()")
        when = pd.to_datetime(arts["published_at"], utc=True)
        keep = pd.Series(True, index=arts.index)
        if start is not None:
            keep &= when >= pd.Timestamp(start, tz="UTC")
        if end is not None:
            keep &= when < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
        return arts[keep].reset_index(drop=True)
    loaded = loaded.wait_for_marks()
    arts = loaded.articles
    keep = pd.Series(True, index=arts.index)
    if start is not None:
        keep &= arts["published_at"] >= pd.Timestamp(start, tz="UTC")
    if end is not None:
        keep &= arts["published_at"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
    out = arts[~keep]
    label = f"{start or '…'} to {end or '…'}"
    extra = pd.DataFrame({
        "source": out["source"].str.split(":").str[0], "record": out["source"],
        "reason": f"published outside the chosen period ({label})", "raw": out["title"],
    }, columns=REJECTED_COLUMNS).astype("string")
    rejected = pd.concat([loaded.rejected, extra], ignore_index=True)
    files = loaded.files.copy()
    if len(out):
        moved = out["source"].str.split(":").str[0].value_counts()
        for i, f in files["file"].items():
            k = int(moved.get(f, 0))
            files.loc[i, "n_loaded"] -= k
            files.loc[i, "n_rejected"] += k
    return Loaded(articles=arts[keep].reset_index(drop=True), rejected=rejected, files=files)
