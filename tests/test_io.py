"""Loaders: every format, every rejection reason, expectations read off the fixtures by hand."""

from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.errors import InputError, OptionError
from coveragekit.schema import COLUMNS

FIX = Path(__file__).parent / "fixtures" / "io"


def _accounting_holds(loaded):
    assert loaded.n_read == len(loaded.articles) + len(loaded.rejected)
    for _, f in loaded.files.iterrows():
        assert f.n_read == f.n_loaded + f.n_rejected


def test_schema_columns_come_first_with_their_types():
    loaded = ck.load(FIX / "gdelt_artlist.json")
    assert list(loaded.articles.columns[: len(COLUMNS)]) == COLUMNS
    assert str(loaded.articles["published_at"].dtype) == "datetime64[ns, UTC]"
    ck.validate_articles(loaded.articles)


def test_mediacloud_export_falls_back_to_indexed_date_and_marks_the_duplicate_url():
    loaded = ck.load(FIX / "mediacloud_export.csv")
    _accounting_holds(loaded)
    assert loaded.files.loc[0, "format"] == "mediacloud"
    a = loaded.articles.set_index("source")
    # row 3 (id 902) has an empty publish_date; indexed_date is 2025-02-21 09:30:00
    assert a.loc["mediacloud_export.csv:3", "published_at"] == pd.Timestamp("2025-02-21 09:30", tz="UTC")
    assert a.loc["mediacloud_export.csv:3", "load_note"] == "publish_date empty; used indexed_date"
    assert a.loc["mediacloud_export.csv:3", "lang"] == "es"
    assert a.loc["mediacloud_export.csv:2", "outlet"] == "wire-example.org"
    # ids 903 and 904 share a URL: both kept, the later one marked
    assert a.loc["mediacloud_export.csv:4", "dup_kind"] == "original"
    assert a.loc["mediacloud_export.csv:5", "dup_kind"] == "same url"
    assert a.loc["mediacloud_export.csv:5", "is_duplicate"]
    assert loaded.articles["article_id"].is_unique
    reasons = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    assert reasons == {
        "mediacloud_export.csv:6": "no title and no text",
        "mediacloud_export.csv:7": "no publication date",
    }
    # title-only records are valid articles
    assert (loaded.articles["text"] == "").all()


def test_gdelt_artlist():
    loaded = ck.load(FIX / "gdelt_artlist.json")
    _accounting_holds(loaded)
    assert loaded.files.loc[0, "format"] == "gdelt"
    a = loaded.articles
    assert list(a["lang"]) == ["es", "en"]
    assert list(a["outlet"]) == ["noticias-example.mx", "news-example.com"]
    assert a.loc[0, "published_at"] == pd.Timestamp("2025-08-08 17:30", tz="UTC")
    assert list(a["sourcecountry"]) == ["Mexico", "United States"]
    assert loaded.rejected.loc[0, "reason"] == "date '2025-08-09 noon' could not be read"


def test_cp1252_csv_with_semicolons():
    loaded = ck.load(FIX / "cp1252_semicolon.csv")
    assert loaded.files.loc[0, "encoding"] == "cp1252"
    assert loaded.articles.loc[0, "text"] == "La industria de Monterrey respiró aliviada tras la pausa."
    assert loaded.articles.loc[0, "lang"] == "es"


def test_tsv_with_bom_and_synonym_columns():
    loaded = ck.load(FIX / "bom.tsv")
    assert loaded.files.loc[0, "encoding"] == "utf-8-sig"
    a = loaded.articles.iloc[0]
    assert a["title"] == "Tariffs paused for a month"
    assert a["outlet"] == "Ledger Example"  # from the column "source"
    assert a["published_at"] == pd.Timestamp("2025-02-03 23:00", tz="UTC")  # 18:00 at -05:00


def test_rss_feed_strips_leftover_html_and_rejects_the_unreadable_date():
    loaded = ck.load(FIX / "feed.rss")
    _accounting_holds(loaded)
    a = loaded.articles
    assert a.loc[0, "text"] == "Truckers at the Ysleta crossing waited four hours on Tuesday."
    assert a.loc[0, "published_at"] == pd.Timestamp("2025-03-05 21:30", tz="UTC")
    assert a.loc[0, "outlet"] == "Sunland Example Feed"
    assert a.loc[0, "lang"] == "en"
    assert list(loaded.rejected["record"]) == ["feed.rss:entry 3"]
    assert loaded.rejected.loc[0, "reason"] == "date 'sometime in March' could not be read"


