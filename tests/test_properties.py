"""Property tests (Hypothesis, derandomized): generated records written as CSV, JSON, JSON
Lines and Parquet, and arbitrary bytes under every extension, must load with every record
accounted for or stop with a documented error; the cleaning and date functions must hold
their promises (idempotent, never raising, codes of the documented form) on any input.

The example counts keep the whole module to about half a minute.
"""

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
from contextlib import contextmanager
from email.utils import format_datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import coveragekit as ck
from coveragekit.clean import clean_text, clean_title, detect_language
from coveragekit.errors import CoveragekitError
from coveragekit.io.dates import parse_date

NOW = pd.Timestamp("2026-01-01", tz="UTC")
SETTINGS = dict(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------ strategies

# What exported text carries: quotes, every delimiter, line breaks of all kinds, markup,
# entities, invisible and combining characters, right-to-left script, emoji.
NASTY = [
    '"', "'", '""', ",", ";", "\t", "|", "\n", "\r\n", "\r", "\n\n", " ", "  ", "\u00a0",
    "\u2028", "\u2029", "\x85", "\u200b", "\ufeff", "e\u0301", "&amp;", "&lt;b&gt;", "&", "&#60;",
    "<p>", "</p>", "<b>", "</b>", "<br/>", "<script>alert(1)</script>", "<a href='x'>", "</a>",
    "<", ">", "<<b>b>", "=", "#", "---", "{", "}", "[", "]", "\\", "null", "NaN",
    "ñ", "ü", "“", "”", "—", "€", "مرحبا", "中文", "😀",
]
# letters and punctuation of any script; no control characters (the fuzz test below has those)
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
WORDS = st.lists(st.sampled_from(["Sheinbaum", "cartel", "la", "the", "de", "invasión", "US",
                                  "México", "said", "dijo", "tariffs", "2025", "que", "and"]),
                 min_size=1, max_size=6).map(" ".join)


def nasty_text(alphabet=PRINTABLE, max_size=40):
    delimiter_soup = st.text(',;\t|" a\n', max_size=15)
    piece = st.one_of(st.text(alphabet, max_size=8), st.sampled_from(NASTY), WORDS, delimiter_soup)
    return st.one_of(st.text(alphabet, max_size=max_size),
                     st.lists(piece, max_size=12).map("".join))


def _offset(minutes):
    return dt.timezone(dt.timedelta(minutes=minutes))


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]


@st.composite
def written_date(draw):
    """A valid date written in one of the documented forms, and the instant it means."""
    naive = draw(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2025, 12, 30)))
    naive = naive.replace(microsecond=0)
    form = draw(st.sampled_from(["iso", "iso_offset", "iso_date", "iso_z", "rfc822", "gdelt",
                                 "english", "spanish", "dayfirst"]))
    utc = pd.Timestamp(naive, tz="UTC")
    if form == "iso":
        return naive.isoformat(), utc
    if form == "iso_offset":
        off = draw(st.integers(-14 * 60, 14 * 60))
        aware = naive.replace(tzinfo=_offset(off))
        return aware.isoformat(), pd.Timestamp(aware).tz_convert("UTC")
    if form == "iso_z":
        return naive.isoformat() + "Z", utc
    if form == "rfc822":
        off = draw(st.sampled_from([0, -300, 60, 330]))
        aware = naive.replace(tzinfo=_offset(off))
        return format_datetime(aware), pd.Timestamp(aware).tz_convert("UTC")
    if form == "gdelt":
        return naive.strftime("%Y%m%dT%H%M%SZ"), utc
    day = pd.Timestamp(naive.date(), tz="UTC")
    if form == "iso_date":
        return naive.date().isoformat(), day
    if form == "english":
        return f"{MONTHS_EN[naive.month - 1]} {naive.day}, {naive.year}", day
    if form == "spanish":
        return f"{naive.day} de {MONTHS_ES[naive.month - 1]} de {naive.year}", day
    assume(naive.day > 12)  # unambiguous day-first
    return f"{naive.day:02d}/{naive.month:02d}/{naive.year}", day


