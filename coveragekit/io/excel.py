"""Excel workbooks (``.xlsx``, ``.xlsm``), read with openpyxl.

Every sheet is read as a table whose first non-blank row names the columns, as a CSV
file's header does (``Options.sheet`` reads one sheet by name instead); each sheet is one
input, ``book.xlsx[Sheet1]``, in the files table. A sheet that holds no articles (a
notes sheet, a pivot) is listed with the reason instead of stopping the others.
"""

from __future__ import annotations

import warnings
import zipfile

from ..errors import InputError
from ._base import FileResult
from ._records import Options, Rejection
from .frame import read_rows


def read_workbook(path, *, display: str, options: Options) -> list[FileResult]:
    try:
        from openpyxl import load_workbook  # (half a second to import: for workbooks only)
    except ImportError:  # pragma: no cover - a dependency of the kit
        raise InputError("reading .xlsx needs openpyxl", path=display, hint="pip install openpyxl") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on styles and data validation
            book = load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"is not a readable Excel workbook ({type(exc).__name__})", path=display,
                         hint="open it in Excel and save it again as .xlsx, or export the sheet as CSV UTF-8"
                         ) from None
    try:
        names = list(book.sheetnames)
        if options.sheet is not None:
            if options.sheet not in names:
                raise InputError(f"has no sheet '{options.sheet}' (its sheets: {', '.join(names)})",
                                 path=display, hint="name one of its sheets with --sheet")
            names = [options.sheet]
        results = []
        for name in names:
            results.append(_read_sheet(book[name], display=f"{display}[{name}]", options=options,
                                       only=len(names) == 1))
    finally:
        book.close()
    if all(r.n_rows == 0 for r in results) and all(r.note.startswith("not read") for r in results):
        raise InputError(f"none of its sheets holds articles ({results[0].note[len('not read: '):]})",
                         path=display, hint="the first row of a sheet must name the columns: a date, a "
                                            "title or a text column")
    return results


def _read_sheet(ws, *, display: str, options: Options, only: bool) -> FileResult:
    rows = ws.iter_rows(values_only=True)
    header, at = None, 0
    for row in rows:  # the first row with a cell in it names the columns
        at += 1
        if row and any(c is not None and str(c).strip() for c in row):
            header = row
            break
    if header is None:
        result = FileResult(file=display, format="xlsx", encoding="xlsx", note="empty sheet")
        return result
    keys, seen = [], set()
    for i, h in enumerate(header):
        key = base = str(h).strip() if h is not None and str(h).strip() else f"column_{i + 1}"
        n = 1
        while key in seen:
            n += 1
            key = f"{base}_{n}"
        seen.add(key)
        keys.append(key)
    width = len(keys)
    body = (tuple(row[:width]) + (None,) * (width - len(row[:width])) for row in rows)
    try:
        return read_rows(keys, body, display=display, options=options, fmt="xlsx", encoding="xlsx", first=at + 1)
    except InputError as exc:
        if only:
            raise
        result = FileResult(file=display, format="xlsx", encoding="xlsx", note=f"not read: {exc.problem}")
        result.rejections.append(Rejection(display, display, f"sheet not read: {exc.problem}", ""))
        return result
