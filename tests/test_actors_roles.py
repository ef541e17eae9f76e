"""Tests for coveragekit.roles: role mentions resolved to their holder at the article's date.

Every expected holder and span is written down by hand from the sentence, its date and the
small tables below (or, where a test says so, the kit's data/roles.csv and its sources).
"""

import io

import pandas as pd
import pytest

from coveragekit.actors import ActorMatcher, find_mentions, find_quotes, mention_spans
from coveragekit.actors.roles import RoleMatcher, read_roles
from coveragekit.errors import TableError

ACTORS_CSV = """actor,kind,country,aliases
Claudia Sheinbaum,person,MX,Sheinbaum
Andrés Manuel López Obrador,person,MX,AMLO|López Obrador
Donald Trump,person,US,Trump
Joe Biden,person,US,Biden
Marco Rubio,person,US,Rubio
Pete Hegseth,person,US,Hegseth|Secretary of War
Mexico,country,MX,México
United States,country,US,US|Estados Unidos
Pentagon,agency,US,
"""
ROLES_CSV = """role_alias,lang,actor,from,to,scope,notes
US president,en,Donald Trump,2025-01-20,,qualified,t
US president,en,Joe Biden,,2025-01-19,qualified,t
president,en,Donald Trump,2025-01-20,,bare,t
president,en,Claudia Sheinbaum,2024-10-01,,bare,t
Mexican president,en,Claudia Sheinbaum,2024-10-01,,qualified,t
Mexican president,en,Andrés Manuel López Obrador,,2024-09-30,qualified,t
presidenta,es,Claudia Sheinbaum,2024-10-01,,bare,t
mandataria,es,Claudia Sheinbaum,2024-10-01,,bare,t
presidenta de México,es,Claudia Sheinbaum,2024-10-01,,qualified,t
secretario de Estado,es,Marco Rubio,2025-01-21,,qualified,t
secretary of state,en,Marco Rubio,2025-01-21,,qualified,t
secretary of war,en,Pete Hegseth,2025-09-05,,qualified,t
secretary,en,Marco Rubio,2025-01-21,,anaphoric,t
secretary,en,Pete Hegseth,2025-01-24,,anaphoric,t
"""
SH, AMLO, DT, JB, MR, PH = (
    "Claudia Sheinbaum",
    "Andrés Manuel López Obrador",
    "Donald Trump",
    "Joe Biden",
    "Marco Rubio",
    "Pete Hegseth",
)


def _csv(text):
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def actors():
    return _csv(ACTORS_CSV)


@pytest.fixture(scope="module")
def matcher(actors):
    return ActorMatcher(actors)


@pytest.fixture(scope="module")
def roles(actors):
    return RoleMatcher(_csv(ROLES_CSV), actors)


def found(roles, matcher, text, date, lang="en"):
    got = roles.find(text, date=date, names=matcher.find(text), lang=lang)
    for m in got:
        assert text[m.start : m.end] == m.alias_text
    return [(m.alias_text, m.actor) for m in got]


