"""The house's size in numbers, for issue 15, for any checkout:

- library lines;
- functions over 60 lines, counted whole and counted without their docstring (the body a
  reader has to follow), the largest listed;
- imports inside functions, per module;
- private names imported from another module of the kit (``from .cache import _x``);
- import cycles among the kit's modules, through imports at module level and through all
  imports (those inside functions too).

    python tools/code_metrics.py [CHECKOUT]      (default: this checkout)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["coveragekit", *parts])


def _target(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name a relative ``from ... import`` names."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _body_lines(node) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    if not body:
        return 0
    return body[-1].end_lineno - body[0].lineno + 1


def metrics(checkout: Path) -> dict:
    root = checkout / "coveragekit"
    modules = {_module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    lines, inner, long, private = 0, {}, [], []
    edges_top: dict[str, set] = {m: set() for m in modules}
    edges_all: dict[str, set] = {m: set() for m in modules}
    for module, path in modules.items():
        src = path.read_text("utf-8")
        lines += src.count("\n")
        name = str(path.relative_to(root))
        tree = ast.parse(src)
        inner[name] = 0
        in_function = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found = [s for s in ast.walk(node) if isinstance(s, (ast.Import, ast.ImportFrom))]
                inner[name] += len(found)
                in_function.update(map(id, found))
                whole, body = node.end_lineno - node.lineno + 1, _body_lines(node)
                if whole > 60:
                    long.append((body, whole, f"{name}:{node.name}"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(module, path.name == "__init__.py", node)
            if not target.startswith("coveragekit"):
                continue
            for alias in node.names:
                # ``from . import x`` names a module; ``from .m import x`` a name of m (or a submodule)
                sub = f"{target}.{alias.name}"
                dest = sub if sub in modules else target
                if dest in modules and dest != module and not _type_checking_only(tree, node):
                    edges_all[module].add(dest)  # (imports for annotations only are no imports)
                    if id(node) not in in_function:
                        edges_top[module].add(dest)
                if alias.name.startswith("_") and not alias.name.startswith("__") and sub not in modules:
                    private.append(f"{name}: {alias.name} from {target}")
    return {"lines": lines, "function_imports": inner, "long": sorted(long, reverse=True), "private": private,
            "cycles_top": _cycles(edges_top), "cycles_all": _cycles(edges_all)}


def _type_checking_only(tree, node) -> bool:
    for n in ast.walk(tree):
        if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test) and node in ast.walk(n):
            return True
    return False


def _cycles(edges: dict) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    m = metrics(Path(args[0]) if args else Path(__file__).resolve().parents[1])
    print(f"library lines: {m['lines']:,}")
    long = m["long"]
    over = [x for x in long if x[0] > 60]
    print(f"functions over 60 lines: {len(long)} counted whole; {len(over)} without their docstring; largest: "
          + ", ".join(f"{name} ({body}/{whole})" for body, whole, name in long[:8]))
    imports = m["function_imports"]
    top = sorted(((n, f) for f, n in imports.items() if n), reverse=True)[:6]
    print(f"imports inside functions: {sum(imports.values())}; most: " + ", ".join(f"{f} ({n})" for n, f in top))
    print(f"private names imported across modules: {len(m['private'])}"
          + (": " + "; ".join(m["private"][:12]) if m["private"] else ""))
    for kind in ("top", "all"):
        cycles = m[f"cycles_{kind}"]
        what = "module-level imports" if kind == "top" else "all imports (inside functions too)"
        print(f"import cycles through {what}: {len(cycles)}"
              + "".join(f"\n  {len(c)} modules: " + ", ".join(x.removeprefix('coveragekit.') for x in c)
                        for c in cycles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
