"""Running the reading-path notebook "07 bring your own articles" on a journalist's files
with papermill, and rendering the executed notebook to HTML."""

from __future__ import annotations

from pathlib import Path

from .errors import OptionError

__all__ = ["notebook_dir", "run_notebooks"]


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
        pm.execute_notebook(str(src), str(dest), parameters={"paths": paths, "out_dir": str(out / "tables")},
                            cwd=str(notebook_dir()), progress_bar=not quiet, kernel_name="python3")
        nb = nbformat.read(dest, as_version=4)
        html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
        written.append(dest)
        written.append(atomic_write_text(dest.with_suffix(".html"), html))
    return written