@pytest.mark.parametrize(
    "text, date, lang, expected",
    [
        # the holder depends on the date: López Obrador until 30 Sept 2024, then Sheinbaum
        ("The Mexican president said no.", "2024-09-19", "en", [("The Mexican president", AMLO)]),
        ("The Mexican president said no.", "2024-12-23", "en", [("The Mexican president", SH)]),
        # the determiner and an allowed modifier belong to the mention
        ("Until then the outgoing US president decides.", "2024-12-27", "en",
         [("the outgoing US president", JB)]),
        ("Until then the outgoing US president decides.", "2025-02-01", "en",
         [("the outgoing US president", DT)]),
        # traps: a former holder, an indefinite article, another office of the same name
        ("The former Mexican president said no.", "2025-03-01", "en", []),
        ("A Mexican president would never accept it.", "2025-03-01", "en", []),
        ("Carmen Salazar, the president of the fishing cooperative, spoke.", "2025-09-22", "en", []),
        ("Un expresidente mexicano habló.", "2025-03-01", "es", []),
        # a title before a name: the name is the mention
        ("Mexican president Claudia Sheinbaum spoke.", "2025-03-01", "en", []),
        # a role outside its holder's dates names nobody
        ("The secretary of war spoke.", "2025-06-01", "en", []),
        ("The secretary of war spoke.", "2025-10-01", "en", [("The secretary of war", PH)]),
        ("The secretary of state spoke.", "2024-12-27", "en", []),
        # a contraction is left out of the mention
        ("El decreto ordena al secretario de Estado recomendar.", "2025-01-21", "es",
         [("secretario de Estado", MR)]),
        # bare roles: the only holder of "la mandataria"
        ("La mandataria respondió que no.", "2024-12-23", "es", [("La mandataria", SH)]),
        # ... the holder named before it
        ("Trump spoke first; later the president said no.", "2025-05-05", "en", [("the president", DT)]),
        # ... else the holder whose country the text names
        ("Mexico will cooperate, the president said.", "2025-05-05", "en", [("the president", SH)]),
        ("The Pentagon said the president had decided.", "2025-10-02", "en", [("the president", DT)]),
        # a bare role needs a determiner
        ("President said no.", "2025-05-05", "en", []),
        # anaphoric: only a holder named before
        ("Hegseth spoke; the secretary called it a fabrication.", "2025-11-29", "en",
         [("the secretary", PH)]),
        ("The secretary called it a fabrication.", "2025-11-29", "en", []),
        # a title discussed as words in quotation marks
        ('Briefings now open with "Secretary of War," a title.', "2025-10-03", "en", []),
        # no date, no role
        ("The Mexican president said no.", None, "en", []),
    ],
)
def test_role_mentions(roles, matcher, text, date, lang, expected):
    assert found(roles, matcher, text, date, lang) == expected


def test_mention_spans_marks_roles_and_keeps_country_names(actors):
    arts = pd.DataFrame({
        "article_id": ["a", "b"], "title": ["", ""], "lang": ["es", "en"],
        "published_at": ["2025-02-20", "2025-06-01"],
        "text": ["La presidenta de México habló.", "Hegseth, the Secretary of War, spoke."],
    })
    spans = mention_spans(arts, actors=actors, roles=_csv(ROLES_CSV))
    got = list(zip(spans["article_id"], spans["actor"], spans["matched"], spans["how"]))
    assert got == [
        ("a", SH, "La presidenta de México", "role"),
        ("a", "Mexico", "México", "name"),
        # before 2025-09-05 "Secretary of War" (an alias of the actor table that is also a
        # role alias) names nobody: only the name counts
        ("b", PH, "Hegseth", "name"),
    ]
    mentions = find_mentions(arts, actors=actors, roles=_csv(ROLES_CSV))
    assert list(mentions.itertuples(index=False, name=None)) == [
        ("a", SH, "person", 1, 1),
        ("a", "Mexico", "country", 1, 0),
        ("b", PH, "person", 1, 0),
    ]
    # roles=False: names only
    plain = mention_spans(arts, actors=actors, roles=False)
    assert list(plain["matched"]) == ["México", "Hegseth", "Secretary of War"]
    assert set(plain["how"]) == {"name"}


def test_quote_speakers_named_by_role(actors):
    arts = pd.DataFrame({
        "article_id": ["a", "b", "c"], "lang": ["es", "en", "es"],
        "published_at": ["2025-08-08", "2025-08-09", "2025-01-22"],
        "text": [
            "«No habrá invasión», dijo la mandataria.",
            '"There will be no invasion," the Mexican president said.',
            "«Nosotros en nuestro territorio», dijo la presidenta en Palacio Nacional.",
        ],
    })
    table = pd.concat([actors, _csv("actor,kind,country,aliases\nMexican government,government,MX,Palacio Nacional\n")])
    q = find_quotes(arts, actors=table, roles=_csv(ROLES_CSV))
    assert list(zip(q["article_id"], q["speaker"], q["actor"])) == [
        ("a", "la mandataria", SH),
        ("b", "the Mexican president", SH),
        # the role, a person, wins over the government named by the place
        ("c", "la presidenta en Palacio Nacional", SH),
    ]