def test_json_lines_with_broken_blank_and_empty_lines():
    loaded = ck.load(FIX / "broken_lines.jsonl")
    _accounting_holds(loaded)
    assert list(loaded.articles["source"]) == ["broken_lines.jsonl:1", "broken_lines.jsonl:3"]
    assert loaded.articles.loc[1, "published_at"] == pd.Timestamp("2025-09-03 16:00", tz="UTC")
    got = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    assert got["broken_lines.jsonl:4"].startswith("line is not valid JSON")
    assert got["broken_lines.jsonl:5"] == "line is not a JSON object"
    assert got["broken_lines.jsonl:7"] == "no title and no text"
    assert len(got) == 3  # the two blank lines are not records


def test_truncated_json_array_keeps_the_complete_records():
    loaded = ck.load(FIX / "truncated.json")
    _accounting_holds(loaded)
    assert list(loaded.articles["title"]) == ["Senate rejects war powers resolution", "Fifth strike reported"]
    assert loaded.articles.loc[0, "url"] == "https://ledger-example.com/2025/10/08/vote"
    assert len(loaded.rejected) == 1
    assert "truncated" in loaded.rejected.loc[0, "reason"]


def test_saved_page_boilerplate_is_stripped():
    loaded = ck.load(FIX / "saved_page.html")
    a = loaded.articles.iloc[0]
    assert a["title"] == "Mexico rejects any US military action on its soil"
    assert a["outlet"] == "Bulletin Example"
    assert a["published_at"] == pd.Timestamp("2025-08-09 01:15", tz="UTC")  # 19:15 at -06:00
    assert a["url"] == "https://bulletin-example.mx/2025/08/08/mexico-rejects"
    assert a["text"].startswith("MEXICO CITY — President Claudia Sheinbaum said on Friday")
    assert a["text"].endswith("due to resume this month.")
    for junk in ["Skip to content", "cookies", "Share on", "Read also", "Subscribe", "Related",
                 "Latest", "Peso steadies", "©", "Home"]:
        assert junk not in a["text"], junk
    assert a["text"].count("Mexico rejects any US military action") == 0
    assert a["text"].count("\n\n") == 3  # four paragraphs


def test_pasted_text_page():
    loaded = ck.load(FIX / "pasted_page.txt")
    a = loaded.articles.iloc[0]
    assert a["title"] == "Border fentanyl seizures climb at Ysleta crossing"
    assert a["published_at"] == pd.Timestamp("2025-06-01", tz="UTC")
    assert a["text"].startswith("EL PASO, Texas — Customs officers")
    assert a["text"].endswith("had slowed freight.")
    for junk in ["Skip to content", "Menu", "Share this article", "Read also", "Related",
                 "Latest", "Council approves budget", "By Luis Example"]:
        assert junk not in a["text"], junk


def test_parquet(tmp_path):
    rows = pd.DataFrame({
        "headline": ["Navy searches off Acapulco", "Sin título"],
        "published": ["2025-10-28T12:00:00-06:00", ""],
        "media_name": ["Bulletin Example", "Diario Ejemplo"],
        "body": ["Mexico's Navy searched for a survivor.", "Texto."],
    })
    path = tmp_path / "export.parquet"
    rows.to_parquet(path)
    loaded = ck.load(path)
    _accounting_holds(loaded)
    assert loaded.articles.loc[0, "published_at"] == pd.Timestamp("2025-10-28 18:00", tz="UTC")
    assert loaded.rejected.loc[0, "record"] == "export.parquet:row 2"
    assert loaded.rejected.loc[0, "reason"] == "no publication date"


def test_folder_loads_every_file_and_lists_the_unsupported_ones(tmp_path):
    (tmp_path / "notes.png").write_bytes(b"\x89PNG....")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "a.md").write_text("---\ntitle: A page\ndate: 2025-05-03\noutlet: Diario Ejemplo\n---\n"
                                   "La presidenta dijo que la soberanía no se vende.\n")
    loaded = ck.load(tmp_path)
    _accounting_holds(loaded)
    assert list(loaded.articles["title"]) == ["A page"]
    reasons = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    name = tmp_path.name
    assert reasons[f"{name}/notes.png"] == "not a supported file type ('.png')"
    assert reasons[f"{name}/empty.txt"] == "the file is empty (0 bytes)"


