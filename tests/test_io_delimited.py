"""coveragekit.io.delimited: CSV and TSV files, malformed (ragged rows, stray quotes,
encodings, NUL bytes, huge fields) and Media Cloud exports.

Moved from tests/test_bad_inputs.py: the loader either stops with one clear line or loads
with every record accounted for (read = loaded + rejected, with a reason for each)."""

import pandas as pd
import pytest
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck


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
