"""Importing the kit reads no data table (issue 15): the quote finder's rules are compiled
when quotes are first looked for, not at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_coveragekit_opens_no_file_of_the_data_folder():
    code = textwrap.dedent("""
        import builtins, io, json, os, sys
        opened = []
        _open, _os_open = builtins.open, os.open
        def spy(file, *args, **kwargs):
            opened.append(os.fspath(file) if not isinstance(file, int) else "")
            return _open(file, *args, **kwargs)
        def os_spy(path, *args, **kwargs):
            opened.append(os.fspath(path))
            return _os_open(path, *args, **kwargs)
        builtins.open = io.open = spy
        os.open = os_spy
        import coveragekit
        from coveragekit.datasets import data_dir
        data = os.path.realpath(data_dir())
        at_import = [f for f in opened if os.path.realpath(f).startswith(data)]
        import pandas as pd
        arts = pd.DataFrame({"article_id": ["a"], "lang": ["en"], "text": ['"No," she said.']})
        coveragekit.find_quotes(arts)
        after_quotes = [os.path.basename(f) for f in opened if os.path.realpath(f).startswith(data)]
        print(json.dumps([at_import, sorted(set(after_quotes))]))
    """)
    env = dict(os.environ, COVERAGEKIT_DATA=str(ROOT / "data"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    at_import, after_quotes = json.loads(done.stdout.strip().splitlines()[-1])
    assert at_import == []
    # the spy sees the reads: the first quote search reads the rule tables and the actor table
    assert {"speech_verbs.csv", "words.csv", "actors.csv"} <= set(after_quotes)
