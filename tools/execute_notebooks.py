"""Re-execute the notebooks in place so their committed outputs are current.

    .venv/bin/python tools/execute_notebooks.py [notebooks/NN_name.ipynb ...]

Run it (or `make notebooks`) after changing the library or the data; `make test` then
validates the outputs strictly with nbval. Execution counts are renumbered and volatile
metadata (timings) removed, so the files change only when an output changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv):
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for p in paths:
        execute(p)


if __name__ == "__main__":
    main(sys.argv[1:])
