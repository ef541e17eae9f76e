"""The bundled demo corpus and the editable domain tables (actors, events, frames, outlets).

Data files live in the repository's ``data/`` folder, which an installed kit (a wheel, a
plain ``pip install .``) carries inside the package as ``coveragekit/data``; an editable
install (``make``) reads the repository's folder itself. Set the environment variable
``COVERAGEKIT_DATA`` to use another folder.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import pandas as pd

from .errors import TableError

__all__ = ["read_once", "data_dir", "read_table", "load_events", "load_outlets", "demo_paths"]


def data_dir() -> Path:
    """The folder holding the demo corpus and the default tables.

    ``COVERAGEKIT_DATA`` when it is set; else the package data of an installed kit
    (``coveragekit/data``, found with :mod:`importlib.resources`); else, in a clone, the
    repository's ``data/`` folder.

    Examples
    --------
    >>> (data_dir() / "actors.csv").exists()
    True
    """
    env = os.environ.get("COVERAGEKIT_DATA")
    if env:
        return Path(env)
    shipped = _shipped_data()
    if shipped is not None:
        return shipped
    return Path(__file__).resolve().parent.parent / "data"


def _shipped_data() -> Path | None:
    """``coveragekit/data`` inside the installed package, when it is there (a wheel or a
    plain ``pip install .``; not a clone, whose tables are in the root's ``data/``)."""
    try:
        folder = files("coveragekit") / "data"
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - not imported as a package
        return None
    if not isinstance(folder, Path):  # e.g. inside a zip file: not a folder pandas can read
        return None
    return folder if (folder / "actors.csv").is_file() else None


def demo_paths() -> list[Path]:
    """The demo corpus inputs: the article files and the saved pages."""
    root = data_dir() / "demo"
    if not root.exists():
        raise TableError("the demo corpus is missing", path=root,
                         hint="reinstall coveragekit (the wheel carries it in coveragekit/data), "
                              "or set COVERAGEKIT_DATA to a folder that holds demo/")
    return [root]


_READ_ONCE: dict = {}
_READ_ONCE_SIZE = 32


def read_once(read, *args, files=()):
    """``read(*args)``, kept while the ``files`` it reads are unchanged (same path,
    modification time and size): a table that every call of a verb needs is read once per
    version of its file. Raises :class:`OSError` (with its ``filename``) when a file cannot
    be found, for the caller to say what is missing.

    Examples
    --------
    >>> path = data_dir() / "outlets.csv"
    >>> read_once(load_outlets, path, files=[path]) is read_once(load_outlets, path, files=[path])
    True
    """
    stamp = []
    for f in files:
        st = Path(f).stat()
        stamp.append((str(f), st.st_mtime_ns, st.st_size))
    key = (read, args, tuple(stamp))
    if key not in _READ_ONCE:
        if len(_READ_ONCE) >= _READ_ONCE_SIZE:  # the oldest goes
            _READ_ONCE.pop(next(iter(_READ_ONCE)))
        _READ_ONCE[key] = read(*args)
    return _READ_ONCE[key]


def read_table(path, *, required: list[str], name: str) -> pd.DataFrame:
    """Read one editable CSV table; every value as text, blank cells as "".

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "outlets.csv"
    >>> _ = path.write_text("outlet,group\\nSunland Courier,US\\nDiario del Valle,\\n", encoding="utf-8")
    >>> read_table(path, required=["outlet", "group"], name="outlets")["group"].tolist()
    ['US', '']
    >>> read_table(path, required=["outlet", "country"], name="outlets")
    Traceback (most recent call last):
    ...
    coveragekit.errors.TableError: ...the outlets table lacks the column(s) country...
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise TableError(f"the {name} table does not exist", path=path) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TableError(f"the {name} table cannot be read as CSV ({msg})", path=path,
                         hint="save it from a spreadsheet as CSV UTF-8") from None
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise TableError(f"the {name} table lacks the column(s) {', '.join(missing)}", path=path,
                         hint=f"its header must include: {', '.join(required)}")
    return df


def load_events(path=None) -> pd.DataFrame:
    """The events table (``date, event, source, label``) with ``date`` as UTC timestamps.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "events.csv"
    >>> _ = path.write_text("date,event,label\\n2025-02-03,Mexico tariffs paused for a month,Tariffs paused\\n"
    ...                     "2025-01-20,Executive Order 14157 signed,EO 14157 signed\\n"
    ...                     "2025-02-01,Tariffs on Mexico ordered,Tariffs ordered\\n", encoding="utf-8")
    >>> ev = load_events(path)
    >>> ev["date"].dt.strftime("%Y-%m-%d").tolist(), ev["label"].tolist()[0]
    (['2025-01-20', '2025-02-01', '2025-02-03'], 'EO 14157 signed')
    """
    path = data_dir() / "events.csv" if path is None else path
    df = read_table(path, required=["date", "event"], name="events")
    dates = pd.to_datetime(df["date"], errors="coerce", utc=True)
    bad = df.loc[dates.isna(), "date"]
    if len(bad):
        raise TableError(f"the events table has a date that cannot be read: '{bad.iloc[0]}'",
                         path=path, hint="write dates as YYYY-MM-DD")
    df = df.copy()
    df["date"] = dates
    if "label" not in df.columns:
        df["label"] = df["event"].str.slice(0, 28)
    return df.sort_values(["date", "event"]).reset_index(drop=True)


def load_outlets(path=None) -> pd.DataFrame:
    """The outlets table (``outlet, domain, kind, country, lang, group``).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "outlets.csv"
    >>> _ = path.write_text("outlet,group\\nSunland Courier,US\\nDiario del Valle,Mexico\\nA blog,other\\n",
    ...                     encoding="utf-8")
    >>> load_outlets(path).to_dict("list")
    {'outlet': ['Sunland Courier', 'Diario del Valle', 'A blog'], 'group': ['US', 'Mexico', 'other']}
    >>> "group" in load_outlets().columns  # the bundled table
    True
    """
    path = data_dir() / "outlets.csv" if path is None else path
    return read_table(path, required=["outlet", "group"], name="outlets")