def test_mapping_names_an_unusual_column(tmp_path):
    p = tmp_path / "sheet.csv"
    p.write_text("Fecha de publicación,Medio,Titular,Nota\n2025-02-20,Diario,Titular uno,Texto uno\n")
    with pytest.raises(InputError, match="no date column"):
        ck.load(p)
    loaded = ck.load(p, mapping={"published_at": "Fecha de publicación", "text": "Nota"})
    assert loaded.articles.loc[0, "published_at"] == pd.Timestamp("2025-02-20", tz="UTC")
    assert loaded.articles.loc[0, "title"] == "Titular uno"  # "Titular" is a synonym
    assert loaded.articles.loc[0, "text"] == "Texto uno"


def test_ambiguous_dates_need_the_dayfirst_option(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("date,title\n03/04/2025,One\n25/04/2025,Two\n")
    loaded = ck.load(p)
    assert list(loaded.articles["title"]) == ["Two"]
    assert "ambiguous" in loaded.rejected.loc[0, "reason"]
    loaded = ck.load(p, dayfirst=True)
    assert list(loaded.articles["published_at"].dt.strftime("%Y-%m-%d")) == ["2025-04-03", "2025-04-25"]
    loaded = ck.load(p, dayfirst=False)
    assert loaded.articles.loc[0, "published_at"].strftime("%Y-%m-%d") == "2025-03-04"


def test_article_ids_are_stable_and_follow_the_url():
    a = ck.load(FIX / "gdelt_artlist.json").articles
    b = ck.load(FIX / "gdelt_artlist.json").articles
    assert list(a["article_id"]) == list(b["article_id"])
    assert a.loc[0, "article_id"] == ck.make_article_id(url="https://noticias-example.mx/2025/08/08/no-habra-invasion")


def test_drop_duplicates_moves_copies_to_the_rejection_table():
    loaded = ck.load(FIX / "mediacloud_export.csv", drop_duplicates=True)
    _accounting_holds(loaded)
    assert len(loaded.articles) == 3
    dropped = loaded.rejected[loaded.rejected["reason"].str.contains("dropped on request")]
    assert list(dropped["record"]) == ["mediacloud_export.csv:5"]
    assert dropped.iloc[0]["reason"].startswith("same url of article ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02PK\x00binary", "looks like a binary file"),
        (b"title,body\nHello,World\n", "no date column"),
        (b"date,outlet\n2025-01-01,Wire\n", "no title or text column"),
    ],
)
def test_whole_file_problems_are_one_clear_error(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        ck.load(p)
    line = str(err.value)
    assert message in line and "bad.csv" in line and "\n" not in line


# ------------------------------------------------------------------ the load cache
def _same(a, b):
    for name in ("articles", "rejected", "files"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_cache_reuses_unchanged_files_and_rereads_an_edited_one(tmp_path):
    import shutil

    folder = tmp_path / "inputs"
    shutil.copytree(FIX, folder)
    cache = tmp_path / "cache"
    plain = ck.load(folder)
    first = ck.load(folder, cache_dir=cache)
    second = ck.load(folder, cache_dir=cache)
    _same(plain, first)
    _same(plain, second)
    n_files = len(plain.files)  # 9 fixture files, all of a readable format
    assert first.cache_stats == {"hits": 0, "misses": n_files}
    assert second.cache_stats == {"hits": n_files, "misses": 0}

    # one more article in the GDELT file: that file is read again, the others reused
    gdelt = folder / "gdelt_artlist.json"
    text = gdelt.read_text("utf-8")
    assert text.count('"url"') == 3  # the fixture's three articles
    extra = ('{"url": "https://news.example/added", "title": "Cartel designation debated in Congress", '
             '"seendate": "20250305T101500Z", "domain": "news.example", "language": "English"}, ')
    gdelt.write_text(text.replace("{\"articles\": [\n", "{\"articles\": [\n" + extra, 1), "utf-8")
    third = ck.load(folder, cache_dir=cache)
    assert third.cache_stats == {"hits": n_files - 1, "misses": 1}
    assert len(third.articles) == len(plain.articles) + 1
    assert "https://news.example/added" in set(third.articles["url"])
    _same(ck.load(folder), third)


def test_a_damaged_cache_file_is_read_again(tmp_path):
    cache = tmp_path / "cache"
    plain = ck.load(FIX / "mediacloud_export.csv")
    ck.load(FIX / "mediacloud_export.csv", cache_dir=cache)
    for f in (cache / "load").glob("*.parquet"):
        f.write_bytes(f.read_bytes()[:-40] + b"\0" * 40)
    again = ck.load(FIX / "mediacloud_export.csv", cache_dir=cache)
    assert again.cache_stats == {"hits": 0, "misses": 1}
    _same(plain, again)


def test_future_date_rejections_are_not_reused(tmp_path):
    src = tmp_path / "f.csv"
    src.write_text("date,title,text\n2025-03-01,Old news,Body one\n2025-06-01,Later news,Body two\n", "utf-8")
    cache = tmp_path / "cache"
    early = ck.load(src, cache_dir=cache, now="2025-04-01")
    assert len(early.articles) == 1 and "in the future" in early.rejected.loc[0, "reason"]
    later = ck.load(src, cache_dir=cache, now="2025-07-01")
    assert len(later.articles) == 2 and len(later.rejected) == 0
    assert later.cache_stats == {"hits": 0, "misses": 1}


def test_duplicates_marked_in_the_background_are_the_marks_of_load(monkeypatch):
    # analyze lets a worker process mark the duplicates while the analyses run; waiting
    # for them gives the frame load() gives, marks in the same place, and changes nothing
    from coveragekit import io
    from coveragekit.datasets import demo_paths

    monkeypatch.setattr(io, "_BACKGROUND_MARKS_FROM", 10)
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    plain = ck.load(demo_paths())
    later = io.load_for_analysis(demo_paths())
    assert later.pending_marks is not None and "dup_cluster" not in later.articles
    before = later.articles.copy()
    marked = later.wait_for_marks()
    assert marked is not later and marked.pending_marks is None
    pd.testing.assert_frame_equal(marked.articles, plain.articles)
    pd.testing.assert_frame_equal(later.articles, before)  # the unmarked Loaded as it was
    assert marked.wait_for_marks() is marked
    assert plain.articles["is_duplicate"].sum() > 0  # the demo has wire copies to mark
    assert io.load_for_analysis(demo_paths()).summary() == plain.summary()
    # dropping duplicates needs the marks at once: not deferred
    assert io.load_for_analysis(demo_paths(), drop_duplicates=True).pending_marks is None


def test_load_takes_only_true_or_false_for_the_marks():
    from coveragekit.datasets import demo_paths

    with pytest.raises(OptionError, match="give True or False"):
        ck.load(demo_paths(), mark_duplicates="background")
    assert "dup_cluster" not in ck.load(demo_paths(), mark_duplicates=False).articles


def test_marks_read_in_with_the_articles_are_replaced_at_once(monkeypatch, tmp_path):
    # a table written by `coveragekit load` carries the mark columns; loading it again
    # (in the background or not) replaces them with fresh marks, in their place
    from coveragekit import io
    from coveragekit.datasets import demo_paths
    from coveragekit.output import write_table

    monkeypatch.setattr(io, "_BACKGROUND_MARKS_FROM", 10)
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    table = ck.load(demo_paths()).articles.assign(dup_kind="stale", dup_cluster="x", is_duplicate=True)
    write_table(table, tmp_path / "with_marks.csv")
    plain = ck.load(tmp_path / "with_marks.csv")
    later = io.load_for_analysis(tmp_path / "with_marks.csv")
    assert later.pending_marks is None
    pd.testing.assert_frame_equal(later.articles, plain.articles)
    assert "stale" not in set(plain.articles["dup_kind"])


def test_a_file_given_twice_is_read_once_from_the_cache(tmp_path):
    # the load cache is looked up in threads: a file given twice counts one miss and then
    # one hit, every time
    from coveragekit.datasets import demo_paths

    one = min(p for p in (demo_paths()[0] / "articles").iterdir() if not p.name.startswith("."))
    for run in range(3):
        loaded = ck.load([one, one], cache_dir=tmp_path / f"c{run}", mark_duplicates=False)
        assert loaded.cache_stats == {"hits": 1, "misses": 1}
