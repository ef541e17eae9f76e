"""The house's size in numbers, for issue 15: library lines, functions over 60 lines (the
largest listed) and imports inside functions, per module and in all.

    python tools/code_metrics.py [CHECKOUT]      (default: this checkout)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def metrics(checkout: Path) -> dict:
    root = checkout / "coveragekit"
    lines, inner, long = 0, {}, []
    for path in sorted(root.rglob("*.py")):
        src = path.read_text("utf-8")
        lines += src.count("\n")
        name = str(path.relative_to(root))
        inner[name] = 0
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner[name] += sum(isinstance(s, (ast.Import, ast.ImportFrom)) for s in ast.walk(node))
                n = node.end_lineno - node.lineno + 1
                if n > 60:
                    long.append((n, f"{name}:{node.name}"))
    return {"lines": lines, "function_imports": inner, "long": sorted(long, reverse=True)}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    m = metrics(Path(args[0]) if args else Path(__file__).resolve().parents[1])
    print(f"library lines: {m['lines']:,}")
    print(f"functions over 60 lines: {len(m['long'])}; largest: "
          + ", ".join(f"{name} ({n})" for n, name in m["long"][:6]))
    imports = m["function_imports"]
    top = sorted(((n, f) for f, n in imports.items() if n), reverse=True)[:6]
    print(f"imports inside functions: {sum(imports.values())}; most: " + ", ".join(f"{f} ({n})" for n, f in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
