"""Checks shared by the tests of malformed inputs (tests/test_bad_inputs.py and the
tests/test_io_<reader>.py files): every fixture is written by hand, every expectation
read off the fixture."""

from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.errors import CoveragekitError

NOW = pd.Timestamp("2026-01-01", tz="UTC")


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def accounted(loaded):
    """The identity of the contract, overall and per file; returns the loaded result."""
    assert loaded.n_read == len(loaded.articles) + len(loaded.rejected)
    for f in loaded.files.itertuples():
        assert f.n_read == f.n_loaded + f.n_rejected, f.file
    assert loaded.articles["article_id"].is_unique
    assert (loaded.rejected["reason"].str.len() > 0).all()
    return loaded


def reasons(loaded) -> dict:
    return dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))


def one_line_error(path, fragment, **kw) -> str:
    with pytest.raises(CoveragekitError) as err:
        ck.load(path, **kw)
    line = str(err.value)
    assert fragment in line
    assert "\n" not in line
    assert Path(path).name in line
    return line