DATE_VALUES = st.one_of(
    written_date().map(lambda pair: pair[0]),
    st.sampled_from(["2025-02-30", "30/02/2025", "2099-01-01", "1899-12-31", "03/04/2025",
                     "yesterday", "", "   ", "2025-13-01", "Thu, 31 Feb 2025 14:05:00 GMT"]),
    st.text(PRINTABLE, max_size=20),
    st.none(),
)

FIELDS = ["date", "title", "text", "outlet", "url", "author"]


@st.composite
def records(draw, min_size=0):
    """Records as an export holds them: any field may be missing (None) or odd."""
    n = draw(st.integers(min_size, 6))
    out = []
    for _ in range(n):
        out.append({
            "date": draw(DATE_VALUES),
            "title": draw(st.one_of(st.none(), nasty_text())),
            "text": draw(st.one_of(st.none(), nasty_text(max_size=80))),
            "outlet": draw(st.one_of(st.none(), nasty_text(max_size=15))),
            "url": draw(st.one_of(st.none(), st.sampled_from(["https://a-example.org/1",
                                                               "https://a-example.org/1/",
                                                               "http://b-example.mx/x?utm_source=t",
                                                               "not a url", "https://[bad"]))),
            "author": draw(st.one_of(st.none(), nasty_text(max_size=10))),
        })
    return out


def as_cp1252(recs):
    """The records as a cp1252 export can hold them (other characters become "?")."""
    fit = lambda v: v.encode("cp1252", "replace").decode("cp1252") if isinstance(v, str) else v  # noqa: E731
    return [{k: fit(v) for k, v in r.items()} for r in recs]

# --------------------------------------------------------------------------------- writing


def _cell(v):
    return "" if v is None else v


