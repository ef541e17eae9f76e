"""Language identification on what the kit meets most: short headlines in English and
Spanish (tests/fixtures/lang/headlines_en_es.csv, 120 headlines written and labelled by hand
for this test, teaching text on the subject of the demo corpus)."""

from pathlib import Path

import pandas as pd
import pytest

from coveragekit.clean import detect_language

FIX = Path(__file__).parent / "fixtures" / "lang" / "headlines_en_es.csv"


def test_at_least_97_percent_of_short_headlines_right():
    df = pd.read_csv(FIX)
    assert set(df["lang"]) == {"en", "es"} and len(df) >= 100
    got = df["title"].map(detect_language)
    assert (got == df["lang"]).mean() >= 0.97
    for lang in ("en", "es"):  # and in each language, not only overall
        part = df["lang"] == lang
        assert (got[part] == lang).mean() >= 0.95, lang


@pytest.mark.parametrize("value", ["", "   ", "2025-03-01", "12 345", "CJNG", "Sheinbaum", "!!!"])
def test_und_for_empty_or_unsure_input(value):
    assert detect_language(value) == "und"


def test_longer_texts_and_other_languages():
    assert detect_language("Le gouvernement a dit que la frontière restera ouverte aux camions.") == "fr"
    assert detect_language("O governo disse que a fronteira continua aberta para os caminhões.") == "pt"
    assert detect_language("La presidenta dijo que México no aceptará una invasión. " * 40) == "es"


def test_the_same_answer_every_time():
    text = "Mexico rejects the designation"
    assert {detect_language(text) for _ in range(3)} == {"en"}


def test_the_candidate_languages_are_a_table_a_journalist_can_extend(tmp_path, monkeypatch):
    import shutil

    from coveragekit.clean import detection_languages
    from coveragekit.datasets import data_dir
    from coveragekit.errors import TableError

    assert detection_languages()[:2] == ("en", "es")
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("demo"))
    monkeypatch.setenv("COVERAGEKIT_DATA", str(folder))
    text = "Le gouvernement a dit que la frontière restera ouverte aux camions."
    assert detect_language(text) == "fr"
    table = pd.read_csv(folder / "languages.csv")
    table[table["lang"] != "fr"].to_csv(folder / "languages.csv", index=False)
    assert "fr" not in detection_languages() and detect_language(text) != "fr"
    (folder / "languages.csv").write_text("lang,name\nxx,Nowhere\n")
    with pytest.raises(TableError, match="languages table names a language the detector does not know"):
        detect_language(text)
