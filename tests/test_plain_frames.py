"""Every public verb on a plain DataFrame, as a student has one: ``pd.read_csv`` of a file
with a title and a text column, no id, no date, no language (tests/fixtures/plain)."""

from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.errors import CoveragekitError, InputError

FIX = Path(__file__).parent / "fixtures" / "plain"


@pytest.fixture()
def df():
    return pd.read_csv(FIX / "title_text.csv")


ACTORS = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Mexico", "Pentagon"],
                       "kind": ["person", "country", "agency"], "country": ["MX", "MX", "US"],
                       "aliases": ["Sheinbaum", "México", ""]})
LEXICON = pd.DataFrame({"frame": ["sovereignty", "sovereignty", "legality"],
                        "term": ["soberan*", "subordination", "legal basis"], "lang": ["es", "en", "en"]})


def test_sentiment_detects_the_language_and_leaves_the_input_alone(df):
    out = ck.add_sentiment(df)
    assert list(df.columns) == ["title", "text"]
    assert out["lang"].tolist() == ["en", "en", "es", "es"]
    # English rows by TextBlob, Spanish rows by the kit's Spanish instrument; VADER is English only
    assert out["sentiment_instrument"].tolist() == ["textblob-en", "textblob-en", "coveragekit-es", "coveragekit-es"]
    assert out["polarity"].notna().tolist() == [True, True, True, True]
    assert ck.add_vader(df)["vader_compound"].notna().tolist() == [True, True, False, False]


def test_mentions_per_article_with_ids_made(df):
    got = ck.find_mentions(df, actors=ACTORS)
    row_of = {a: i for i, a in enumerate(ck._frame.made_ids(df))}
    assert sorted((row_of[a], actor, int(n)) for a, actor, n in zip(got["article_id"], got["actor"], got["n"])) == [
        (0, "Claudia Sheinbaum", 1), (0, "Mexico", 2), (1, "Pentagon", 1), (2, "Claudia Sheinbaum", 2), (2, "Mexico", 1)]


def test_ids_are_unique_and_the_same_every_time(df):
    twice = pd.concat([df, df.iloc[[1]]], ignore_index=True)
    ids = ck._frame.made_ids(twice)
    assert ids.is_unique and ids.tolist() == ck._frame.made_ids(twice).tolist()
    assert ids[4] == ids[1] + "-2"


def test_frames_quotes_sentences_topics(df):
    scores = ck.score_frames(df, lexicon=LEXICON)
    row_of = {a: i for i, a in enumerate(ck._frame.made_ids(df))}
    assert sorted((row_of[a], f, int(n)) for a, f, n in zip(scores["article_id"], scores["frame"], scores["n"])) == [
        (0, "sovereignty", 1), (1, "legality", 1), (2, "sovereignty", 1)]
    assert ck.add_frames(df, lexicon=LEXICON)["dominant_frame"].tolist() == ["sovereignty", "legality",
                                                                            "sovereignty", ""]
    quotes = ck.find_quotes(df, actors=ACTORS)
    assert quotes["quote"].tolist() == ["Cooperation, yes; subordination, no"]  # the closing comma is punctuation, not quoted words
    assert [row_of[a] for a in quotes["article_id"]] == [0]
    assert len(ck.sentences(df)) == 5
    topics = ck.add_topics(df, n_topics=2)
    assert set(topics["topic"]) <= {0, 1} and len(topics) == 4


def test_duplicates_and_keyness(df):
    twice = pd.concat([df, df.iloc[[1]]], ignore_index=True)
    marked = ck.mark_duplicates(twice)
    assert marked["is_duplicate"].tolist() == [False, False, False, False, True]
    assert marked["dup_kind"].iloc[4] == "same text"
    assert "published_at" not in marked.columns and "url" not in marked.columns
    key = ck.keyness(ck.add_sentiment(df), by="lang", min_count=1)
    assert set(key["group"]) == {"en", "es"}