def write_csv(path: Path, recs, *, delimiter=",", encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(FIELDS)
    for r in recs:
        w.writerow([_cell(r[k]) for k in FIELDS])
    path.write_bytes(buf.getvalue().encode(encoding))


def write_json(path: Path, recs, *, ascii_only=False):
    path.write_text(json.dumps([{k: v for k, v in r.items() if v is not None} for r in recs],
                               ensure_ascii=ascii_only), encoding="utf-8")


def write_jsonl(path: Path, recs, *, ascii_only=False):
    path.write_text("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in recs), encoding="utf-8")


def write_parquet(path: Path, recs):
    cols = {k: pa.array([r[k] for r in recs], pa.string()) for k in FIELDS}
    pq.write_table(pa.table(cols), path)


@contextmanager
def folder():
    d = Path(tempfile.mkdtemp(prefix="ck-prop-"))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def load_or_error(path, **kw):
    """Load; a documented error is an acceptable outcome, anything else fails the test."""
    try:
        loaded = ck.load(path, now=NOW, **kw)
    except CoveragekitError as exc:
        assert "\n" not in str(exc)
        return None
    assert loaded.n_read == len(loaded.articles) + len(loaded.rejected)
    for f in loaded.files.itertuples():
        assert f.n_read == f.n_loaded + f.n_rejected
    assert loaded.articles["article_id"].is_unique
    assert loaded.rejected["reason"].str.len().min() > 0 if len(loaded.rejected) else True
    return loaded


def expected_fate(rec):
    """What should become of one record, decided from its own fields: the cleaned title and
    text, and the date or the reason it cannot be read."""
    title, text = clean_title(rec["title"]), clean_text(rec["text"])
    if not title and not text:
        return None, "no title and no text"
    date = rec["date"].strip() if isinstance(rec["date"], str) else rec["date"]
    ts, reason = parse_date(date, now=NOW)
    if ts is None:
        return None, reason
    return (ts, title, text), None


def check_each_record(loaded, recs, locator):
    """Every record written is either loaded with its values or rejected for its own reason."""
    arts = loaded.articles.set_index("source")
    rejected = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    for i, rec in enumerate(recs):
        loc = locator(i)
        values, reason = expected_fate(rec)
        if values is None:
            assert rejected.get(loc) == reason, (loc, rec)
        else:
            assert loc in arts.index, (loc, rec, rejected.get(loc))
            a = arts.loc[loc]
            assert (a["published_at"], a["title"], a["text"]) == values, (loc, rec)


# ----------------------------------------------------------------------- loader properties


@settings(max_examples=60, **SETTINGS)
@given(recs=records(), ascii_only=st.booleans())
def test_json_and_json_lines_round_trip(recs, ascii_only):
    with folder() as d:
        write_json(d / "export.json", recs, ascii_only=ascii_only)
        write_jsonl(d / "export.jsonl", recs, ascii_only=ascii_only)
        for name, locator in [("export.json", lambda i: f"export.json:record {i + 1}"),
                              ("export.jsonl", lambda i: f"export.jsonl:{i + 1}")]:
            loaded = load_or_error(d / name)
            if not recs:  # "[]" holds no record; an empty JSON Lines file is an empty file
                assert (loaded is None) == (name == "export.jsonl")
                assert loaded is None or loaded.n_read == 0
                continue
            if loaded is None:  # only when no record has a date or title/text key at all
                assert all(r["date"] is None for r in recs) or all(
                    r["title"] is None and r["text"] is None for r in recs)
                continue
            assert loaded.n_read == len(recs)
            check_each_record(loaded, recs, locator)


@settings(max_examples=40, **SETTINGS)
@given(recs=records())
def test_parquet_round_trip(recs):
    with folder() as d:
        write_parquet(d / "export.parquet", recs)
        loaded = load_or_error(d / "export.parquet")
        assert loaded is not None and loaded.n_read == len(recs)
        check_each_record(loaded, recs, lambda i: f"export.parquet:row {i + 1}")


@settings(max_examples=80, **SETTINGS)
@given(recs=records(), delimiter=st.sampled_from([",", ";", "\t", "|"]),
       bom=st.booleans(), ext=st.sampled_from([".csv", ".txt.csv", ".tsv"]))
def test_utf8_csv_round_trip(recs, delimiter, bom, ext):
    if ext == ".tsv":
        delimiter = "\t"
    with folder() as d:
        p = d / f"export{ext}"
        write_csv(p, recs, delimiter=delimiter, encoding="utf-8-sig" if bom else "utf-8")
        loaded = load_or_error(p)
        assert loaded is not None
        # a row whose every field is blank is a blank line, not a record
        kept = [(i, r) for i, r in enumerate(recs) if any(str(_cell(v)).strip() for v in r.values())]
        assert loaded.n_read == len(kept)
        assert loaded.files.loc[0, "encoding"] == ("utf-8-sig" if bom else "utf-8")
        # locators are line numbers: count the physical lines each written row took
        line_of, line = {}, 2
        for i, r in enumerate(recs):
            line_of[i] = line
            buf = io.StringIO()
            csv.writer(buf, delimiter=delimiter).writerow([_cell(r[k]) for k in FIELDS])
            line += len(buf.getvalue().replace("\r\n", "\n").replace("\r", "\n").split("\n")) - 1
        check_each_record(loaded, [r for _, r in kept], lambda j: f"{p.name}:{line_of[kept[j][0]]}")


@settings(max_examples=40, **SETTINGS)
@given(recs=records().map(as_cp1252), delimiter=st.sampled_from([",", ";", "\t"]))
def test_cp1252_csv_loses_no_record(recs, delimiter):
    # cp1252 bytes can happen to be valid UTF-8, so values are not compared: only the count
    with folder() as d:
        p = d / "excel.csv"
        write_csv(p, recs, delimiter=delimiter, encoding="cp1252")
        loaded = load_or_error(p)
        assert loaded is not None
        kept = [r for r in recs if any(str(_cell(v)).strip() for v in r.values())]
        assert loaded.n_read == len(kept)


@settings(max_examples=25, **SETTINGS)
@given(recs=records(min_size=1), extra=records(min_size=1).map(as_cp1252))
def test_a_folder_reads_as_its_files_do(recs, extra):
    with folder() as d:
        write_csv(d / "a.csv", recs)
        write_csv(d / "b semicolons.csv", extra, delimiter=";", encoding="cp1252")
        write_json(d / "c.json", recs)
        write_jsonl(d / "d.jsonl", recs)
        write_parquet(d / "e.parquet", recs)
        (d / "f.csv").write_bytes(b"")
        loaded = load_or_error(d)
        assert loaded is not None and len(loaded.files) == 6
        for f in loaded.files.itertuples():
            alone = load_or_error(d / f.file.split("/", 1)[1])
            if alone is None:  # a file that stops with an error alone is one rejected record here
                assert (f.n_read, f.n_loaded) == (1, 0)
            else:
                assert (f.n_read, f.n_loaded) == (alone.n_read, len(alone.articles))


EXTENSIONS = [".csv", ".tsv", ".json", ".jsonl", ".parquet", ".rss", ".xml", ".md", ".txt", ".html", ""]
PREFIXES = [b"", b"date,title\n", b"\xef\xbb\xbfdate;title\r\n", b'[{"date": "2025-01-01", "title": "',
            b'{"date": "2025-01-01", "title": "x"}\n', b'<?xml version="1.0"?><rss><channel><item><title>',
            b"---\ntitle: x\ndate: ", b"PAR1", b"<html><body><p>"]


@settings(max_examples=150, **SETTINGS)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=300),
       text=nasty_text(st.characters(blacklist_categories=("Cs",)), max_size=60),
       ext=st.sampled_from(EXTENSIONS), as_folder=st.booleans())
