"""coveragekit.io.jsonfmt: JSON arrays, JSON Lines and GDELT files, malformed or cut short.

Moved from tests/test_bad_inputs.py: the loader either stops with one clear line or loads
with every record accounted for (read = loaded + rejected, with a reason for each)."""

import pandas as pd
import pytest
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck


def test_truncated_json_array_keeps_the_records_before_the_cut(tmp_path):
    p = write(tmp_path, "cut.json",
              '[{"date": "2025-03-01", "title": "Uno"},\n'
              ' {"date": "2025-03-02", "title": "Dos"},\n'
              ' {"date": "2025-03-03", "title": "Tr')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Uno", "Dos"]
    assert reasons(loaded) == {
        "cut.json:record 3": "the file breaks off or is malformed at line 3 (truncated download?); "
                             "the records before it were kept",
    }
    assert loaded.files.loc[0, "note"] == "truncated or malformed JSON array"


def test_truncated_json_object_is_one_clear_error(tmp_path):
    p = write(tmp_path, "cut_object.json", '{"articles": [{"title": "A", "seendate": "20250101T000000Z"}')
    one_line_error(p, "is not valid JSON (Expecting ',' delimiter at line 1, column 61)")


@pytest.mark.parametrize("content", ['"just a headline"', "42", "null", "true"])
def test_json_that_is_a_bare_value_is_one_clear_error(tmp_path, content):
    p = write(tmp_path, "bare.json", content)
    one_line_error(p, "holds a JSON value that is neither a list of articles nor an object")


def test_json_array_of_non_objects_rejects_each_item(tmp_path):
    p = write(tmp_path, "values.json", '[1, "two", null, [3], {"date": "2025-03-01", "title": "Real"}]')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Real"]
    assert reasons(loaded) == {f"values.json:record {i}": "record is not a JSON object" for i in (1, 2, 3, 4)}
    assert list(loaded.rejected["raw"]) == ["1", '"two"', "null", "[3]"]


def test_empty_json_array_and_blank_json(tmp_path):
    loaded = accounted(ck.load(write(tmp_path, "none.json", "[]")))
    assert loaded.n_read == 0 and loaded.files.loc[0, "note"] == "no records"
    one_line_error(write(tmp_path, "blank.json", "  \n\t\n"), "the file holds only blank space")


def test_json_nested_too_deeply_is_a_rejected_record_not_a_crash(tmp_path):
    # 100,000 nested arrays: Python's json raises RecursionError
    p = write(tmp_path, "deep.json", '[{"date": "2025-03-01", "title": "Kept"}, ' + "[" * 100_000 + "]" * 100_000 + "]")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Kept"]
    assert list(loaded.rejected["record"]) == ["deep.json:record 2"]
    assert "malformed at line 1" in loaded.rejected.loc[0, "reason"]


def test_json_lines_with_a_line_nested_too_deeply_or_a_number_too_long(tmp_path):
    p = write(tmp_path, "odd.jsonl",
              '{"date": "2025-03-01", "title": "Kept"}\n'
              + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "\n"
              + '{"date": "2025-03-02", "title": "Long", "n": ' + "9" * 5000 + "}\n")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Kept"]
    assert reasons(loaded) == {
        "odd.jsonl:2": "line is not valid JSON (nested too deeply)",
        "odd.jsonl:3": "line is not valid JSON (a number too long to read)",
    }


def test_json_lines_with_broken_blank_and_whitespace_lines(tmp_path):
    p = write(tmp_path, "feed.jsonl",
              '{"date": "2025-03-01", "title": "One"}\n'        # 1 loaded
              "\n"                                               # 2 blank: not a record
              "   \t \n"                                         # 3 blank: not a record
              '{"date": "2025-03-02", "title": "Two"\n'         # 4 broken
              "[1, 2]\n"                                         # 5 not an object
              '"text"\n'                                         # 6 not an object
              '{"date": "2025-03-03"}\n'                         # 7 no title, no text
              '{"date": "2025-03-04", "title": "Last"}')        # 8 loaded, no final newline
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["source"]) == ["feed.jsonl:1", "feed.jsonl:8"]
    assert reasons(loaded) == {
        "feed.jsonl:4": "line is not valid JSON (Expecting ',' delimiter)",
        "feed.jsonl:5": "line is not a JSON object",
        "feed.jsonl:6": "line is not a JSON object",
        "feed.jsonl:7": "no title and no text",
    }


def test_json_lines_whose_strings_hold_line_separators(tmp_path):
    # U+2028, U+2029 and U+0085 may stand unescaped inside JSON strings: they end no record
    p = write(tmp_path, "seps.jsonl",
              '{"date": "2025-03-01", "title": "Uno\u2028dos"}\r\n'
              '{"date": "2025-03-02", "title": "Tres\x85cuatro\u2029cinco"}\r\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Uno dos", "Tres cuatro cinco"]
    assert list(loaded.articles["source"]) == ["seps.jsonl:1", "seps.jsonl:2"]


def test_json_lines_saved_as_json_are_detected(tmp_path):
    p = write(tmp_path, "lines.json", '{"date": "2025-03-01", "title": "A"}\n{"date": "2025-03-02", "ti')
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "format"] == "jsonl"
    assert list(loaded.articles["title"]) == ["A"]
    assert reasons(loaded) == {"lines.json:2": "line is not valid JSON (Unterminated string starting at)"}


def test_json_with_lone_surrogate_escapes_loads_with_replacement_characters(tmp_path):
    p = write(tmp_path, "surrogates.json",
              r'[{"date": "2025-03-01", "title": "A\ud800B", "outlet": "Diario\udc00", "tag": "\udfff"}]')
    loaded = accounted(ck.load(p))
    a = loaded.articles.iloc[0]
    assert (a["title"], a["outlet"], a["tag"]) == ("A\ufffdB", "Diario\ufffd", "\ufffd")
    loaded.articles.to_csv(tmp_path / "out.csv")  # writable as UTF-8


def test_gdelt_file_with_bad_seendates(tmp_path):
    p = write(tmp_path, "gdelt.json", """{"articles": [
 {"url": "https://x-example.org/1", "title": "Good", "seendate": "20250808T173000Z", "domain": "x-example.org", "language": "Spanish"},
 {"url": "https://x-example.org/2", "title": "Month 13", "seendate": "20251308T173000Z", "domain": "x-example.org", "language": "English"},
 {"url": "https://x-example.org/3", "title": "Empty", "seendate": "", "domain": "x-example.org", "language": "English"},
 {"url": "https://x-example.org/4", "title": "Null", "seendate": null, "domain": "x-example.org", "language": "English"},
 {"url": "https://x-example.org/5", "title": "Number", "seendate": 20250808, "domain": "x-example.org", "language": "English"},
 "not an article"
]}""")
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "format"] == "gdelt"
    assert list(loaded.articles["title"]) == ["Good"]
    assert loaded.articles.loc[0, "published_at"] == pd.Timestamp("2025-08-08 17:30", tz="UTC")
    assert loaded.articles.loc[0, "lang"] == "es"
    assert reasons(loaded) == {
        "gdelt.json:article 2": "date '20251308T173000Z' is not a real calendar date",
        "gdelt.json:article 3": "no publication date",
        "gdelt.json:article 4": "no publication date",
        "gdelt.json:article 5": "date '20250808' could not be read",
        "gdelt.json:article 6": "record is not a JSON object",
    }
