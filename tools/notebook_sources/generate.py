"""Writes the notebooks' cells (prose and code) from cells.py; tools/execute_notebooks.py then fills the outputs.

The .ipynb files are what students open; this script is how the project first wrote them. Edit
the notebooks in JupyterLab or edit cells.py and re-run this, then `make notebooks`.
"""
import sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parents[2] / "notebooks"
SETUP = """import coveragekit as ck
import matplotlib.pyplot as plt
import pandas as pd

plt.rcParams.update(ck.plot.STYLE)
pd.set_option("display.precision", 3)
pd.set_option("display.max_colwidth", 80)"""


def nb(name, cells):
    book = new_notebook()
    book.cells = [new_markdown_cell(c[1]) if c[0] == "md" else new_code_cell(c[1]) for c in cells]
    for cell in book.cells:
        if cell.cell_type == "code" and cell.source.startswith("# Parameters"):
            cell.metadata["tags"] = ["parameters"]
    book.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    book.metadata["language_info"] = {"name": "python"}
    nbformat.write(book, OUT / name)


def md(s):
    return ("md", s.strip("\n"))


def code(s):
    return ("code", s.strip("\n"))


NOTEBOOKS = {}
exec((Path(__file__).parent / "cells.py").read_text(encoding="utf-8"))
for name, cells in NOTEBOOKS.items():
    if len(sys.argv) == 1 or any(a in name for a in sys.argv[1:]):
        nb(name, cells)
        print("wrote", name)
