"""Project files: a TOML (or YAML) file naming the inputs, tables and options of a re-run,
so that ``coveragekit report --config project.toml`` is the whole command.

Files are read with ``tomllib`` or ``yaml.safe_load``: data only, never code. Relative
paths are resolved against the project file's folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from .errors import OptionError
from .fetch.plan import check_fetch_section

__all__ = ["read_project", "EXAMPLE", "KEYS"]

KEYS = {
    "inputs": list, "out": str, "format": str, "dayfirst": bool, "drop_duplicates": bool,
    "actors": str, "frames": str, "events": str, "outlets": str, "topics": int, "topics_mode": str,
    "period": str, "seed": int, "title": str, "cache": bool, "map": dict, "lexicon": dict,
    "topic_sample": int, "engine": str, "scheduler": str, "workers": int, "parquet": bool,
    "static": bool,
    "fetch": dict,  # checked by coveragekit.fetch.plan
}
KEYS.update({"sheet": str, "date": str})  # a workbook's one sheet; the date of undated pages (issue 17)
_PATHS = {"out", "actors", "frames", "events", "outlets"}

EXAMPLE = '''\
# coveragekit project file. Re-run everything with:
#     coveragekit report --config project.toml
# Paths are relative to this file. Lines starting with # are comments.

# The articles: files or folders (CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom,
# Media Cloud or GDELT exports, saved pages). Add new exports to the list and re-run:
# articles already analysed are taken from the cache.
inputs = ["exports/mediacloud-2025.csv", "exports/gdelt-artlist.json", "pages/"]

# Where the report, the CSV tables and the cache go.
out = "report"

# Report title.
title = "Coverage of the cartel designations"

# The report is interactive (filters, charts and tables that follow them; it still opens
# offline). Set true for a page of pictures and tables with no script at all.
# static = true

# Your own tables (defaults: the kit's data/actors.csv, frames.csv, events.csv, outlets.csv).
# actors = "tables/actors.csv"
# frames = "tables/frames.csv"
# events = "tables/events.csv"
# outlets = "tables/outlets.csv"   # outlet,group: the groups compared in the report

# Number of topics; leave it out to let the kit choose on the data (and show its evidence).
# topics = 8
# On a re-run, "refit" fits the topics again on all articles; "reuse" keeps the saved
# topics and places the new articles in them.
topics_mode = "refit"

# Period of the time series: "day", "week" or "month".
period = "month"

# Random seed: the same seed gives the same topics.
seed = 0

# The topics are fitted on a seeded sample of this many articles (the same sample on every
# engine), then every article is placed in them.
# topic_sample = 20000

# Where the per-article analyses run: "local" (this machine) or "dask" (a Dask cluster,
# the one at `scheduler`, or `workers` local worker processes).
# engine = "dask"
# scheduler = "tcp://10.0.0.5:8786"
# workers = 2

# Also write the long tables (articles, mentions, quotes, frames) as Parquet datasets in
# OUT/parquet/, for pandas, Dask or DuckDB (the default with the dask engine).
# parquet = true

# Ambiguous dates such as 03/04/2025: leave out to reject them, or say how to read them.
# dayfirst = true

# Duplicates are marked; set true to leave the copies out (they are listed as rejected).
drop_duplicates = false

# Your own Spanish sentiment lexicon (default: the kit's data/lexicons/sentiment_es.csv).
# [lexicon]
# es = "tables/sentiment_es.csv"

# Columns the kit does not recognise: schema column = your column.
# [map]
# published_at = "Fecha"
# text = "Nota completa"

# Fetch new coverage before each report (see the README, "Fetch coverage"). Each run asks
# only for what the file has not got yet; the file is then read like the other inputs.
# The Media Cloud key goes in the environment variable MC_API_TOKEN, never in this file.
# [fetch]
# out = "fetched/coverage.jsonl"
# cache = "fetched/raw"          # raw replies, so a re-run can replay them
# full_text = false              # download the pages of records that have no text
# feeds = ["https://example.org/rss"]
# [[fetch.gdelt]]
# query = '"cartel" terrorist'
# start = "2025-01-20"           # leave out end to fetch up to now
# lang = ["spanish"]
# [[fetch.mediacloud]]
# query = "cartel AND terrorist"
# start = "2025-01-20"
# collections = [34412234]
'''


def read_project(path) -> dict:
    """Read a project file into a dict of options (paths resolved, types checked)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OptionError("the project file does not exist", hint="create one with coveragekit init") from None
    try:
        if path.suffix.lower() in (".yml", ".yaml"):
            data = yaml.safe_load(raw.decode("utf-8")) or {}
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        msg = str(exc).splitlines()[0]
        raise OptionError(f"{path}: the project file cannot be read ({msg})",
                          hint="compare it with the example written by coveragekit init") from None
    if not isinstance(data, dict):
        raise OptionError(f"{path}: the project file must hold keys and values")
    out = {}
    for k, v in data.items():
        if k not in KEYS:
            raise OptionError(f"{path}: unknown key '{k}'", hint="known keys: " + ", ".join(sorted(KEYS)))
        want = KEYS[k]
        if want is list and isinstance(v, str):
            v = [v]
        if not isinstance(v, want) or (want is int and isinstance(v, bool)):
            raise OptionError(f"{path}: '{k}' should be a {want.__name__}, not {type(v).__name__}")
        out[k] = v
    base = path.resolve().parent
    if "inputs" in out:
        out["inputs"] = [str((base / p)) for p in out["inputs"]]
    for k in _PATHS & out.keys():
        out[k] = str(base / out[k])
    if "fetch" in out:
        out["fetch"] = check_fetch_section(out["fetch"], path=path, base=base)
    if "lexicon" in out:  # {language: path}: the paths relative to the project file too
        out["lexicon"] = {str(k): str(base / str(v)) for k, v in out["lexicon"].items()}
    return out
