"""The JSON Lines store of fetched records: nothing half written, nothing twice."""

from __future__ import annotations

import pytest

from coveragekit.errors import OptionError


def test_store_keeps_nothing_half_written_and_ignores_what_it_has(tmp_path):
    from coveragekit.fetch.store import Store

    out = tmp_path / "s.jsonl"
    st = Store(out)
    assert st.commit([{"url": "https://www.example.test/a/?utm_source=x", "title": "A"},
                      {"url": "https://example.test/a", "title": "A again"}]) == 1
    st.close()
    # a leftover temporary file of a killed write is removed; the file itself is whole
    (tmp_path / ".s.jsonl.abc.tmp").write_text('{"url": "half')
    st = Store(out)
    assert not (tmp_path / ".s.jsonl.abc.tmp").exists() and st.count == 1
    assert st.commit([{"url": "https://example.test/a/", "title": "A"}]) == 0
    with pytest.raises(OptionError, match="JSON Lines"):
        Store(tmp_path / "s.csv")
    # one writer at a time: a second fetch into the same file is refused while one runs
    with pytest.raises(OptionError, match="another fetch is writing"):
        Store(out)
    st.close()
    Store(out).close()
