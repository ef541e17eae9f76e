"""Malformed inputs, one by one: the loader either stops with one clear line or loads with
every record accounted for (read = loaded + rejected, with a reason for each rejection).

Every fixture is written here by hand, and every expectation is read off the fixture: the
message fragment of the error, or which records load, which are rejected and why.
"""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import coveragekit as ck
from coveragekit.cli import main
from coveragekit.errors import CoveragekitError, InputError, OptionError

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


# ---------------------------------------------------------------------------------- JSON


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


# ----------------------------------------------------------------------------------- CSV


def test_csv_with_ragged_rows(tmp_path):
    p = write(tmp_path, "ragged.csv",
              "date,title,text\n"
              "2025-03-01,Complete,Body one\n"
              "2025-03-02,Short row\n"
              "2025-03-03,Long,row,with extra\n"
              "2025-03-04,Also complete,Body four\n")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Complete", "Also complete"]
    assert reasons(loaded) == {
        "ragged.csv:3": "row has 2 fields but the header has 3 (a stray delimiter or quote?)",
        "ragged.csv:4": "row has 4 fields but the header has 3 (a stray delimiter or quote?)",
    }


def test_csv_with_newlines_delimiters_and_quotes_inside_quoted_fields(tmp_path):
    p = write(tmp_path, "quoted.csv",
              'date,title,text\n'
              '2025-03-01,"Mexico, US agree","First paragraph.\n\nSecond, with ""quotes""."\n'
              '2025-03-02,"He said ""no""",One line\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Mexico, US agree", 'He said "no"']
    assert loaded.articles.loc[0, "text"] == 'First paragraph.\n\nSecond, with "quotes".'
    assert list(loaded.articles["source"]) == ["quoted.csv:2", "quoted.csv:5"]


def test_csv_with_a_quote_never_closed_at_the_end(tmp_path):
    # the quote opened on line 2 would swallow lines 3 and 4 into one title
    p = write(tmp_path, "open_quote.csv",
              'date,title\n2025-03-01,"Stray quote\n2025-03-02,Second\n2025-03-03,Third\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Second", "Third"]
    assert list(loaded.articles["source"]) == ["open_quote.csv:3", "open_quote.csv:4"]
    assert reasons(loaded) == {
        "open_quote.csv:2": 'a quote (") in this row is never closed, so the row ran on into the '
                            "lines below; they were read again on their own (fix the stray quote)",
    }
    assert loaded.rejected.loc[0, "raw"] == '2025-03-01,"Stray quote'


def test_csv_with_stray_quotes_that_pair_up_across_rows(tmp_path):
    # line 2 opens a quote that line 3 closes (followed by text): neither row is whole
    p = write(tmp_path, "paired.csv",
              'date,title,text\n2025-03-01,"Opens,a\n2025-03-02,B,"closes\n2025-03-03,C,fine\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["C"]
    assert sorted(reasons(loaded)) == ["paired.csv:2", "paired.csv:3"]
    assert all("never closed" in r for r in loaded.rejected["reason"])


def test_csv_header_with_a_quote_never_closed_is_one_clear_error(tmp_path):
    p = write(tmp_path, "bad_header.csv", 'date,title,"text\n2025-03-01,A,body\n')
    one_line_error(p, 'a quote (") in the first line (the header) is never closed')


@pytest.mark.parametrize(
    ("name", "content", "encoding"),
    [
        ("semicolons.csv", "fecha;titular;texto\n2025-03-01;Uno, dos;Texto uno\n2025-03-02;Tres;Texto dos\n", "utf-8"),
        ("tabs.tsv", "date\ttitle\ttext\n2025-03-01\tUno, dos\tTexto uno\n2025-03-02\tTres\tTexto dos\n", "utf-8"),
        ("tabs.csv", "date\ttitle\ttext\n2025-03-01\tUno, dos\tTexto uno\n2025-03-02\tTres\tTexto dos\n", "utf-8"),
        ("pipes.csv", "date|title|text\n2025-03-01|Uno, dos|Texto uno\n2025-03-02|Tres|Texto dos\n", "utf-8"),
        ("bom.csv", "\ufeffdate,title,text\n2025-03-01,\"Uno, dos\",Texto uno\n2025-03-02,Tres,Texto dos\n", "utf-8-sig"),
    ],
)
def test_delimiters_and_bom(tmp_path, name, content, encoding):
    loaded = accounted(ck.load(write(tmp_path, name, content)))
    assert list(loaded.articles["title"]) == ["Uno, dos", "Tres"]
    assert list(loaded.articles["text"]) == ["Texto uno", "Texto dos"]
    assert loaded.files.loc[0, "encoding"] == encoding


def test_delimiters_inside_quoted_cells_do_not_mislead_the_sniffing(tmp_path):
    # found by the property tests: a comma file whose quoted cells are full of tabs, pipes
    # and semicolons was read as tab-separated ("no date column ... found: date,title,text")
    p = write(tmp_path, "busy.csv",
              'date,title,text\r\n'
              '2025-01-01,"T\t""|\t;|a ,;",";\t\t,|a;\t"\r\n'
              '2025-01-02,"T, \t",";a\t\t, ;|;|;\t"\r\n'
              '2025-01-03,Ta,"\t |;|""a; \t,\t"\r\n'
              '2025-01-04,"T\ta| \t,,""","a| ;,; "\r\n'
              '2025-01-05,"T  a;|;,\ta,""a","""\t"";, "\r\n')
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "format"] == "csv"
    assert list(loaded.articles["title"]) == ['T "| ;|a ,;', "T,", "Ta", 'T a| ,,"', 'T a;|;, a,"a']


def test_cp1252_csv(tmp_path):
    p = write(tmp_path, "excel.csv", "fecha;título;texto\n2025-03-01;Canción “nueva”;Él dijo — sí, señor\n"
              .encode("cp1252"))
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "encoding"] == "cp1252"
    assert loaded.articles.loc[0, "title"] == "Canción “nueva”"
    assert loaded.articles.loc[0, "text"] == "Él dijo — sí, señor"


def test_mixed_utf8_and_cp1252_lines_in_one_file(tmp_path):
    p = write(tmp_path, "mixed.csv",
              "date,title\n".encode() + "2025-03-01,Año nuevo en UTF-8\n".encode("utf-8")
              + "2025-03-02,Año nuevo en cp1252\n".encode("cp1252"))
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "encoding"] == "utf-8+cp1252 (mixed)"
    assert list(loaded.articles["title"]) == ["Año nuevo en UTF-8", "Año nuevo en cp1252"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("random.csv", bytes((i * 7919 + 13) % 256 for i in range(4000))),  # every byte value, shuffled
        ("table.csv", b"PAR1\x15\x04\x15\x10" + bytes(100)),                  # a Parquet file renamed
        # (UTF-16 text, Excel's "Unicode text", is read since issue 17: tests/test_files.py)
    ],
)
def test_binary_file_with_a_csv_name_is_one_clear_error(tmp_path, name, content):
    one_line_error(write(tmp_path, name, content), "looks like a binary file, not CSV")


