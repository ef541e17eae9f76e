"""Tests for coveragekit.actors: alias matching, mentions, co-occurrence, mentions over time.

The expected actors of every sentence are written down by hand from the sentence and the
small actor table below (not copied from the matcher's output). The last two tests check
the project's own ``data/actors.csv`` against the colleague-written alias sentences in
``tests/fixtures/alias_sentences.csv``.
"""

import io
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coveragekit.actors import (
    ActorMatcher,
    ActorTableError,
    cooccurrence,
    default_actor_table,
    find_mentions,
    mention_spans,
    mentions_over_time,
    read_actors,
    validate_actors,
)
from coveragekit.errors import TableError

ROOT = Path(__file__).resolve().parent.parent
ACTORS_CSV = ROOT / "data" / "actors.csv"
ALIAS_SENTENCES = ROOT / "tests" / "fixtures" / "alias_sentences.csv"

TABLE_CSV = """actor,kind,country,aliases
Donald Trump,person,US,Trump|Donald J. Trump
Donald Trump Jr.,person,US,Trump Jr.|Don Jr.
Trump administration,government,US,administración Trump|gobierno de Trump|US government|\
U.S. government
White House,government,US,Casa Blanca|Oval Office
Pentagon,agency,US,Pentágono|Department of War|Department of Defense|DoD
United States,country,US,US|U.S.|USA|Estados Unidos|EE.UU.|EEUU|EE. UU.
US Senate,legislature,US,Senate|U.S. Senate|Senado de Estados Unidos
Mexican Senate,legislature,MX,Mexico's Senate|Senado de la República|Senado mexicano
Mexico,country,MX,México|Estados Unidos Mexicanos
Mexico City,place,MX,Ciudad de México|CDMX
New Mexico,place,US,Nuevo México
Gulf of Mexico,place,INT,Gulf of America|Golfo de México|Golfo de América
Gulf Cartel,cartel,MX,Cártel del Golfo|CDG
Jalisco New Generation Cartel,cartel,MX,CJNG|Cártel de Jalisco Nueva Generación|Jalisco Cartel
MS-13,cartel,SV,MS13|Mara Salvatrucha
Claudia Sheinbaum,person,MX,Sheinbaum
Andrés Manuel López Obrador,person,MX,AMLO|López Obrador
Nicolás Maduro,person,VE,Maduro
Venezuelan government,government,VE,Maduro government|gobierno de Maduro
DEA,agency,US,Drug Enforcement Administration
CIA,agency,US,Central Intelligence Agency
Secretaría de Relaciones Exteriores,agency,MX,SRE|Mexico's foreign ministry|cancillería mexicana
Fiscalía General de la República,agency,MX,FGR
SEMAR,military,MX,Semar|Mexican Navy|Secretaría de Marina
Pete Hegseth,person,US,Hegseth|Secretary of War|jefe del Pentágono
Washington,place,US,"Washington, D.C."
Washington Post,place,US,
"""

SRE = "Secretaría de Relaciones Exteriores"
FGR = "Fiscalía General de la República"
AMLO = "Andrés Manuel López Obrador"
CJNG = "Jalisco New Generation Cartel"


@pytest.fixture(scope="module")
def table():
    return pd.read_csv(io.StringIO(TABLE_CSV), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def matcher(table):
    return ActorMatcher(table)


def actors_in(matcher, text):
    return {m.actor for m in matcher.find(text)}


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


# ------------------------------------------------------------------ table checks


def test_missing_column_is_a_clear_error(table):
    with pytest.raises(ActorTableError, match="lacks the column.*aliases"):
        ActorMatcher(table.drop(columns=["aliases"]))


def test_empty_actor_name_is_an_error(table):
    bad = pd.concat(
        [
            table,
            pd.DataFrame([{"actor": " ", "kind": "person", "country": "US", "aliases": "Nobody"}]),
        ],
        ignore_index=True,
    )
    with pytest.raises(ActorTableError, match="empty actor name"):
        ActorMatcher(bad)


def test_alias_claimed_by_two_actors_names_both_in_one_line():
    t = pd.DataFrame(
        {
            "actor": ["Gulf Cartel", "Gulf of Mexico"],
            "kind": ["cartel", "place"],
            "country": ["MX", "INT"],
            "aliases": ["Cártel del Golfo|Gulf", "Gulf"],
        }
    )
    with pytest.raises(ActorTableError) as info:
        ActorMatcher(t)
    msg = str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, TableError)
    assert "\n" not in msg
    assert '"Gulf"' in msg and '"Gulf Cartel"' in msg and '"Gulf of Mexico"' in msg