def test_kit_role_table_dates():
    """The kit's table, with the dates its notes cite (TIMELINE.md and public sources)."""
    roles = read_roles()
    war = roles[(roles["role_alias"] == "secretary of war") & (roles["lang"] == "en")]
    assert list(war["actor"]) == [PH] and list(war["from"]) == ["2025-09-05"]
    mx = roles[(roles["role_alias"] == "Mexican president")]
    assert sorted(zip(mx["actor"], mx["from"], mx["to"])) == [
        (AMLO, "", "2024-09-30"), (SH, "2024-10-01", "")]
    assert (roles["notes"].str.strip() != "").all()  # every row names its source


@pytest.mark.parametrize(
    "row, problem",
    [
        ("president,en,Donald Trump,2025-01-20,,sometimes,x", "scope"),
        ("president,en,Donald Trump,20/01/2025,,bare,x", "cannot be read"),
        ("president,en,Donald Trump,2025-01-20,2024-01-01,bare,x", "ends"),
        ("president,fr,Donald Trump,2025-01-20,,bare,x", "language"),
        (",en,Donald Trump,2025-01-20,,bare,x", "empty"),
    ],
)
def test_read_roles_rejects_bad_rows(tmp_path, row, problem):
    path = tmp_path / "roles.csv"
    path.write_text("role_alias,lang,actor,from,to,scope,notes\n" + row + "\n", encoding="utf-8")
    with pytest.raises(TableError) as err:
        read_roles(path)
    assert problem in str(err.value) and "roles.csv" in str(err.value)


def test_roles_of_actors_missing_from_the_table_are_left_out(actors):
    extra = _csv(ROLES_CSV + "canciller,es,Juan Ramón de la Fuente,2024-10-01,,bare,t\n")
    m = RoleMatcher(extra, actors)
    assert m.find("El canciller habló.", date="2025-03-01", lang="es") == []


CONTEXT_CSV = """alias,lang,actor,notes
Congress,en,US Congress,
Congress,en,Mexican Congress,
Senado,es,Mexican Senate,
Senado,es,US Senate,
Marina,es,SEMAR,
Guardia Costera,es,US Coast Guard,
"""
CONTEXT_ACTORS = ACTORS_CSV + """US Congress,legislature,US,
Mexican Congress,legislature,MX,Congreso de la Unión
Mexican Senate,legislature,MX,Senado de la República
US Senate,legislature,US,Senado de Estados Unidos
SEMAR,military,MX,Semar|Secretaría de Marina
US Coast Guard,military,US,USCG
"""


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Congress has not voted.", "en", [("Congress", "US Congress", "name")]),
        ("Sheinbaum's party controls Congress, and Mexico will amend Article 40.", "en",
         [("Congress", "Mexican Congress", "name")]),
        ("El Senado aprobó la reforma de Sheinbaum.", "es", [("Senado", "Mexican Senate", "name")]),
        ("Trump pidió al Senado de Estados Unidos votar.", "es", [("Senado de Estados Unidos", "US Senate", "name")]),
        ("El Senado votará la resolución de Trump en Estados Unidos.", "es", [("Senado", "US Senate", "name")]),
        # a first name, a harbour, another country's coast guard
        ("Marina Ortega vende pescado.", "es", []),
        ("Los barcos volvieron a una marina de Sinaloa.", "es", []),
        ("La Guardia Costera de Costa Rica recibió al sobreviviente.", "es", []),
        ("La Marina buscó al sobreviviente.", "es", [("Marina", "SEMAR", "name")]),
    ],
)
def test_short_forms_resolved_by_context(text, lang, expected):
    actors = _csv(CONTEXT_ACTORS)
    matcher = RoleMatcher(_csv(ROLES_CSV), actors, _csv(CONTEXT_CSV))
    arts = pd.DataFrame({"article_id": ["a"], "title": [""], "lang": [lang], "published_at": ["2025-05-01"],
                         "text": [text]})
    spans = mention_spans(arts, actors=actors, roles=matcher)
    got = [(m, a, h) for m, a, h in zip(spans["matched"], spans["actor"], spans["how"])
           if a not in (SH, DT, "Mexico", "United States")]
    assert got == expected


def test_a_role_in_apposition_after_its_holders_name_is_not_a_second_mention(roles, matcher):
    assert found(roles, matcher, "Rubio, the secretary of state, spoke.", "2025-03-01") == []
    assert found(roles, matcher, "Trump, the secretary of state said, was angry.", "2025-03-01") == [
        ("the secretary of state", MR)]