def test_any_bytes_under_any_name_load_or_raise_a_documented_error(prefix, body, text, ext, as_folder):
    with folder() as d:
        p = d / f"input{ext}"
        p.write_bytes(prefix + text.encode("utf-8") + body)
        loaded = load_or_error(d if as_folder else p)
        if as_folder:
            assert loaded is not None and len(loaded.files) == 1


# --------------------------------------------------------------------- function properties


@settings(max_examples=400, **SETTINGS)
@given(nasty_text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_clean_text_is_idempotent(s):
    once = clean_text(s)
    assert clean_text(once) == once
    assert "\r" not in once and not once.startswith((" ", "\n")) and not once.endswith((" ", "\n"))


@settings(max_examples=400, **SETTINGS)
@given(nasty_text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_clean_title_is_idempotent_and_one_line(s):
    once = clean_title(s)
    assert clean_title(once) == once
    assert "\n" not in once and "\r" not in once and once == once.strip()


ANY_VALUE = st.one_of(
    st.text(max_size=90), DATE_VALUES, st.none(), st.integers(), st.floats(), st.booleans(),
    st.datetimes(), st.datetimes(timezones=st.sampled_from([dt.timezone.utc, _offset(-360), _offset(345)])),
    st.dates(), st.binary(max_size=10), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=500, **SETTINGS)
@given(value=ANY_VALUE, dayfirst=st.sampled_from([None, True, False]))
def test_parse_date_never_raises(value, dayfirst):
    ts, reason = parse_date(value, dayfirst=dayfirst, now=NOW)
    if ts is None:
        assert isinstance(reason, str) and reason
    else:
        assert reason is None
        assert str(ts.tz) == "UTC"
        assert pd.Timestamp("1900-01-01", tz="UTC") <= ts <= NOW + pd.Timedelta(days=2)


@settings(max_examples=300, **SETTINGS)
@given(written_date(), st.sampled_from([None, True, False]))
def test_parse_date_reads_every_documented_form(pair, dayfirst):
    text, instant = pair
    ts, reason = parse_date(text, dayfirst=dayfirst, now=NOW)
    assert reason is None, text
    assert ts == instant, text


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(st.text(), nasty_text(max_size=200), WORDS))
def test_detect_language_returns_a_two_letter_code_or_und(s):
    code = detect_language(s)
    assert code == "und" or (len(code) == 2 and code.isascii() and code.isalpha() and code.islower())
