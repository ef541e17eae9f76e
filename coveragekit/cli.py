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


def _load_from_args(args):
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
    return load(inputs, format=args.format, mapping=_mapping(args.map), dayfirst=dayfirst,
                drop_duplicates=args.drop_duplicates)


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


def cmd_analyze(args) -> int:
    from .pipeline import analyze

    loaded = _load_from_args(args)
    result = analyze(loaded, out=args.out, actors=args.actors, frames=args.frames,
                     events=args.events, n_topics=args.topics, period=args.period,
                     random_state=args.seed, quiet=args.quiet)
    if not args.quiet:
        print(result.summary_line())
        print(f"outputs: {Path(args.out)}")
    return 0


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
    p.add_argument("--actors", metavar="CSV", help="actor table (default: the bundled data/actors.csv)")
    p.add_argument("--frames", metavar="CSV", help="frame lexicon (default: data/frames.csv)")
    p.add_argument("--events", metavar="CSV", help="events table (default: data/events.csv)")
    p.add_argument("--topics", type=int, default=None, metavar="N", help="number of topics (default: chosen on the data)")
    p.add_argument("--period", default="month", choices=["day", "week", "month"], help="period for time series")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=cmd_analyze)
    return parser


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