def test_a_workbook_with_a_csv_name_is_told_what_it_is(tmp_path):  # an .xlsx renamed
    one_line_error(write(tmp_path, "workbook.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200)),
                   "is a zip file (an Excel workbook or an archive), not CSV")


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("zero.csv", b"", "the file is empty (0 bytes)"),
        ("zero.json", b"", "the file is empty (0 bytes)"),
        ("zero.jsonl", b"", "the file is empty (0 bytes)"),
        ("zero.rss", b"", "the file is empty (0 bytes)"),
        ("zero.md", b"", "the file is empty (0 bytes)"),
        ("zero.parquet", b"", "is not a readable Parquet file"),
        ("bom_only.csv", b"\xef\xbb\xbf", "the first line (the header) is blank"),
        ("blank_header.csv", b"\n2025-03-01,A\n", "the first line (the header) is blank"),
        ("spaces_header.csv", b" , , \n2025-03-01,A,b\n", "the first line (the header) is blank"),
        ("only_delimiters.csv", b",,,\n,,,\n;;;\n", "the first line (the header) is blank"),
        ("only_newlines.csv", b"\n\n\r\n", "the first line (the header) is blank"),
        ("no_date.csv", b"title,body\nA,B\n", "no date column"),
        ("no_title.csv", b"date,outlet\n2025-03-01,Wire\n", "no title or text column"),
        ("no_date.json", b'[{"title": "A"}]', "no date column"),
        ("no_date.parquet", None, "no date column"),
    ],
)
def test_whole_file_problems_are_one_clear_error(tmp_path, name, content, fragment):
    if content is None:
        pq.write_table(pa.table({"headline": ["A"], "words": [3]}), tmp_path / name)
        p = tmp_path / name
    else:
        p = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        ck.load(p)
    line = str(err.value)
    assert fragment in line and name in line and "\n" not in line


