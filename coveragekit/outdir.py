"""The output folder is shared with the user: the kit replaces only files it wrote.

Every run records the files it wrote in ``OUT/.coveragekit-outputs.json`` (the manifest).
Before a run writes, :func:`claim` checks the names it is about to write: one that exists in
the folder but is not in the manifest is the user's (their own ``summary.json``, a
``report.html`` from elsewhere) and is not replaced unless ``force`` is given; the error
names the files. A folder written by a kit from before the manifest is recognised by its
``summary.json`` (which names coveragekit's version).
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import OptionError
from .output import atomic_write_text

__all__ = ["MANIFEST", "claim", "owned", "record"]

MANIFEST = ".coveragekit-outputs.json"

# What a kit from before the manifest wrote (its tables, summary.json and the report): a
# folder it wrote is recognised by its summary.json, and these files in it are the kit's.
BEFORE_THE_MANIFEST = frozenset({
    "articles.csv", "mentions.csv", "quotes.csv", "topics.csv", "frames.csv", "timeline.csv", "cooccurrence.csv",
    "actor_sentiment.csv", "keyness.csv", "sentiment_agreement.csv", "rejected.csv", "files.csv", "topic_choice.csv",
    "summary.json", "report.html"})


def owned(out: Path) -> set[str]:
    """The names of the files in ``out`` that the kit wrote."""
    out = Path(out)
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {str(n) for n in data.get("files", [])}
    except (OSError, ValueError, AttributeError):
        pass
    try:  # a folder written before the manifest existed: its summary.json says so
        summary = json.loads((out / "summary.json").read_text("utf-8"))
        if isinstance(summary, dict) and "coveragekit" in summary.get("versions", {}):
            return set(BEFORE_THE_MANIFEST)
    except (OSError, ValueError, AttributeError):
        pass
    return set()


def claim(out, names, *, force: bool = False) -> None:
    """Refuse to write ``names`` into ``out`` where a file of that name is there and the
    kit did not write it (unless ``force``)."""
    out = Path(out)
    if force or not out.is_dir():
        return
    mine = owned(out)
    theirs = sorted(n for n in names if n not in mine and (out / n).exists())
    if theirs:
        shown = ", ".join(theirs[:6]) + (f" and {len(theirs) - 6} more" if len(theirs) > 6 else "")
        raise OptionError(f"--out {out} holds files the kit did not write, which this run would replace: {shown}",
                          hint="choose an empty or new folder for --out, or add --force to replace them")


def record(out, names) -> None:
    """Add ``names`` to the manifest of ``out`` (written atomically)."""
    out = Path(out)
    files = sorted(owned(out) | {str(n) for n in names}) if (out / MANIFEST).exists() else sorted(
        {str(n) for n in names})
    atomic_write_text(out / MANIFEST, json.dumps({"written_by": "coveragekit", "files": files}, indent=1) + "\n")