def test_aliases_that_differ_only_in_accents_or_case_clash():
    t = pd.DataFrame(
        {
            "actor": ["Gulf Cartel", "Golfo Inc"],
            "kind": ["cartel", "cartel"],
            "country": ["MX", "MX"],
            "aliases": ["Cártel del Golfo", "cartel del golfo"],
        }
    )
    with pytest.raises(ActorTableError, match="claimed by two actors"):
        validate_actors(t)


def test_unknown_kind_and_duplicate_actor_are_errors(table):
    t = table.copy()
    t.loc[0, "kind"] = "celebrity"
    with pytest.raises(ActorTableError, match="unknown kind"):
        validate_actors(t)
    with pytest.raises(ActorTableError, match="listed twice"):
        validate_actors(pd.concat([table, table.iloc[[0]]], ignore_index=True))


def test_repeating_an_alias_within_one_actor_is_fine():
    t = pd.DataFrame(
        {
            "actor": ["SEMAR"],
            "kind": ["military"],
            "country": ["MX"],
            "aliases": ["Semar|SEMAR|Semar"],
        }
    )
    assert [m.alias_text for m in ActorMatcher(t).find("SEMAR y la Semar")] == ["SEMAR", "Semar"]


def test_validate_does_not_modify_its_input(table):
    before = table.copy()
    validate_actors(table)
    pd.testing.assert_frame_equal(table, before)


def test_read_actors_and_the_default_table_follow_the_data_folder(tmp_path, monkeypatch):
    (tmp_path / "actors.csv").write_text(TABLE_CSV, encoding="utf-8")
    t = read_actors(tmp_path / "actors.csv")
    assert len(t) == 27 and list(t.columns[:4]) == ["actor", "kind", "country", "aliases"]
    monkeypatch.setenv("COVERAGEKIT_DATA", str(tmp_path))
    pd.testing.assert_frame_equal(default_actor_table(), t)
    (tmp_path / "bad.csv").write_text("actor,kind\nTrump,person\n", encoding="utf-8")
    with pytest.raises(ActorTableError, match="bad.csv.*lacks the column"):
        read_actors(tmp_path / "bad.csv")


# ------------------------------------------------------------------ frame verbs


@pytest.fixture
def articles():
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "published_at": pd.to_datetime(
                ["2025-02-03 10:00", "2025-02-27 23:30", "2025-03-01 01:00"], utc=True
            ),
            "outlet": ["Wire", "Diario", "Wire"],
            "title": ["Sheinbaum rejects Trump's label", "", "Trump y la DEA"],
            "text": [
                "Sheinbaum spoke in Mexico City. Trump did not reply.",
                "Sheinbaum y Trump hablaron; la DEA calló.",
                "La DEA y Trump.",
            ],
            "lang": ["en", "es", "es"],
        }
    )


def test_mention_spans_lists_title_and_text_mentions(articles, matcher):
    before = articles.copy()
    spans = mention_spans(articles, actors=matcher)
    pd.testing.assert_frame_equal(articles, before)
    assert list(spans.columns) == [
        "article_id",
        "field",
        "start",
        "end",
        "actor",
        "kind",
        "matched",
        "how",
    ]
    a1 = spans[spans["article_id"] == "a1"]
    assert list(zip(a1["field"], a1["start"], a1["end"], a1["actor"])) == [
        ("text", 0, 9, "Claudia Sheinbaum"),
        ("text", 19, 30, "Mexico City"),
        ("text", 32, 37, "Donald Trump"),
        ("title", 0, 9, "Claudia Sheinbaum"),
        ("title", 18, 23, "Donald Trump"),
    ]
    for row in spans.itertuples():
        source = articles.set_index("article_id").loc[row.article_id, row.field]
        assert source[row.start : row.end] == row.matched


def test_find_mentions_counts_title_and_text_together(articles, table):
    got = find_mentions(articles, actors=table)
    assert list(got.columns) == ["article_id", "actor", "kind", "n", "n_role"]
    expected = [
        ("a1", "Claudia Sheinbaum", "person", 2, 0),
        ("a1", "Donald Trump", "person", 2, 0),
        ("a1", "Mexico City", "place", 1, 0),
        ("a2", "Claudia Sheinbaum", "person", 1, 0),
        ("a2", "DEA", "agency", 1, 0),
        ("a2", "Donald Trump", "person", 1, 0),
        ("a3", "DEA", "agency", 2, 0),
        ("a3", "Donald Trump", "person", 2, 0),
    ]
    assert list(got.itertuples(index=False, name=None)) == expected


def test_find_mentions_on_an_empty_or_title_only_table(matcher):
    empty = pd.DataFrame({"article_id": [], "title": [], "text": []}, dtype="string")
    got = find_mentions(empty, actors=matcher)
    assert len(got) == 0 and list(got.columns) == ["article_id", "actor", "kind", "n", "n_role"]
    title_only = pd.DataFrame({"article_id": ["t"], "title": ["CJNG leader killed"], "text": [""]})
    assert find_mentions(title_only, actors=matcher)["actor"].tolist() == [CJNG]