def test_header_only_files_load_nothing_and_say_so(tmp_path):
    for name, content in [("header.csv", "date,title\n"), ("header_semicolons.csv", "date;title"),
                          ("header_crlf.csv", "date,title\r\n\r\n")]:
        loaded = accounted(ck.load(write(tmp_path, name, content)))
        assert loaded.n_read == 0
        assert loaded.files.loc[0, "note"] == "header only: no records"


def test_unknown_extra_columns_are_kept(tmp_path):
    p = write(tmp_path, "extras.csv",
              "date,title,outlet,source,Title,,Author Name,author-name,Word Count\n"
              "2025-03-01,Main title,Diario,wire service,Second title,unnamed,Ana,Bea,300\n")
    loaded = accounted(ck.load(p))
    a = loaded.articles.iloc[0]
    assert a["title"] == "Main title" and a["outlet"] == "Diario"
    assert a["source"] == "extras.csv:2"  # the schema's locator
    # columns whose names are taken stay, numbered
    assert (a["source_2"], a["title_2"], a["column_6"]) == ("wire service", "Second title", "unnamed")
    assert (a["author_name"], a["author_name_2"], a["word_count"]) == ("Ana", "Bea", "300")


def test_repeated_header_names_keep_both_columns(tmp_path):
    p = write(tmp_path, "twice.csv", "date,title,title,text,text\n2025-03-01,First,Second,Body,More\n")
    a = accounted(ck.load(p)).articles.iloc[0]
    assert (a["title"], a["title_2"], a["text"], a["text_2"]) == ("First", "Second", "Body", "More")


