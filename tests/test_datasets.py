"""The demo corpus and the domain tables: the figures the project promises."""

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.datasets import data_dir


@pytest.fixture(scope="module")
def demo():
    return ck.load(ck.datasets.demo_paths())


def test_corpus_size_span_and_nothing_rejected(demo):
    arts = demo.articles
    assert len(arts) >= 200
    assert len(demo.rejected) == 0
    assert arts["published_at"].min() >= pd.Timestamp("2025-01-01", tz="UTC")
    assert arts["published_at"].max() < pd.Timestamp("2026-01-01", tz="UTC")
    months = arts["published_at"].dt.tz_convert(None).dt.to_period("M").nunique()
    assert months >= 9


def test_outlets_are_the_fictional_ones_of_the_outlet_table(demo):
    outlets = ck.load_outlets()
    assert len(outlets) >= 8
    assert set(demo.articles["outlet"]) == set(outlets["outlet"])
    assert outlets["domain"].str.endswith(".example").all()  # reserved, never a real site
    kinds = " ".join(outlets["kind"]).lower()
    for kind in ["us national", "border", "spanish", "english", "latin american", "wire", "opinion", "think-tank"]:
        assert kind in kinds, kind


def test_every_record_says_it_is_demo_material(demo):
    arts = demo.articles
    assert (arts["collection"] == "demo").all()
    assert arts["note"].str.contains("fictional outlet").all()
    readme = (data_dir() / "README.md").read_text(encoding="utf-8").lower()
    assert "fictional" in readme and "teaching" in readme


def test_spanish_share_title_only_records_and_body_lengths(demo):
    arts = demo.articles
    assert (arts["lang"] == "es").mean() >= 0.15
    assert (arts["text"] == "").sum() >= 10
    words = arts.loc[arts["text"] != "", "text"].str.split().str.len()
    assert words.min() >= 120 and words.max() <= 700
    assert 250 <= words.median() <= 550


def test_a_wire_story_is_republished_by_three_outlets(demo):
    arts = demo.articles
    clusters = arts[arts["dup_cluster"] != ""].groupby("dup_cluster")["outlet"].nunique()
    assert (clusters >= 4).any()  # the wire and three outlets
    wire = arts[arts["dup_cluster"].isin(clusters[clusters >= 4].index)]
    assert "Hemisphere Wire" in set(wire["outlet"])


def test_saved_pages_are_part_of_the_corpus(demo):
    pages = demo.articles[demo.articles["source"].str.startswith("demo/pages/")]
    assert len(pages) >= 3
    assert set(pages["source"].str.rsplit(".", n=1).str[-1]) >= {"html", "md", "txt"}
    for text in pages["text"]:
        assert "Skip to content" not in text and "Subscribe" not in text


def test_events_table_is_dated_sourced_and_in_order():
    ev = ck.load_events()
    assert 15 <= len(ev) <= 40
    assert ev["source"].str.len().gt(10).all()
    assert ev["label"].str.len().le(28).all()
    dates = dict(zip(ev["date"].dt.strftime("%Y-%m-%d"), ev["event"]))
    # three dates checked by hand against the sourced timeline
    assert "2025-01-20" in dates and "2025-02-20" in dates and "2025-09-02" in dates


def test_frames_lexicon_has_ten_frames_in_both_languages():
    lex = ck.read_frames()
    counts = lex.groupby(["frame", "lang"]).size().unstack()
    assert len(counts) >= 8
    assert (counts[["en", "es"]] >= 12).all().all()
    assert not lex["term"].str.fullmatch(r"(?i)strike").any()  # ambiguous alone


def test_library_defaults_use_the_bundled_tables():
    from coveragekit.actors import default_actor_table

    actors = default_actor_table()
    assert len(actors) >= 40
    assert {"person", "cartel", "country", "agency"} <= set(actors["kind"])
