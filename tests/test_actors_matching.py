"""Tests for coveragekit.actors.matching: alias matching (ActorMatcher).

The expected actors of every sentence are written down by hand from the sentence and the
small actor table of tests/actor_tables.py (not copied from the matcher's output). The last
two tests check the project's own ``data/actors.csv`` against the colleague-written alias
sentences in ``tests/fixtures/alias_sentences.csv``.
"""

import random
from pathlib import Path

import pandas as pd
import pytest
from actor_tables import AMLO, CJNG, FGR, SRE, actors_in, table_frame

from coveragekit.actors import ActorMatcher, read_actors

ROOT = Path(__file__).resolve().parent.parent
ACTORS_CSV = ROOT / "data" / "actors.csv"
ALIAS_SENTENCES = ROOT / "tests" / "fixtures" / "alias_sentences.csv"


@pytest.fixture(scope="module")
def table():
    return table_frame()


@pytest.fixture(scope="module")
def matcher(table):
    return ActorMatcher(table)




# (sentence, expected actors) — written by hand.
SENTENCES = [
    # "us" the pronoun and other lower-case look-alikes of acronyms
    ("Let us be clear: the US will not back down.", {"United States"}),
    ("They told us nothing about the strike.", set()),
    ("USMCA-compliant goods stay exempt.", set()),
    ("El cártel usa lanchas rápidas para mover la droga.", set()),
    ("The idea, a customs broker said, is to keep trucks moving.", set()),
    ("The DEA and the CIA briefed lawmakers behind closed doors.", {"DEA", "CIA"}),
    ("La importadora Hermanos Treviño y Cía. despidió a doce empleados.", set()),
    ("Amlo's supporters rallied, but AMLO himself stayed home.", {AMLO}),
    ("cjng is not how anyone writes the CJNG.", {CJNG}),
    # governments, sons and presidents
    ("The Trump administration says the strikes are lawful.", {"Trump administration"}),
    ("La administración Trump no presentó pruebas.", {"Trump administration"}),
    ("Donald Trump Jr. posted a video of the rally.", {"Donald Trump Jr."}),
    (
        "Trump Jr. and his father, Donald Trump, flew to Florida.",
        {"Donald Trump Jr.", "Donald Trump"},
    ),
    ("Don Jr. is the eldest son of Trump.", {"Donald Trump Jr.", "Donald Trump"}),
    ("Trumpism has admirers across the region.", set()),
    ("The US government has not released the names.", {"Trump administration"}),
    ("The U.S. government notified Congress on Oct. 1.", {"Trump administration"}),
    ("The US\u00a0government replied within hours.", {"Trump administration"}),
    ("Donald   Trump and Donald\nTrump are the same man.", {"Donald Trump"}),
    ("TRUMP SAYS CARTELS ARE TERRORISTS", {"Donald Trump"}),
    # possessives, straight and curly
    ("Sheinbaum's reply came at her morning press conference.", {"Claudia Sheinbaum"}),
    ("Sheinbaum’s reply came the next morning.", {"Claudia Sheinbaum"}),
    ("Hegseth’s post said six men had been killed.", {"Pete Hegseth"}),
    # places that block false matches
    ("Rubio flew to Mexico City on Wednesday.", {"Mexico City"}),
    ("Mexico City's mayor attended the ceremony.", {"Mexico City"}),
    ("La reunión se celebró en la Ciudad de México.", {"Mexico City"}),
    ("Oil platforms in the Gulf of Mexico were not affected.", {"Gulf of Mexico"}),
    ("Google Maps now shows the Gulf of America to US users.", {"Gulf of Mexico", "United States"}),
    ("The Gulf Cartel is based on the Gulf of America coast.", {"Gulf Cartel", "Gulf of Mexico"}),
    (
        "El Cártel del Golfo opera en la costa del Golfo de México.",
        {"Gulf Cartel", "Gulf of Mexico"},
    ),
    ("El Cartel del Golfo y el CDG son lo mismo.", {"Gulf Cartel"}),
    ("The Gulf states are major oil exporters.", set()),
    ("New Mexico's governor asked for federal help.", {"New Mexico"}),
    ("Los rancheros de Nuevo Mexico temen por el muro.", {"New Mexico"}),
    (
        "The Washington Post reported it from Washington, D.C. on Friday.",
        {"Washington Post", "Washington"},
    ),
    # Spanish forms and missing accents
    ("La Casa Blanca y el Pentágono difundieron el video.", {"White House", "Pentagon"}),
    ("El Pentagono no confirmó la cifra.", {"Pentagon"}),
    ("El jefe del Pentágono negó haber dado la orden.", {"Pete Hegseth"}),
    ("EE.UU. y México firmaron el acuerdo.", {"United States", "Mexico"}),
    ("Funcionarios de EE. UU. viajaron a Bogotá.", {"United States"}),
    ("Las remesas desde EEUU cayeron en marzo.", {"United States"}),
    (
        "La Constitución Política de los Estados Unidos Mexicanos rechaza la intervención.",
        {"Mexico"},
    ),
    ("El Senado de Estados Unidos rechazó la resolución.", {"US Senate"}),
    ("Mexico's Senate approved the reform by 107 to 14.", {"Mexican Senate"}),
    (
        "El Senado mexicano aprobó la reforma; el Senado de la República la envió.",
        {"Mexican Senate"},
    ),
    ("Nicolas Maduro vowed to defend Venezuela.", {"Nicolás Maduro"}),
    ("The Maduro government denied any link.", {"Venezuelan government"}),
    ("Es un mercado todavía inmaduro.", set()),
    ("La SRE y la FGR informaron del traslado.", {SRE, FGR}),
    ("Mexico's foreign ministry issued a diplomatic note.", {SRE}),
    ("La cancilleria mexicana emitió un comunicado.", {SRE}),
    # overlapping aliases and acronyms with digits
    ("The Secretary of War said the vessel was hit.", {"Pete Hegseth"}),
    ("MS-13, MS13 and the Mara Salvatrucha are one gang.", {"MS-13"}),
    ("The CJNG, or Jalisco New Generation Cartel, grew fast.", {CJNG}),
    (
        "SEMAR said the search was over; la Semar y la Secretaria de Marina lo confirmaron.",
        {"SEMAR"},
    ),
    ("The DoD and the Department of War are the same department.", {"Pentagon"}),
]


