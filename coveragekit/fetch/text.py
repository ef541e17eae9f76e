"""``fetch_text``: full text for a file of records that have URLs and no text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..errors import OptionError
from ..io import load
from ._common import Bar, FetchResult, end_fetch, iso, utc_now
from .fulltext import TextFetcher
from .http import Http
from .store import Store

__all__ = ["fetch_text"]

BATCH = 10  # records written at a time (a killed run loses at most this many downloads)


def _input_records(path: Path) -> list:
    """The records of ``path``: JSON Lines as they are (provenance kept), any other format
    through :func:`coveragekit.load`."""
    if path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
        out = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        out = None
                        break
                    if isinstance(rec, dict):
                        out.append(rec)
        if out is not None:
            return out
    df = load([path]).articles
    recs = []
    for row in df.to_dict("records"):
        rec = {k: ("" if pd.isna(v) else v) for k, v in row.items() if k not in ("article_id", "source")}
        ts = row["published_at"]
        rec["published_at"] = "" if pd.isna(ts) else iso(ts.to_pydatetime())
        recs.append(rec)
    return recs


def fetch_text(path, *, out, pause: float = 1.0, cache_dir=None, timeout: float = 30.0, retries: int = 2,
               seed: int = 0, progress=None, now=None, client: Http | None = None) -> FetchResult:
    """Copy the records of ``path`` into ``out``, downloading the text of those with a URL
    and no text, and saying for each what happened (``text_status``; see
    :mod:`coveragekit.fetch.fulltext`).

    Pages are asked for politely: robots.txt is respected, ``pause`` seconds between two
    requests to one host, the kit's User-Agent. A re-run into the same ``out`` skips the
    records already there.

    Parameters
    ----------
    path : path
        Any file ``coveragekit.load`` reads (JSON Lines from a fetch keeps its fields).
    out : path
        The JSON Lines output (not the input file).

    The other parameters are those of :func:`fetch_gdelt`.

    Returns
    -------
    FetchResult

    Examples
    --------
    >>> import coveragekit as ck
    >>> ck.fetch_text("a.jsonl", out="a.jsonl")
    Traceback (most recent call last):
    ...
    coveragekit.errors.OptionError: --out a.jsonl is the input file. Write the records with their text to a new file.
    """
    path, out = Path(path), Path(out)
    if path.resolve() == out.resolve():
        raise OptionError(f"--out {out} is the input file", hint="write the records with their text to a new file")
    if not path.exists():
        raise OptionError(f"{path} does not exist", hint="name the file of records to complete")
    records = _input_records(path)
    store = Store(out)
    http = client or Http(pause=pause, timeout=timeout, retries=retries, seed=seed, cache_dir=cache_dir)
    texts = TextFetcher(http)
    result = FetchResult(service="text", out=str(out))
    fetched_at = iso(utc_now(now))
    todo = [r for r in records if not store.has(r)]
    result.already = len(records) - len(todo)
    bar = Bar(progress, desc="full text", unit="record", total=len(todo))
    try:
        for i in range(0, len(todo), BATCH):
            batch = texts.fill(todo[i:i + BATCH], result)
            for rec in batch:
                if "text_status" in rec:
                    rec["text_fetched_at"] = fetched_at
            result.windows += 1
            written = store.commit(batch)
            result.written += written
            result.already += len(batch) - written
            bar.step(len(batch), records=store.count)
    finally:
        end_fetch(result, store, bar, counted=(http,), owned=(http if client is None else None,))
    result.total = store.count
    return result
