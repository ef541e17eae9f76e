"""The ``coveragekit`` command. It only parses arguments and calls the library."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from tqdm import tqdm

from . import fetch
from ._version import __version__
from .datasets import demo_paths, load_outlets
from .errors import CoveragekitError, OptionError
from .evaluate import evaluate
from .fetch.plan import run_fetch_plan
from .io import load, load_for_analysis
from .notebooks import run_notebooks
from .outdir import claim, record
from .output import atomic_write_text, write_table
from .pipeline import OUTPUT_FILES, analyze
from .pipeline.engines import engine_spec, load_on_cluster
from .project import EXAMPLE, read_project
from .timeseries import draft_outlet_table

EPILOG = """\
examples:
  coveragekit load export.csv --out articles.csv
  coveragekit load mediacloud.csv gdelt.json pages/ --out articles.parquet
  coveragekit analyze --demo --out build/demo
  coveragekit analyze articles.csv --out results/ --topics 8 --period week

Every record read is either loaded or listed, with its reason, in the rejection table.
"""


def _mapping(values) -> dict:
    out = {}
    for v in values or []:
        if "=" not in v:
            raise OptionError(f"--map '{v}' is not of the form COLUMN=FIELD",
                              hint="for example --map published_at=fecha")
        k, f = v.split("=", 1)
        out[k.strip()] = f.strip()
    return out


def _lexicons(values) -> dict | None:
    """``--lexicon es=FILE`` (repeatable) as ``{"es": "FILE"}``; None when not given."""
    out = {}
    for v in values or []:
        lang, sep, path = v.partition("=")
        if not sep or not path.strip():
            raise OptionError(f"--lexicon '{v}' is not of the form LANG=FILE",
                              hint="for example --lexicon es=my_lexicon.csv")
        lang = lang.strip().lower()
        if lang != "es":
            raise OptionError(f"--lexicon {v}: only the Spanish lexicon (es) can be replaced",
                              hint="TextBlob's English lexicon ships inside textblob; give --lexicon es=FILE")
        out[lang] = path.strip()
    return out or None


def _add_input_options(p):
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files or folders: CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom, "
                        "Media Cloud or GDELT exports, saved pages (.html, .txt, .md), Excel "
                        "workbooks (.xlsx), zip archives of these")
    p.add_argument("--format", help="force the input format instead of detecting it "
                                    "(csv, tsv, json, jsonl, parquet, feed, html, txt, md)")
    p.add_argument("--map", action="append", metavar="COLUMN=FIELD",
                   help="say which input field holds a schema column, e.g. --map title=Headline "
                        "(repeatable)")
    p.add_argument("--dayfirst", action="store_true",
                   help="read ambiguous dates like 03/04/2025 as day/month (default: reject them)")
    p.add_argument("--monthfirst", action="store_true",
                   help="read ambiguous dates like 03/04/2025 as month/day")
    p.add_argument("--drop-duplicates", action="store_true",
                   help="leave duplicate copies out (they are listed in the rejection table)")
    p.add_argument("--sheet", metavar="NAME",
                   help="read only this sheet of each Excel workbook (default: every sheet)")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="publication date of saved or pasted pages that state none (a file or a folder "
                        "of pages from one day)")


def _load_from_args(args, *, cache: bool = False, background_marks: bool = False, engine=None):
    if args.dayfirst and args.monthfirst:
        raise OptionError("--dayfirst and --monthfirst cannot both be given")
    dayfirst = True if args.dayfirst else (False if args.monthfirst else None)
    if getattr(args, "demo", False):
        inputs = demo_paths() + list(args.inputs or [])
    else:
        inputs = args.inputs
    if not inputs:
        raise OptionError("no input given", hint="name one or more files or folders (or --demo)")
    options = {"format": args.format, "mapping": _mapping(args.map), "dayfirst": dayfirst,
               "drop_duplicates": args.drop_duplicates, "sheet": getattr(args, "sheet", None),
               "date": getattr(args, "date", None)}
    if engine is not None and engine.name == "dask":  # the workers read the input (and sign it for duplicates)
        return load_on_cluster(engine, inputs, **options)
    cache_dir = Path(args.out) / ".coveragekit-cache" if cache and getattr(args, "out", None) else None
    read = load_for_analysis if background_marks else load  # (the marks computed meanwhile by a worker)
    return read(inputs, cache_dir=cache_dir, **options)


def cmd_load(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".parquet", ".pq"):
        raise OptionError(f"--out {out}: the extension must be .csv or .parquet")
    loaded = _load_from_args(args)
    write_table(loaded.articles, out)
    rej = out.with_name(out.stem + ".rejected.csv")
    write_table(loaded.rejected, rej)
    if not args.quiet:
        print(loaded.summary())
        print(f"articles: {out}")
        print(f"rejected: {rej}")
    return 0


class _Progress:
    """Step messages: a tqdm bar on a terminal, silent when piped or in CI, or one line per
    step with --verbose (on stderr, so outputs never carry run times)."""

    STEPS = ["loading", "topics", "sentiment, actors, quotes and frames", "time series and keyness",
             "writing outputs"]

    def __init__(self, args, extra=()):
        self.verbose = getattr(args, "verbose", False)
        self.quiet = getattr(args, "quiet", False)
        self.bar = None
        steps = self.STEPS + list(extra)
        if not self.quiet and not self.verbose and sys.stderr.isatty() and not os.environ.get("CI"):
            self.bar = tqdm(total=len(steps), desc="coveragekit", unit="step", leave=False, file=sys.stderr)
        self.current = None

    def __call__(self, name):
        if self.bar is not None:
            if self.current is not None:
                self.bar.update(1)
            self.bar.set_description(name)
        elif self.verbose:
            self._done()
            print(f"coveragekit: {name}...", file=sys.stderr)
        self.current = (name, time.monotonic())

    def _done(self):
        """With --verbose: the seconds the step just finished took (on stderr only)."""
        if self.verbose and self.current is not None:
            name, start = self.current
            print(f"coveragekit: {name}: {time.monotonic() - start:.1f} s", file=sys.stderr)

    def close(self):
        if self.bar is not None:
            self.bar.update(1)
            self.bar.close()
        else:
            self._done()
            self.current = None


def _engine(args):
    """The engine of a command, checked before anything is read (a dask one holds the
    session that reading and analysing share)."""
    return engine_spec(args.engine, scheduler=args.scheduler, workers=args.workers)


def _analysis_options(args, engine) -> dict:
    return dict(actors=args.actors, frames=args.frames, events=args.events, outlets=args.outlets,
                n_topics=args.topics, period=args.period, random_state=args.seed,
                topics_mode=args.topics_mode, topic_sample=args.topic_sample, engine=engine,
                lexicon=_lexicons(getattr(args, "lexicon", None)), parquet=getattr(args, "parquet", None))


def cmd_analyze(args) -> int:
    progress = _Progress(args)
    engine = _engine(args)
    try:
        progress("loading")
        # the duplicate marks are computed in a worker while the analyses run
        loaded = _load_from_args(args, cache=args.cache, background_marks=True, engine=engine)
        result = analyze(loaded, out=args.out, progress=progress, cache=args.cache, force=args.force,
                         **_analysis_options(args, engine))
    finally:
        engine.close()
        progress.close()
    if not args.quiet:
        print(result.summary_line())
        _print_cache(result)
        print(f"outputs: {Path(args.out)}/ (articles.csv, mentions.csv, quotes.csv, topics.csv, frames.csv, "
              "timeline.csv, summary.json...)")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _print_cache(result):
    cache = result.summary.get("cache")
    if not cache:
        return
    hits = sum(v["hits"] for v in cache["stages"].values())
    misses = sum(v["misses"] for v in cache["stages"].values())
    print(f"cache: {_count(hits, 'result')} reused, {misses} computed")
    files = cache.get("files")
    if files:
        print(f"cache: {_count(files['hits'], 'input file')} unchanged and reused, {files['misses']} read")
    for p in cache.get("problems", []):
        print(f"cache: {p}")


def _apply_config(args):
    if not getattr(args, "config", None):
        return args

    conf = read_project(args.config)
    if conf.get("inputs") and not args.inputs:
        args.inputs = conf["inputs"]
    if args.out is None and conf.get("out"):
        args.out = conf["out"]
    for key, attr in (("format", "format"), ("actors", "actors"), ("frames", "frames"), ("events", "events"),
                      ("outlets", "outlets"), ("topics", "topics"), ("period", "period"), ("seed", "seed"),
                      ("title", "title"), ("topics_mode", "topics_mode"), ("topic_sample", "topic_sample"),
                      ("engine", "engine"), ("scheduler", "scheduler"), ("workers", "workers"),
                      ("parquet", "parquet")):
        if key in conf and getattr(args, attr, None) in (None, _DEFAULTS.get(attr)):
            setattr(args, attr, conf[key])
    if conf.get("dayfirst") is True:
        args.dayfirst = True
    elif conf.get("dayfirst") is False:
        args.monthfirst = True
    if conf.get("drop_duplicates"):
        args.drop_duplicates = True
    if conf.get("map"):
        args.map = (args.map or []) + [f"{k}={v}" for k, v in conf["map"].items()]
    if conf.get("cache") is False:
        args.no_cache = True
    if conf.get("fetch"):
        args.fetch_plan = conf["fetch"]
    if conf.get("lexicon") and not getattr(args, "lexicon", None):
        args.lexicon = [f"{k}={v}" for k, v in conf["lexicon"].items()]
    if conf.get("static"):
        args.static = True
    for key in ("sheet", "date"):  # --sheet / --date on the command line win
        if conf.get(key) and getattr(args, key, None) is None:
            setattr(args, key, str(conf[key]))
    return args


_DEFAULTS = {"period": "month", "seed": 0, "title": "Coverage report", "topics_mode": "refit", "topic_sample": 20000,
             "engine": "local"}


def cmd_report(args) -> int:
    from .report import write_report  # here: the report draws with matplotlib, a second of start-up

    args = _apply_config(args)
    if not args.out:
        raise OptionError("no output folder", hint="give --out DIR (or out = \"...\" in the project file)")
    if getattr(args, "fetch_plan", None):
        _run_project_fetch(args)

    claim(Path(args.out), [*OUTPUT_FILES, "report.html"], force=args.force)  # all named at once
    progress = _Progress(args, extra=["report"])
    engine = _engine(args)
    try:
        progress("loading")
        loaded = _load_from_args(args, cache=not args.no_cache, background_marks=True, engine=engine)
        result = analyze(loaded, out=args.out, progress=progress, cache=not args.no_cache, force=args.force,
                         **_analysis_options(args, engine))
        progress("report")
        path = write_report(result, Path(args.out) / "report.html", title=args.title,
                            static=getattr(args, "static", False))
        record(Path(args.out), ["report.html"])
    finally:
        engine.close()
        progress.close()
    if not args.quiet:
        print(result.summary_line())
        _print_cache(result)
        print(f"report: {path}")
        print(f"tables: {Path(args.out)}/*.csv and summary.json")
    return 0


def cmd_outlets(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".csv":
        raise OptionError(f"--out {out}: the outlets table is a .csv file", hint="for example --out outlets.csv")
    if out.exists() and not args.force:
        raise OptionError(f"{out} already exists", hint="choose another name, or add --force to replace it")
    loaded = _load_from_args(args)
    table = draft_outlet_table(loaded.articles, outlets=load_outlets(args.outlets) if args.outlets else load_outlets())
    write_table(table, out)
    if not args.quiet:
        print(f"wrote {out}: {len(table)} outlet(s) of {len(loaded.articles)} article(s). Edit its group column "
              f"(the groups to compare), then run: coveragekit report ... --outlets {out}")
    return 0


def cmd_init(args) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        raise OptionError(f"{path} already exists", hint="choose another name or add --force")
    atomic_write_text(path, EXAMPLE)
    print(f"wrote {path}: edit the inputs, then run: coveragekit report --config {path}")
    return 0


def cmd_notebooks(args) -> int:
    paths = run_notebooks(args.inputs, out=args.out, quiet=args.quiet)
    if not args.quiet:
        for p in paths:
            print(f"notebook: {p}")
    return 0


def _sample_size(value: str):
    if value.strip().lower() == "all":
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of articles (or 'all')")
    return int(value)


def _fetch_common(args) -> dict:
    kw = dict(out=args.out, cache_dir=args.cache, timeout=args.timeout, retries=args.retries,
              progress=False if args.quiet else None, now=args.now)
    if args.pause is not None:
        kw["pause"] = args.pause
    if getattr(args, "text_pause", None) is not None:
        kw["text_pause"] = args.text_pause
    return kw


def cmd_fetch(args) -> int:
    kw = _fetch_common(args)
    if args.service == "gdelt":
        result = fetch.fetch_gdelt(args.query, start=args.start, end=args.end, lang=args.lang,
                                   domain=args.domain, full_text=args.full_text, url=args.url, **kw)
    elif args.service == "mediacloud":
        result = fetch.fetch_mediacloud(args.query, start=args.start, end=args.end,
                                        collections=args.collection or (), sources=args.source or (),
                                        page_size=args.page_size, expanded=args.expanded,
                                        full_text=args.full_text, url=args.url, **kw)
    elif args.service == "feed":
        result = fetch.fetch_feed(args.urls, full_text=args.full_text, **kw)
    else:
        result = fetch.fetch_text(args.input, **kw)
    if not args.quiet:
        print(result)
    return 1 if result.failed else 0


def _run_project_fetch(args) -> None:
    """The [fetch] section of a project file: fetch what is new, and read the file too."""
    section = args.fetch_plan
    for result in run_fetch_plan(section, progress=False if args.quiet else None):
        if not args.quiet:
            print(result)
    if Path(section["out"]).exists() and section["out"] not in (args.inputs or []):
        args.inputs = list(args.inputs or []) + [section["out"]]


def _add_fetch_parser(sub):
    p = sub.add_parser("fetch", help="fetch coverage from GDELT, Media Cloud, feeds, or full text from URLs",
                       description="Fetch articles into a JSON Lines file in the article schema, politely "
                                   "(a pause between requests, robots.txt for pages, retries) and resumably "
                                   "(a re-run adds only what the file has not got).")
    services = p.add_subparsers(dest="service", metavar="SERVICE", required=True)

    def common(q, *, full_text=True, pause_help="seconds between requests"):
        q.add_argument("--out", required=True, metavar="FILE", help="the .jsonl file to append to")
        q.add_argument("--pause", type=float, default=None, metavar="SECONDS", help=pause_help)
        if full_text:
            q.add_argument("--full-text", action="store_true",
                           help="download the page of each new record without text and extract the article")
            q.add_argument("--text-pause", type=float, default=None, metavar="SECONDS",
                           help="with --full-text: seconds between requests to one news site (default 1)")
        q.add_argument("--cache", metavar="DIR", help="keep raw replies (gzip) here, so a re-run replays them")
        q.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per request (default 30)")
        q.add_argument("--retries", type=int, default=4, help="retries of a failed request (default 4)")
        q.add_argument("--now", help=argparse.SUPPRESS)  # the time written as fetched_at (tests)
        q.add_argument("--quiet", action="store_true", help="print nothing but errors")
        q.set_defaults(func=cmd_fetch)

    def dates(q):
        q.add_argument("--query", required=True, help="the search query, in the service's own syntax")
        q.add_argument("--start", required=True, metavar="DATE", help="YYYY-MM-DD (UTC)")
        q.add_argument("--end", metavar="DATE", help="YYYY-MM-DD, inclusive (default: now)")

    q = services.add_parser("gdelt", help="GDELT DOC 2.0 article lists (titles and URLs)",
                            description="GDELT DOC 2.0 article lists, split past the 250-record cap. "
                                        "Endpoint: $COVERAGEKIT_GDELT_URL or the public API.")
    dates(q)
    q.add_argument("--lang", action="append", metavar="LANGUAGE", help="sourcelang, e.g. spanish (repeatable)")
    q.add_argument("--domain", action="append", metavar="DOMAIN", help="only this site (repeatable)")
    q.add_argument("--url", help="the DOC API endpoint (a mirror)")
    common(q, pause_help="seconds between requests to GDELT (default 5, as GDELT asks)")

    q = services.add_parser("mediacloud", help="Media Cloud story lists (key in $MC_API_TOKEN)",
                            description="Media Cloud search through its official client; the key is read "
                                        "from $MC_API_TOKEN. Endpoint: $COVERAGEKIT_MEDIACLOUD_URL or the "
                                        "public API.")
    dates(q)
    q.add_argument("--collection", action="append", type=int, metavar="ID", help="collection id (repeatable)")
    q.add_argument("--source", action="append", type=int, metavar="ID", help="source id (repeatable)")
    q.add_argument("--page-size", type=int, default=1000, help="stories per page (at most 1000)")
    q.add_argument("--expanded", action="store_true", help="ask for the text (some accounts only)")
    q.add_argument("--url", help="the API base (a mirror)")
    common(q, pause_help="the kit's own wait between pages (default: the rate the service states)")

    q = services.add_parser("feed", help="RSS or Atom feeds from their URLs")
    q.add_argument("urls", nargs="+", metavar="URL")
    common(q, pause_help="seconds between requests to one host (default 1)")

    q = services.add_parser("text", help="full text for the records of a file that have a URL and no text",
                            description="Download and extract the article of each record with a URL and no "
                                        "text (robots.txt respected); the outcome of each is in text_status.")
    q.add_argument("input", metavar="FILE", help="any file coveragekit load reads")
    common(q, full_text=False, pause_help="seconds between requests to one host (default 1)")


def _add_analysis_options(p):
    p.add_argument("--actors", metavar="CSV", help="actor table (default: the bundled data/actors.csv)")
    p.add_argument("--frames", metavar="CSV", help="frame lexicon (default: data/frames.csv)")
    p.add_argument("--events", metavar="CSV", help="events table (default: data/events.csv)")
    p.add_argument("--outlets", metavar="CSV",
                   help="outlet groups to compare (outlet,group; default: data/outlets.csv)")
    p.add_argument("--topics", type=int, default=None, metavar="N",
                   help="number of topics (default: chosen on the data, with the evidence in topic_choice.csv)")
    p.add_argument("--topics-mode", default="refit", choices=["refit", "reuse"],
                   help="on a re-run: refit the topics on all articles, or reuse the saved topics")
    p.add_argument("--period", default="month", choices=["day", "week", "month"], help="period for time series")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--topic-sample", type=_sample_size, default=20000, metavar="N",
                   help="fit the topics on a seeded sample of N articles (default 20000; 'all' for every article)")
    e = p.add_argument_group("engine", "where the per-article analyses run (see README: Past one machine)")
    e.add_argument("--engine", default="local", choices=["local", "dask"],
                   help="local (this machine's cores, the default) or dask (a Dask cluster)")
    e.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: an existing cluster, tcp://HOST:PORT")
    e.add_argument("--workers", type=int, metavar="N",
                   help="with --engine dask: start a local cluster of N worker processes (default 2)")
    e.add_argument("--parquet", action="store_true", default=None,
                   help="also write the long tables as Parquet datasets in OUT/parquet/ (the default with "
                        "--engine dask)")
    p.add_argument("--lexicon", action="append", metavar="LANG=FILE",
                   help="a sentiment lexicon instead of the bundled one; only es: "
                        "--lexicon es=FILE (columns word,polarity,subjectivity,intensity,pos)")
    p.add_argument("--force", action="store_true",
                   help="replace files in the output folder that the kit did not write (by default the run "
                        "stops and names them)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quiet", action="store_true", help="print nothing but errors")
    g.add_argument("--verbose", action="store_true", help="say what each step is doing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coveragekit",
        description="Load news articles from the files you collected and analyse their coverage: "
                    "sentiment, topics, actors and quotes, frames, over time.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)

    parser.add_argument("--version", action="version", version=f"coveragekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("load", help="read articles into one clean table, listing what was rejected",
                       description="Read articles from files and folders into the article schema. "
                                   "Writes FILE (CSV or Parquet) and FILE-stem.rejected.csv beside it.")
    _add_input_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the articles (.csv or .parquet)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("analyze", help="run every analysis and write its tables into a folder",
                       description="Load the inputs, then score sentiment, fit topics, find actors, "
                                   "quotes and frames, and write CSV tables and summary.json into DIR.")
    _add_input_options(p)
    p.add_argument("--demo", action="store_true", help="analyse the bundled demo corpus")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the outputs")
    _add_analysis_options(p)
    p.add_argument("--cache", action="store_true",
                   help="keep per-article results in DIR/.coveragekit-cache and reuse them on re-runs "
                        "(summary.json then reports hits and misses)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("report", help="analyse and write a shareable HTML report with the tables beside it",
                       description="Everything analyze does, plus DIR/report.html: one self-contained page "
                                   "with the charts, the tables and the methods. Re-runs reuse the cache in "
                                   "DIR/.coveragekit-cache, so only new articles are scored.")
    _add_input_options(p)
    p.add_argument("--demo", action="store_true", help="report on the bundled demo corpus")
    p.add_argument("--config", metavar="FILE", help="a project file (TOML or YAML) naming inputs and options")
    p.add_argument("--out", metavar="DIR", help="folder for report.html and the tables")
    p.add_argument("--title", default="Coverage report", help="the report's title")
    p.add_argument("--static", action="store_true",
                   help="write the report without scripts: pictures and tables only (default: interactive "
                        "charts and tables that follow filters, which still open offline)")
    _add_analysis_options(p)
    p.add_argument("--no-cache", action="store_true", help="score every article again instead of reusing the cache")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("outlets", help="write an outlets table of the outlets in your files, to fill in groups",
                       description="Read the inputs and write FILE.csv: one row per outlet (domain, language, "
                                   "group pre-filled: the bundled table's group, else the outlet itself). Edit the "
                                   "group column and pass the file with --outlets to compare those groups.")
    _add_input_options(p)
    p.add_argument("--out", required=True, metavar="FILE.csv", help="where to write the table")
    p.add_argument("--outlets", metavar="CSV", help="an outlets table to start from (default: the bundled one)")
    p.add_argument("--force", action="store_true", help="replace FILE.csv if it exists")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_outlets)

    p = sub.add_parser("init", help="write a commented example project file",
                       description="Write a project file to edit, then run: coveragekit report --config FILE")
    p.add_argument("path", nargs="?", default="project.toml", help="where to write it (default project.toml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("notebooks", help="run the reading-path notebooks on your articles and save them as HTML",
                       description="Execute the kit's notebooks with papermill on INPUT (the notebook 07 "
                                   "parameters) and render them to HTML in DIR.")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_notebooks)

    _add_fetch_parser(sub)
    p = sub.add_parser("evaluate", help="measure how often the actor, quote and frame instruments are right",
                       description="Run the instruments on a gold set (passages annotated by people) and print "
                                   "precision, recall and F1 per instrument, split and language. GOLD_DIR holds "
                                   "passages.csv, mentions.csv and quotes.csv (see coveragekit.evaluate); "
                                   "without it the bundled gold set is used.")
    p.add_argument("gold", nargs="?", metavar="GOLD_DIR", help="a gold set folder (default: the bundled one)")
    p.add_argument("--errors", metavar="FILE", help="write every miss, false find and wrong speaker to this CSV")
    p.add_argument("--split", choices=["all", "dev", "test"], help="print only this split")
    p.add_argument("--actors", metavar="FILE", help="an actor table to use instead of the kit's")
    p.set_defaults(func=cmd_evaluate)
    return parser


def cmd_evaluate(args) -> int:
    ev = evaluate(args.gold, actors=args.actors)
    print(ev.table(split=args.split).to_string(index=False, na_rep=""))
    if args.errors:
        out = Path(args.errors)
        if out.parent and not out.parent.exists():
            raise OptionError(f"the folder of --errors {out} does not exist", hint="create it first")
        ev.errors.to_csv(out, index=False)
        print(f"errors: {out} ({len(ev.errors)} rows)")
    return 0


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except CoveragekitError as exc:
        print(f"coveragekit: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coveragekit: interrupted; outputs already written are complete, the rest were not written",
              file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
