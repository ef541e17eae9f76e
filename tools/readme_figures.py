"""Write the figures of ``coveragekit evaluate`` on the bundled gold set into README.md.

The table between the markers ``<!-- evaluate:start -->`` and ``<!-- evaluate:end -->`` is
replaced by the one computed now (``tests/test_evaluate.py`` fails while they differ):

    .venv/bin/python tools/readme_figures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- evaluate:start -->", "<!-- evaluate:end -->"


def figures_block() -> str:
    from coveragekit import evaluate

    return START + "\n" + evaluate().markdown() + END


def main() -> int:
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{path}: the markers {START} and {END} are missing", file=sys.stderr)
        return 2
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + figures_block() + tail, encoding="utf-8")
    print(f"{path}: figures written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