@pytest.mark.parametrize("sentence,expected", SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_sentence_gives_the_expected_actors(matcher, sentence, expected):
    assert actors_in(matcher, sentence) == expected


def test_there_are_at_least_forty_hand_written_sentences():
    assert len(SENTENCES) >= 40


@pytest.mark.parametrize("sentence,_", SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_offsets_point_at_the_text_as_written(matcher, sentence, _):
    last_end = 0
    for m in matcher.find(sentence):
        assert 0 <= m.start < m.end <= len(sentence)
        assert sentence[m.start : m.end] == m.alias_text
        assert m.start >= last_end  # sorted, no overlap
        last_end = m.end


def test_spans_written_down_by_hand(matcher):
    text = "Sheinbaum’s answer to the Trump administration came from Mexico City."
    got = [(m.start, m.end, m.actor, m.kind, m.alias_text) for m in matcher.find(text)]
    assert got == [
        (0, 9, "Claudia Sheinbaum", "person", "Sheinbaum"),
        (26, 46, "Trump administration", "government", "Trump administration"),
        (57, 68, "Mexico City", "place", "Mexico City"),
    ]


def test_longest_match_wins_across_different_starts(matcher):
    # "Nicolás Maduro" and "Maduro government" overlap; the longer one is kept.
    text = "Nicolás Maduro government officials met."
    got = [(m.actor, m.alias_text) for m in matcher.find(text)]
    assert got == [("Venezuelan government", "Maduro government")]


def test_alias_reports_the_table_spelling(matcher):
    (m,) = matcher.find("La Casa Blanca respondió.")
    assert (m.alias, m.alias_text) == ("Casa Blanca", "Casa Blanca")
    (m,) = matcher.find("el pentagono")
    assert (m.alias, m.alias_text) == ("Pentágono", "pentagono")
    (m,) = matcher.find("SEMAR dijo")
    assert m.alias == "SEMAR"  # the acronym itself, not its look-alike "Semar"


def test_decomposed_accents_map_back_to_the_original_offsets(matcher):
    text = "Nicola\u0301s Maduro y el Penta\u0301gono."  # NFD: combining acute accents
    got = [(m.actor, m.alias_text) for m in matcher.find(text)]
    assert got == [("Nicolás Maduro", "Nicola\u0301s Maduro"), ("Pentagon", "Penta\u0301gono")]


def test_find_never_reports_a_span_outside_the_text(matcher):
    rng = random.Random(0)
    pieces = [
        "US",
        "us",
        "Trump",
        "Mexico City",
        "México",
        "Cártel del Golfo",
        "EE. UU.",
        "’s",
        "'s",
        "\u0301",
        "\u0308",
        "İ",
        "ß",
        "😀",
        " ",
        "\n",
        ".",
        ",",
        "-",
        "Sheinbaum",
        "MS-13",
        "ǅ",
        "ﬁ",
        "\u00a0",
        "Gulf of America",
        "DEA",
        "idea",
    ]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        for m in matcher.find(text):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.alias_text


def test_find_accepts_missing_values(matcher):
    assert matcher.find(None) == []
    assert matcher.find(float("nan")) == []
    assert matcher.find("") == []



# ------------------------------------------------------------------ the project's table


@pytest.mark.skipif(
    not (ACTORS_CSV.exists() and ALIAS_SENTENCES.exists()),
    reason="data/actors.csv or tests/fixtures/alias_sentences.csv not written yet",
)
def test_alias_sentences_find_exactly_the_expected_actors():
    matcher = ActorMatcher(read_actors(ACTORS_CSV))
    rows = pd.read_csv(ALIAS_SENTENCES, dtype=str, keep_default_na=False)
    problems = []
    for r in rows.itertuples():
        expected = {a for a in r.expected.split("|") if a}
        absent = {a for a in r.absent.split("|") if a}
        found = actors_in(matcher, r.sentence)
        if found != expected or found & absent:
            problems.append(f"{r.sentence!r}: found {sorted(found)}, expected {sorted(expected)}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(
    not (ACTORS_CSV.exists() and ALIAS_SENTENCES.exists()),
    reason="data/actors.csv or tests/fixtures/alias_sentences.csv not written yet",
)
def test_every_alias_of_the_table_occurs_in_an_alias_sentence():
    table = read_actors(ACTORS_CSV)
    matcher = ActorMatcher(table)
    rows = pd.read_csv(ALIAS_SENTENCES, dtype=str, keep_default_na=False)
    seen = set()
    for r in rows.itertuples():
        expected = {a for a in r.expected.split("|") if a}
        seen |= {(m.actor, m.alias) for m in matcher.find(r.sentence) if m.actor in expected}
    missing = [
        f"{a.actor}: {a.alias}"
        for a in matcher.aliases.itertuples()
        if (a.actor, a.alias) not in seen
    ]
    assert not missing, "aliases with no sentence: " + "; ".join(missing)