def test_crlf_line_endings_with_crlf_inside_a_quoted_field(tmp_path):
    p = write(tmp_path, "windows.csv", b'date,title,text\r\n2025-03-01,A,"Line one\r\nLine two"\r\n2025-03-02,B,Plain\r\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["text"]) == ["Line one Line two", "Plain"]
    assert list(loaded.articles["source"]) == ["windows.csv:2", "windows.csv:4"]


def test_old_mac_line_endings(tmp_path):
    # lone CR ends lines (Excel for Mac "CSV (Macintosh)")
    p = write(tmp_path, "mac.csv", b"date,title\r2025-03-01,A\r2025-03-02,B\r")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["A", "B"]
    assert list(loaded.articles["source"]) == ["mac.csv:2", "mac.csv:3"]


def test_nul_byte_in_the_middle_of_a_csv(tmp_path):
    p = write(tmp_path, "nul.csv", b"date,title\n2025-03-01,Da\x00maged\n2025-03-02,Fine\n")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Damaged", "Fine"]
    assert loaded.files.loc[0, "note"] == "NUL bytes removed from 1 line(s)"


def test_a_nul_byte_far_into_the_file_is_treated_the_same(tmp_path):
    rows = "".join(f"2025-03-01,Row {i}\n" for i in range(5000))  # past the 64 KB sniffing window
    p = write(tmp_path, "late_nul.csv", ("date,title\n" + rows).encode() + b"2025-03-02,La\x00te\n")
    loaded = accounted(ck.load(p))
    assert len(loaded.articles) == 5001 and loaded.articles["title"].iloc[-1] == "Late"


def test_a_two_megabyte_field(tmp_path):
    body = "palabra " * 262_144  # 2 MiB
    p = write(tmp_path, "huge.csv", f'date,title,text\n2025-03-01,Huge,"{body}"\n2025-03-02,Small,x\n')
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["Huge", "Small"]
    assert len(loaded.articles.loc[0, "text"]) == len(body) - 1  # the trailing space trimmed


def test_duplicate_ids_and_urls_are_kept_and_marked(tmp_path):
    p = write(tmp_path, "dups.json", """[
 {"id": "1", "url": "https://a-example.org/x", "date": "2025-03-01", "title": "Original"},
 {"id": "1", "url": "https://a-example.org/x", "date": "2025-03-01", "title": "Original"},
 {"id": "1", "url": "HTTPS://www.a-example.org/x/?utm_source=feed", "date": "2025-03-02", "title": "Same URL"}
]""")
    loaded = accounted(ck.load(p))
    a = loaded.articles
    assert len(a) == 3 and list(a["id"]) == ["1", "1", "1"]
    first = ck.make_article_id(url="https://a-example.org/x")
    assert list(a["article_id"]) == [first, f"{first}-2", f"{first}-3"]
    assert list(a["dup_kind"]) == ["original", "same url", "same url"]
    assert list(a["is_duplicate"]) == [False, True, True]
    dropped = accounted(ck.load(p, drop_duplicates=True))
    assert len(dropped.articles) == 1 and len(dropped.rejected) == 2


def test_html_and_script_tags_in_titles_and_bodies(tmp_path):
    p = write(tmp_path, "tags.csv",
              'date,title,text\n'
              '2025-03-01,"<script>alert(1)</script> <b>Cartels</b> &amp; tariffs",'
              '"<p>First <i>para</i>.</p><script>steal()</script><p>Second &lt;b&gt;para&lt;/b&gt;.</p>'
              '<style>p {color: red}</style>"\n')
    a = accounted(ck.load(p)).articles.iloc[0]
    assert a["title"] == "<script>alert(1)</script> Cartels & tariffs"  # visible, as text
    assert a["text"] == "First para.\n\nSecond para."


def test_dates_in_many_forms(tmp_path):
    p = write(tmp_path, "dates.csv", """n,date,title
1,2025-02-20T14:05:00-06:00,offset
2,"Thu, 20 Feb 2025 14:05:00 GMT",rfc 822
3,"Thu, 20 Feb 2025 14:05:00 +0100",rfc 822 with offset
4,"June 1, 2025",english
5,1 de junio de 2025,spanish
6,"lunes, 2 de junio de 2025 a las 10:30",spanish with weekday and time
7,25/12/2025,day first
8,2025-02-30,impossible
9,2099-01-01,far future
10,1899-12-31,before 1900
11,30/02/2025,impossible day-first
12,"February 30, 2025",impossible written
13,20250220T140500Z,gdelt
14,yesterday,a word
15,2025-02-20 14:05,no offset
16,03/04/2025,ambiguous
17,"Feb 20, 2025 2:05 PM",afternoon
18,2025-02-20T25:00:00,hour 25
19,"Thu, 31 Feb 2025 14:05:00 GMT",impossible rfc 822
20,0001-01-01,year one
""")
    loaded = accounted(ck.load(p, now=NOW))
    got = dict(zip(loaded.articles["n"], loaded.articles["published_at"]))
    utc = lambda s: pd.Timestamp(s, tz="UTC")  # noqa: E731
    assert got == {
        "1": utc("2025-02-20 20:05"), "2": utc("2025-02-20 14:05"), "3": utc("2025-02-20 13:05"),
        "4": utc("2025-06-01"), "5": utc("2025-06-01"), "6": utc("2025-06-02 10:30"),
        "7": utc("2025-12-25"), "13": utc("2025-02-20 14:05"), "15": utc("2025-02-20 14:05"),
        "17": utc("2025-02-20 14:05"),
    }
    assert reasons(loaded) == {
        "dates.csv:9": "date '2025-02-30' is not a real calendar date",
        "dates.csv:10": "date '2099-01-01' is in the future",
        "dates.csv:11": "date '1899-12-31' is before 1900",
        "dates.csv:12": "date '30/02/2025' is not a real calendar date",
        "dates.csv:13": "date 'February 30, 2025' is not a real calendar date",
        "dates.csv:15": "date 'yesterday' could not be read",
        "dates.csv:17": "date '03/04/2025' is ambiguous: day/month or month/day "
                        "(read it with --dayfirst or --monthfirst; in Python, load(..., dayfirst=True or False))",
        "dates.csv:19": "date '2025-02-20T25:00:00' is not a real calendar date",
        "dates.csv:20": "date 'Thu, 31 Feb 2025 14:05:00 GMT' is not a real calendar date",
        "dates.csv:21": "date '0001-01-01' is before 1900",
    }


def test_now_may_be_given_without_a_timezone(tmp_path):
    p = write(tmp_path, "soon.csv", "date,title\n2025-12-31,Kept\n2026-01-05,Too late\n")
    loaded = accounted(ck.load(p, now="2026-01-01"))
    assert list(loaded.articles["title"]) == ["Kept"]
    assert reasons(loaded) == {"soon.csv:3": "date '2026-01-05' is in the future"}


def test_media_cloud_export_with_every_publish_date_empty(tmp_path):
    p = write(tmp_path, "mc.csv",
              "id,indexed_date,language,media_name,media_url,publish_date,title,url\n"
              "1,2025-03-01 10:00:00,en,wire-example.org,wire-example.org,,First,https://wire-example.org/1\n"
              "2,2025-03-02 11:30:00,es,diario-example.mx,diario-example.mx,,Segundo,https://diario-example.mx/2\n"
              "3,,en,wire-example.org,wire-example.org,,No dates at all,https://wire-example.org/3\n")
    loaded = accounted(ck.load(p))
    assert loaded.files.loc[0, "format"] == "mediacloud"
    a = loaded.articles
    assert list(a["published_at"]) == [pd.Timestamp("2025-03-01 10:00", tz="UTC"),
                                       pd.Timestamp("2025-03-02 11:30", tz="UTC")]
    assert list(a["load_note"]) == ["publish_date empty; used indexed_date"] * 2
    assert reasons(loaded) == {"mc.csv:4": "no publication date"}


# ---------------------------------------------------------------------------------- feeds

_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Example</title>'


def _item(title, n, extra=""):
    return (f"<item><title>{title}</title><link>https://feed-example.org/{n}</link>"
            f"<pubDate>Thu, 20 Feb 2025 14:0{n}:00 GMT</pubDate><description>Body {n}{extra}</description></item>")


def test_rss_cut_inside_an_entry(tmp_path):
    p = write(tmp_path, "cut.rss", _HEAD + _item("One", 1) + _item("Two", 2) + "<item><title>Thr")
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert reasons(loaded) == {
        "cut.rss:entry 3": "the file ends inside this entry (truncated download?); "
                           "the entries before it were kept",
    }
    assert loaded.files.loc[0, "note"].startswith("truncated feed (")


def test_rss_cut_after_a_complete_entry_loses_nothing(tmp_path):
    p = write(tmp_path, "cut_after.rss", _HEAD + _item("One", 1) + _item("Two", 2))
    loaded = accounted(ck.load(p))
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert loaded.n_read == 2 and len(loaded.rejected) == 0
    assert loaded.files.loc[0, "note"].startswith("malformed feed (")


def test_rss_with_an_unescaped_ampersand_loses_nothing(tmp_path):
    p = write(tmp_path, "amp.rss", _HEAD + _item("One", 1) + _item("Tariffs & trade", 2, " & more") + "</channel></rss>")
    loaded = accounted(ck.load(p))
    assert loaded.n_read == 2 and len(loaded.articles) == 2
    assert loaded.articles.loc[1, "text"] == "Body 2 & more"


def test_rss_where_an_unclosed_cdata_swallows_an_entry(tmp_path):
    p = write(tmp_path, "cdata.rss",
              _HEAD + _item("One", 1) + "<item><title>Two</title><pubDate>Thu, 20 Feb 2025 14:02:00 GMT</pubDate>"
              "<description><![CDATA[never closed</description></item>"
              + _item("Three", 3) + "</channel></rss>")
    loaded = accounted(ck.load(p))
    assert loaded.n_read == 3  # three <item> tags in the file
    assert list(loaded.articles["title"]) == ["One", "Two"]
    assert list(loaded.rejected["record"]) == ["cdata.rss:entry 3"]
    assert "the file has 3 entries but only 2 could be read" in loaded.rejected.loc[0, "reason"]


def test_atom_html_title_with_script_stays_visible_and_the_body_loses_it(tmp_path):
    p = write(tmp_path, "hostile.atom",
              '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
              '<entry><title type="html">&lt;script&gt;alert(1)&lt;/script&gt; Headline</title>'
              '<updated>2025-02-20T10:00:00Z</updated>'
              '<content type="html">&lt;p&gt;Hi &lt;script&gt;x()&lt;/script&gt;there&lt;/p&gt;</content></entry></feed>')
    a = accounted(ck.load(p)).articles.iloc[0]
    assert a["title"] == "<script>alert(1)</script> Headline"
    assert a["text"] == "Hi there"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("catalog.xml", '<?xml version="1.0"?><catalog><book>Not a feed</book></catalog>'),
        ("drawing.xml", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
        ("page.rss", "<!doctype html><html><body><p>A web page</p></body></html>"),
    ],
)
def test_xml_that_is_not_a_feed_is_one_clear_error(tmp_path, name, content):
    one_line_error(write(tmp_path, name, content), "is not a readable RSS or Atom feed")


