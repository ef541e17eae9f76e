"""The ``coveragekit`` command. It only parses arguments and calls the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CoveragekitError, OptionError

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


def _add_input_options(p):
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files or folders: CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom, "
                        "Media Cloud or GDELT exports, saved pages (.html, .txt, .md)")
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


def _load_from_args(args, *, cache: bool = False, background_marks: bool = False):
    from .io import load

    if args.dayfirst and args.monthfirst:
        raise OptionError("--dayfirst and --monthfirst cannot both be given")
    dayfirst = True if args.dayfirst else (False if args.monthfirst else None)
    if getattr(args, "demo", False):
        from .datasets import demo_paths

        inputs = demo_paths() + list(args.inputs or [])
    else:
        inputs = args.inputs
    if not inputs:
        raise OptionError("no input given", hint="name one or more files or folders (or --demo)")
    cache_dir = Path(args.out) / ".coveragekit-cache" if cache and getattr(args, "out", None) else None
    return load(inputs, format=args.format, mapping=_mapping(args.map), dayfirst=dayfirst,
                drop_duplicates=args.drop_duplicates, cache_dir=cache_dir,
                mark_duplicates="background" if background_marks else True)


def cmd_load(args) -> int:
    from .output import write_table

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
        import os

        self.verbose = getattr(args, "verbose", False)
        self.quiet = getattr(args, "quiet", False)
        self.bar = None
        steps = self.STEPS + list(extra)
        if not self.quiet and not self.verbose and sys.stderr.isatty() and not os.environ.get("CI"):
            from tqdm import tqdm

            self.bar = tqdm(total=len(steps), desc="coveragekit", unit="step", leave=False, file=sys.stderr)
        self.current = None

    def __call__(self, name):
        import time

        if self.bar is not None:
            if self.current is not None:
                self.bar.update(1)
            self.bar.set_description(name)
        elif self.verbose:
            print(f"coveragekit: {name}...", file=sys.stderr)
        self.current = (name, time.monotonic())

    def close(self):
        if self.bar is not None:
            self.bar.update(1)
            self.bar.close()


def _analysis_options(args) -> dict:
    return dict(actors=args.actors, frames=args.frames, events=args.events, outlets=args.outlets,
                n_topics=args.topics, period=args.period, random_state=args.seed,
                topics_mode=args.topics_mode)


def cmd_analyze(args) -> int:
    from .pipeline import analyze

    progress = _Progress(args)
    try:
        progress("loading")
        # the duplicate marks are computed in a worker while the analyses run
        loaded = _load_from_args(args, cache=args.cache, background_marks=True)
        result = analyze(loaded, out=args.out, progress=progress, cache=args.cache,
                         **_analysis_options(args))
    finally:
        progress.close()
    if not args.quiet:
        print(result.summary_line())
        _print_cache(result)
        print(f"outputs: {Path(args.out)}/ (articles.csv, mentions.csv, quotes.csv, topics.csv, frames.csv, "
              "timeline.csv, summary.json...)")
    return 0


def _print_cache(result):
    cache = result.summary.get("cache")
    if not cache:
        return
    hits = sum(v["hits"] for v in cache["stages"].values())
    misses = sum(v["misses"] for v in cache["stages"].values())
    print(f"cache: {hits} results reused, {misses} computed")
    files = cache.get("files")
    if files:
        print(f"cache: {files['hits']} input file(s) unchanged and reused, {files['misses']} read")
    for p in cache.get("problems", []):
        print(f"cache: {p}")


def _apply_config(args):
    if not getattr(args, "config", None):
        return args
    from .project import read_project

    conf = read_project(args.config)
    if conf.get("inputs") and not args.inputs:
        args.inputs = conf["inputs"]
    if args.out is None and conf.get("out"):
        args.out = conf["out"]
    for key, attr in (("format", "format"), ("actors", "actors"), ("frames", "frames"), ("events", "events"),
                      ("outlets", "outlets"), ("topics", "topics"), ("period", "period"), ("seed", "seed"),
                      ("title", "title"), ("topics_mode", "topics_mode")):
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
    return args


_DEFAULTS = {"period": "month", "seed": 0, "title": "Coverage report", "topics_mode": "refit"}


def cmd_report(args) -> int:
    from .pipeline import analyze
    from .report import write_report

    args = _apply_config(args)
    if not args.out:
        raise OptionError("no output folder", hint="give --out DIR (or out = \"...\" in the project file)")
    progress = _Progress(args, extra=["report"])
    try:
        progress("loading")
        loaded = _load_from_args(args, cache=not args.no_cache, background_marks=True)
        result = analyze(loaded, out=args.out, progress=progress, cache=not args.no_cache,
                         **_analysis_options(args))
        progress("report")
        path = write_report(result, Path(args.out) / "report.html", title=args.title)
    finally:
        progress.close()
    if not args.quiet:
        print(result.summary_line())
        _print_cache(result)
        print(f"report: {path}")
        print(f"tables: {Path(args.out)}/*.csv and summary.json")
    return 0


def cmd_init(args) -> int:
    from .output import atomic_write_text
    from .project import EXAMPLE

    path = Path(args.path)
    if path.exists() and not args.force:
        raise OptionError(f"{path} already exists", hint="choose another name or add --force")
    atomic_write_text(path, EXAMPLE)
    print(f"wrote {path}: edit the inputs, then run: coveragekit report --config {path}")
    return 0


def cmd_notebooks(args) -> int:
    from .notebooks import run_notebooks

    paths = run_notebooks(args.inputs, out=args.out, quiet=args.quiet)
    if not args.quiet:
        for p in paths:
            print(f"notebook: {p}")
    return 0


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
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quiet", action="store_true", help="print nothing but errors")
    g.add_argument("--verbose", action="store_true", help="say what each step is doing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coveragekit",
        description="Load news articles from the files you collected and analyse their coverage: "
                    "sentiment, topics, actors and quotes, frames, over time.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__

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
    _add_analysis_options(p)
    p.add_argument("--no-cache", action="store_true", help="score every article again instead of reusing the cache")
    p.set_defaults(func=cmd_report)

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
    from .evaluate import evaluate

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
