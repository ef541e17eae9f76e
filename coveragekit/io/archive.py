"""Zip archives of supported files (a folder of exports or saved pages, zipped to be sent).

Each member is read as a file of a folder would be, shown as ``archive.zip/member``; a
member of an unsupported type, a hidden file or a folder entry is listed with the reason.
Members are read one at a time into a temporary file (never extracted by their own
names, so no path in the archive can write outside it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import PurePosixPath

from ..errors import InputError
from ._base import FileResult
from ._records import Options, skipped_file

# An archive whose members would unpack to more than this is refused (a zip bomb, or a
# file to unpack by hand).
MAX_UNPACKED = 4 * 1024**3


def read_archive(path, *, display: str, options: Options, read_member, detect, unsupported) -> list[FileResult]:
    try:
        zf = zipfile.ZipFile(path)
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"is not a readable zip archive ({exc})", path=display,
                         hint="unpack it with your system's tools and name the folder instead") from None
    results: list[FileResult] = []
    with zf, tempfile.TemporaryDirectory(prefix="coveragekit-zip-") as tmp:
        infos = sorted((i for i in zf.infolist() if not i.is_dir()), key=lambda i: i.filename)
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise InputError("unpacks to more than 4 GB", path=display,
                             hint="unpack it with your system's tools and name the folder instead")
        for info in infos:
            name = PurePosixPath(info.filename)
            shown = f"{display}/{info.filename}"
            if any(part.startswith((".", "__MACOSX")) for part in name.parts):
                results.append(skipped_file(shown, "hidden file skipped"))
                continue
            if info.flag_bits & 0x1:
                results.append(skipped_file(shown, "encrypted member: give the archive's password by unpacking it"))
                continue
            target = os.path.join(tmp, f"member{len(results)}{name.suffix.lower()}")
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            fmt = detect(target)
            if not fmt:
                results.append(skipped_file(shown, unsupported(info.filename)))
                continue
            if fmt == "zip":
                results.append(skipped_file(shown, "an archive inside the archive: unpack it first"))
                continue
            try:
                got = read_member(target, shown, fmt)
            except InputError as exc:
                got = skipped_file(shown, exc.problem, fmt=fmt)
            results.extend(got if isinstance(got, list) else [got])
            os.unlink(target)
    if not results:
        raise InputError("the archive is empty", path=display, hint="check that it was zipped with its files")
    return results