def test_feed_without_entries_loads_nothing(tmp_path):
    loaded = accounted(ck.load(write(tmp_path, "empty.rss", _HEAD + "</channel></rss>")))
    assert loaded.n_read == 0


# -------------------------------------------------------------------------------- parquet


def test_parquet_that_is_not_parquet(tmp_path):
    one_line_error(write(tmp_path, "fake.parquet", "date,title\n2025-03-01,A\n"), "is not a readable Parquet file")
    pq.write_table(pa.table({"date": ["2025-03-01"], "title": ["A"]}), tmp_path / "whole.parquet")
    data = (tmp_path / "whole.parquet").read_bytes()
    cut = write(tmp_path, "cut.parquet", data[: len(data) // 2])
    one_line_error(cut, "is not a readable Parquet file")


def test_parquet_with_nested_binary_and_typed_date_columns(tmp_path):
    import datetime as dt

    table = pa.table({
        "date": pa.array([dt.datetime(2025, 3, 1, 12), None, dt.datetime(1850, 1, 1)], pa.timestamp("us")),
        "title": ["Kept", "No date", "Too old"],
        "tags": [["a", "b"], [], None],
        "seen": pa.array([[dt.datetime(2025, 3, 1)], None, None], pa.list_(pa.timestamp("us"))),
        "blob": [b"\x00\x01", None, b"x"],
    })
    pq.write_table(table, tmp_path / "typed.parquet")
    loaded = accounted(ck.load(tmp_path / "typed.parquet"))
    a = loaded.articles.iloc[0]
    assert a["published_at"] == pd.Timestamp("2025-03-01 12:00", tz="UTC")
    assert (a["tags"], a["seen"], a["blob"]) == ('["a", "b"]', '["2025-03-01 00:00:00"]', "b'\\x00\\x01'")
    assert reasons(loaded) == {
        "typed.parquet:row 2": "no publication date",
        "typed.parquet:row 3": "date '1850-01-01 00:00:00' is before 1900",
    }


def test_parquet_without_rows(tmp_path):
    pq.write_table(pa.table({"date": pa.array([], pa.string()), "title": pa.array([], pa.string())}),
                   tmp_path / "empty.parquet")
    loaded = accounted(ck.load(tmp_path / "empty.parquet"))
    assert loaded.n_read == 0 and loaded.files.loc[0, "note"] == "no rows"


# ---------------------------------------------------------------------------------- pages


def test_front_matter_with_an_impossible_date_is_a_rejected_record(tmp_path):
    p = write(tmp_path, "page.md", "---\ntitle: Una nota\ndate: 2025-02-30\n---\nEl texto de la nota.\n")
    loaded = accounted(ck.load(p))
    assert reasons(loaded) == {"page.md": "date '2025-02-30' is not a real calendar date"}


def test_front_matter_that_is_not_yaml_is_one_clear_error(tmp_path):
    one_line_error(write(tmp_path, "bad.md", "---\ntitle: [never closed\n---\nBody.\n"),
                   "its front matter is not valid YAML")
    one_line_error(write(tmp_path, "big.md", "---\ntitle: T\nn: " + "9" * 5000 + "\n---\nBody.\n"),
                   "its front matter is not valid YAML")


def test_pages_without_content(tmp_path):
    one_line_error(write(tmp_path, "blank.txt", "  \n\n \t"), "the file holds only blank space")
    loaded = accounted(ck.load(write(tmp_path, "empty.html", "<html><body></body></html>")))
    assert reasons(loaded) == {"empty.html": "no title and no text"}


# -------------------------------------------------------------------------------- folders


def test_folder_with_bad_files_spaces_and_non_ascii_names(tmp_path):
    root = tmp_path / "artículos de prueba"
    write(root, "export 1.csv", "date,title\n2025-03-01,Uno\n")
    write(root, "sub carpeta/notas.jsonl", '{"date": "2025-03-02", "title": "Dos"}\n')
    write(root, "vacío.csv", b"")
    write(root, "vacío.json", b"")
    write(root, "datos.csv", bytes((i * 7919 + 13) % 256 for i in range(4000)))
    write(root, "léeme", "not an article")
    write(root, ".oculto.csv", "date,title\n2025-03-01,Hidden\n")
    (root / "enlace roto.csv").symlink_to(root / "no existe.csv")
    (root / "carpeta.csv").mkdir()  # a folder with a file's name: walked, holds nothing
    locked = write(root, "bloqueado.csv", "date,title\n2025-03-01,Locked\n")
    locked.chmod(0)
    try:
        try:
            locked.open("rb").close()
            readable = True  # root reads it anyway
        except PermissionError:
            readable = False
        loaded = accounted(ck.load(root))
    finally:
        locked.chmod(0o644)
    base = "artículos de prueba"
    expected_titles = ["Uno", "Dos"] if not readable else ["Locked", "Uno", "Dos"]
    assert sorted(loaded.articles["title"]) == sorted(expected_titles)
    expected = {
        f"{base}/.oculto.csv": "hidden file skipped",
        f"{base}/datos.csv": "looks like a binary file, not CSV",
        f"{base}/enlace roto.csv": "cannot be read: No such file or directory",
        f"{base}/léeme": "not a supported file type ('léeme')",
        f"{base}/vacío.csv": "the file is empty (0 bytes)",
        f"{base}/vacío.json": "the file is empty (0 bytes)",
    }
    if not readable:
        expected[f"{base}/bloqueado.csv"] = "cannot be read: permission denied"
    assert reasons(loaded) == expected
    assert f"{base}/sub carpeta/notas.jsonl:1" in set(loaded.articles["source"])


def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "latin1"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.csv"), "wb") as fh:
            fh.write(b"date,title\n2025-03-01,A\n")
    except OSError:
        pytest.skip("this file system only takes UTF-8 names")
    loaded = accounted(ck.load(folder))
    assert list(loaded.articles["source"]) == ["latin1/caf\ufffd.csv:2"]
    loaded.articles.to_csv(tmp_path / "out.csv")


def test_paths_named_directly(tmp_path):
    one_line_error(tmp_path / "missing.csv", "no such file or folder")
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    one_line_error(tmp_path / "dangling.csv", "no such file or folder")
    one_line_error(write(tmp_path, "notes", "plain words"), "the format cannot be recognised")
    spaced = write(tmp_path, "artículos de prueba/export 1.csv", "date,title\n2025-03-01,Uno\n")
    assert list(accounted(ck.load(spaced)).articles["source"]) == ["export 1.csv:2"]
    (tmp_path / "folder.csv").mkdir()
    empty = accounted(ck.load(tmp_path / "folder.csv"))
    assert empty.n_read == 0 and len(empty.files) == 0


def test_unknown_format_and_bad_mapping_are_option_errors(tmp_path):
    p = write(tmp_path, "ok.csv", "date,title\n2025-03-01,A\n")
    with pytest.raises(OptionError, match="unknown format 'xls'"):
        ck.load(p, format="xls")
    with pytest.raises(InputError, match="--map names 'headline', which is not a column"):
        ck.load(p, mapping={"headline": "title"})
    with pytest.raises(InputError, match="the file has no column 'Titular'"):
        ck.load(p, mapping={"title": "Titular"})


# ------------------------------------------------------------------------------------ CLI


def _cli(capsys, *args):
    code = main(["load", *map(str, args)])
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("missing", "no such file or folder"),
        ("binary", "is a zip file (an Excel workbook or an archive)"),
        ("map_without_equals", "--map 'title' is not of the form COLUMN=FIELD"),
        ("map_unknown_column", "the file has no column 'Titular'"),
        ("unknown_format", "unknown format 'xls'"),
    ],
)
def test_cli_prints_one_line_and_exits_2(tmp_path, capsys, case, fragment):
    good = write(tmp_path, "good.csv", "date,title\n2025-03-01,A\n")
    out = tmp_path / "articles.csv"
    args = {
        "missing": [tmp_path / "missing.csv", "--out", out],
        "binary": [write(tmp_path, "bin.csv", b"PK\x03\x04" + bytes(64)), "--out", out],
        "map_without_equals": [good, "--out", out, "--map", "title"],
        "map_unknown_column": [good, "--out", out, "--map", "title=Titular"],
        "unknown_format": [good, "--out", out, "--format", "xls"],
    }[case]
    code, err = _cli(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("coveragekit: error: ") and fragment in err
    assert not out.exists()


def test_cli_loads_a_damaged_file_and_writes_the_rejections(tmp_path, capsys):
    p = write(tmp_path, "damaged.jsonl", '{"date": "2025-03-01", "title": "A"}\n{"date": \n')
    code = main(["load", str(p), "--out", str(tmp_path / "articles.csv")])
    assert code == 0
    assert "1 loaded, 1 rejected" in capsys.readouterr().out
    rejected = pd.read_csv(tmp_path / "articles.rejected.csv")
    assert list(rejected["record"]) == ["damaged.jsonl:2"]


def test_cli_unwritable_output_is_one_line(tmp_path, capsys):
    good = write(tmp_path, "good.csv", "date,title\n2025-03-01,A\n")
    blocker = write(tmp_path, "blocker", "a file where a folder should be")
    code, err = _cli(capsys, good, "--out", blocker / "articles.csv")
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bad.csv", bytes((i * 7919 + 13) % 256 for i in range(4000)), 2),
        ("deep.json", "[" * 100_000 + "]" * 100_000, 0),
    ],
)
def test_python_m_coveragekit_never_shows_a_traceback(tmp_path, name, content, code):
    p = write(tmp_path, name, content)
    run = subprocess.run([sys.executable, "-m", "coveragekit", "load", str(p), "--out", str(tmp_path / "a.csv")],
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    assert run.returncode == code
    if code == 2:
        assert run.stderr.count("\n") == 1 and name in run.stderr
