"""Running the reading-path notebook "07 bring your own articles" on a journalist's files
with papermill, and rendering the executed notebook to HTML."""

from __future__ import annotations

from pathlib import Path

from .errors import OptionError

__all__ = ["notebook_dir", "run_notebooks"]


def _parameters(nb) -> set[str]:
    """The names the notebook's ``parameters`` cell assigns: only those are passed, so that
    papermill has no unknown parameter to warn about."""
    import re

    names = set()
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            names |= set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=", cell.source, re.M))
    return names


class _quiet_papermill:
    """papermill's own log lines (``Unable to parse line 3 ...``, ``Input notebook does not
    contain a cell with tag 'parameters'``) kept off the terminal: errors still raise."""

    def __enter__(self):
        import logging

        self._logger = logging.getLogger("papermill")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)
        return self

    def __exit__(self, *exc):
        self._logger.setLevel(self._level)
        return False


def notebook_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "notebooks"


def run_notebooks(inputs, *, out, quiet: bool = False, notebooks=("07_bring_your_own_articles.ipynb",)) -> list[Path]:
    """Execute the notebooks on ``inputs`` (passed as the ``paths`` parameter) and write each
    executed notebook and its HTML rendering into ``out``."""
    try:
        import nbformat
        import papermill as pm
        from nbconvert import HTMLExporter
    except ImportError:
        raise OptionError("running notebooks needs papermill and nbconvert",
                          hint="install them with: pip install 'coveragekit[dev]'") from None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from .output import atomic_write_text

    written = []
    paths = [str(Path(p).resolve()) for p in inputs]
    for p in paths:
        if not Path(p).exists():
            raise OptionError(f"{p}: no such file or folder")
    for name in notebooks:
        src = notebook_dir() / name
        if not src.exists():
            raise OptionError(f"the notebook {name} is missing", path=src)
        dest = out / name
        wanted = {"paths": paths, "out_dir": str(out / "tables")}
        declared = _parameters(nbformat.read(src, as_version=4))
        with _quiet_papermill():  # its notes on parsing the parameters cell are not the user's business
            pm.execute_notebook(str(src), str(dest), parameters={k: v for k, v in wanted.items() if k in declared},
                                cwd=str(notebook_dir()), progress_bar=not quiet, kernel_name="python3")
        nb = nbformat.read(dest, as_version=4)
        html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
        written.append(dest)
        written.append(atomic_write_text(dest.with_suffix(".html"), html))
    return written