def test_column_options_name_other_columns(df):
    other = df.rename(columns={"title": "headline", "text": "body"}).assign(
        idioma=["es"] * 4, my_id=list("abcd"))
    out = ck.add_sentiment(other, text="body", title="headline", lang="idioma")
    # every row declared Spanish: the Spanish instrument scores them all, TextBlob none
    assert (out["sentiment_instrument"] == "coveragekit-es").all()
    got = ck.find_mentions(other, actors=ACTORS, text="body", title="headline", id="my_id")
    assert set(got["article_id"]) == {"a", "b", "c"}
    assert len(ck.score_frames(other, lexicon=LEXICON, text="body", title="headline", id="my_id",
                                lang="idioma")) == 1  # only "soberanía", a Spanish term


@pytest.mark.parametrize("call, verb", [
    (lambda d: ck.add_sentiment(d), "add_sentiment()"),
    (lambda d: ck.add_vader(d), "add_vader()"),
    (lambda d: ck.find_mentions(d, actors=ACTORS), "find_mentions()"),
    (lambda d: ck.mention_spans(d, actors=ACTORS), "mention_spans()"),
    (lambda d: ck.find_quotes(d, actors=ACTORS), "find_quotes()"),
    (lambda d: ck.score_frames(d, lexicon=LEXICON), "score_frames()"),
    (lambda d: ck.add_frames(d, lexicon=LEXICON), "add_frames()"),
    (lambda d: ck.add_topics(d, n_topics=2), "add_topics()"),
    (lambda d: ck.sentences(d), "sentences()"),
    (lambda d: ck.sentence_sentiment(d), "sentence_sentiment()"),
    (lambda d: ck.mark_duplicates(d), "mark_duplicates()"),
    (lambda d: ck.period_counts(d), "period_counts()"),
    (lambda d: ck.outlet_groups(d), "outlet_groups()"),
    (lambda d: ck.keyness(d, by="lang"), "keyness()"),
    (lambda d: ck.filter_period(d, start="2025-01-01"), "filter_period()"),
    (lambda d: ck.frame_shares(d), "frame_shares()"),
])
def test_a_frame_without_the_columns_gets_an_error_naming_the_verb(call, verb):
    bad = pd.DataFrame({"headline": ["One"], "body": ["Two words."]})
    with pytest.raises(InputError) as info:
        call(bad)
    assert info.value.one_line().startswith(verb) or f" {verb}" in info.value.one_line()
    assert "headline" in info.value.one_line()  # the columns it does have


def test_find_mentions_names_itself_not_its_helper():
    with pytest.raises(InputError, match=r"^find_mentions\(\) needs a text column"):
        ck.find_mentions(pd.DataFrame({"body": ["x"]}), actors=ACTORS)


def test_not_a_frame_at_all():
    with pytest.raises(CoveragekitError, match="takes a DataFrame"):
        ck.add_sentiment(["a list of texts"])


def test_load_demo_is_a_dataframe_and_loaded_says_what_it_holds():
    demo = ck.load_demo()
    assert isinstance(demo, pd.DataFrame) and len(demo) == 226
    loaded = ck.load(ck.datasets.demo_paths())
    assert len(loaded) == 226
    assert repr(loaded).splitlines()[0] == "Loaded: 226 articles loaded and 0 records rejected, from 9 files"
    html = loaded._repr_html_()
    assert "<table" in html and "226 articles" in html and "0x" not in html


def test_load_reads_a_dataframe_like_a_file():
    frame = pd.DataFrame({"headline": ["Mexico rejects any invasion", "No date here"],
                          "fecha": ["2025-03-04", ""], "body": ["Sheinbaum spoke.", "Text."]})
    loaded = ck.load(frame)
    assert len(loaded.articles) == 1 and len(loaded.rejected) == 1
    assert loaded.articles["published_at"].iloc[0] == pd.Timestamp("2025-03-04", tz="UTC")
    assert loaded.rejected["record"].tolist() == ["DataFrame:row 2"]


def test_the_whole_analysis_needs_dates_and_says_how_to_name_them(df):
    with pytest.raises(InputError) as info:
        ck.run_analysis(df)
    line = info.value.one_line()
    assert line.startswith("run_analysis() needs a date and a title or text column: no date column")
    assert "mapping={'published_at'" in line