def test_cooccurrence_on_three_articles_by_hand():
    # a1: Sheinbaum, Trump, Mexico City (a place); a2: Sheinbaum, Trump, DEA; a3: Trump, DEA.
    m = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a2", "a2", "a2", "a3", "a3"],
            "actor": [
                "Claudia Sheinbaum",
                "Donald Trump",
                "Mexico City",
                "Claudia Sheinbaum",
                "Donald Trump",
                "DEA",
                "Donald Trump",
                "DEA",
            ],
            "kind": ["person", "person", "place", "person", "person", "agency", "person", "agency"],
            "n": [2, 1, 1, 1, 3, 1, 1, 1],
        }
    )
    got = cooccurrence(m)
    # Articles per actor: Sheinbaum 2, Trump 3, DEA 2. Jaccard = both / (a + b - both).
    assert list(got.itertuples(index=False, name=None)) == [
        ("Claudia Sheinbaum", "Donald Trump", 2, 2, 3, pytest.approx(2 / 3)),
        ("DEA", "Donald Trump", 2, 2, 3, pytest.approx(2 / 3)),
        ("Claudia Sheinbaum", "DEA", 1, 2, 2, pytest.approx(1 / 3)),
    ]
    assert len(cooccurrence(m, min_count=2)) == 2
    with_places = cooccurrence(m, include_places=True)
    pairs = set(zip(with_places["actor_a"], with_places["actor_b"]))
    assert ("Claudia Sheinbaum", "Mexico City") in pairs and (
        "Donald Trump",
        "Mexico City",
    ) in pairs
    assert len(with_places) == 5


def test_mentions_over_time_on_a_toy_frame(articles):
    arts = pd.concat(
        [articles, articles.iloc[[0]].assign(article_id="a4", title="", text="Nada.")],
        ignore_index=True,
    )
    m = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a2", "a2", "a3", "a3"],
            "actor": [
                "Claudia Sheinbaum",
                "Donald Trump",
                "Mexico City",
                "Claudia Sheinbaum",
                "Donald Trump",
                "Donald Trump",
                "DEA",
            ],
            "kind": ["person", "person", "place", "person", "person", "person", "agency"],
            "n": [2, 2, 1, 1, 1, 2, 2],
        }
    )
    got = mentions_over_time(m, arts)
    feb, mar = pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-01")
    # February: a1, a2, a4 (3 articles); March: a3 (1 article). Places left out.
    assert list(got.itertuples(index=False, name=None)) == [
        (feb, "Claudia Sheinbaum", 2, 3, pytest.approx(2 / 3)),
        (feb, "Donald Trump", 2, 3, pytest.approx(2 / 3)),
        (mar, "DEA", 1, 2, 1.0),
        (mar, "Donald Trump", 1, 2, 1.0),
    ]
    by = mentions_over_time(m, arts, by="outlet")
    assert list(by.columns) == ["period", "actor", "outlet", "n_articles", "n_mentions", "share"]
    row = by[
        (by["period"] == feb) & (by["actor"] == "Donald Trump") & (by["outlet"] == "Wire")
    ].iloc[0]
    assert (row["n_articles"], row["n_mentions"], row["share"]) == (1, 2, 0.5)  # a1 of a1, a4
    weekly = mentions_over_time(m, arts, period="week")
    assert set(weekly["period"].dt.day_name()) == {"Monday"}


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


def _pairs_by_hand(m: pd.DataFrame) -> pd.DataFrame:
    """Co-occurrence counted the plain way: every pair of each article's actors."""
    import itertools
    from collections import Counter

    per_article = m.groupby("article_id")["actor"].apply(lambda s: sorted(set(s)))
    together = Counter(p for names in per_article for p in itertools.combinations(names, 2))
    alone = Counter(a for names in per_article for a in names)
    rows = [(a, b, n, alone[a], alone[b], n / (alone[a] + alone[b] - n)) for (a, b), n in together.items()]
    out = pd.DataFrame(rows, columns=["actor_a", "actor_b", "n_articles", "n_a", "n_b", "weight"])
    return out.sort_values(["n_articles", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(drop=True)


@pytest.mark.parametrize("n_actors", [6, 3000])  # a count per possible pair / counting the pairs found
def test_cooccurrence_counts_the_pairs_of_every_article(n_actors):
    rng = np.random.default_rng(n_actors)
    n = 4000
    m = pd.DataFrame({"article_id": [f"a{i}" for i in rng.integers(0, 700, n)],
                      "actor": [f"Actor {i}" for i in rng.integers(0, n_actors, n)]})
    got = cooccurrence(m)
    want = _pairs_by_hand(m)
    assert len(want) >= (15 if n_actors == 6 else 100)  # every pair of 6 actors; many of 3000
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
