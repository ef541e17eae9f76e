"""Tests for coveragekit.actors.find_quotes and quote_share.

Every expected (speaker, actor, quote, cue) is written down by hand from the sentence or
paragraph, with the small actor table below.
"""

import io

import pandas as pd
import pytest

from coveragekit.actors import QUOTE_COLUMNS, ActorMatcher, find_quotes, quote_share

TABLE_CSV = """actor,kind,country,aliases
Claudia Sheinbaum,person,MX,Sheinbaum
Donald Trump,person,US,Trump
Tim Kaine,person,US,Kaine
Marco Rubio,person,US,Rubio
Juan Ramón de la Fuente,person,MX,de la Fuente
United States,country,US,US|U.S.|Estados Unidos
SEMAR,military,MX,Semar|Mexican Navy|Secretaría de Marina|Marina de México
Mexico City,place,MX,Ciudad de México
Washington,place,US,
El Paso,place,US,
"""
CS, DT, TK, MR = "Claudia Sheinbaum", "Donald Trump", "Tim Kaine", "Marco Rubio"


@pytest.fixture(scope="module")
def matcher():
    return ActorMatcher(pd.read_csv(io.StringIO(TABLE_CSV), dtype=str, keep_default_na=False))


def quotes_of(matcher, text, lang="en"):
    df = pd.DataFrame({"article_id": ["x"], "lang": [lang], "text": [text]})
    q = find_quotes(df, actors=matcher)
    for row in q.itertuples():
        assert text[row.start : row.end] == row.quote
    return [(r.speaker, r.actor, r.quote, r.cue) for r in q.itertuples()]


# (text, lang, expected [(speaker, actor, quote, cue), ...]) — written by hand.
CASES = [
    # English, the cue after the quotation
    (
        '"We will not accept it," Sheinbaum said.',
        "en",
        [("Sheinbaum", CS, "We will not accept it", "said")],
    ),
    (
        '"This vote matters," said Sen. Tim Kaine.',
        "en",
        [("Tim Kaine", TK, "This vote matters", "said")],
    ),
    (
        '"Our trucks wait four hours," said Maria Lopez, a customs broker in El Paso.',
        "en",
        [("Maria Lopez", "", "Our trucks wait four hours", "said")],
    ),
    (
        '"Congress was not consulted," Kaine told reporters on Tuesday.',
        "en",
        [("Kaine", TK, "Congress was not consulted", "told")],
    ),
    (
        '"Which crossing is taxed?" the broker asked.',
        "en",
        [("the broker", "", "Which crossing is taxed?", "asked")],
    ),
    (
        '"The cartels are terrorists," said Secretary of State Marco Rubio.',
        "en",
        [("Marco Rubio", MR, "The cartels are terrorists", "said")],
    ),
    (
        "“They are narcoterrorists,” Trump wrote on social media.",
        "en",
        [("Trump", DT, "They are narcoterrorists", "wrote")],
    ),
    (
        '"The boat was carrying cocaine," according to a spokesperson for the Navy.',
        "en",
        [("a spokesperson for the Navy", "", "The boat was carrying cocaine", "according to")],
    ),
    (
        '"No survivors were found," a spokesperson for the Mexican Navy said.',
        "en",
        [("a spokesperson for the Mexican Navy", "SEMAR", "No survivors were found", "said")],
    ),
    # English, the cue before it: full sentence and partial quotes in indirect speech
    (
        'Sheinbaum said: "There will be no invasion."',
        "en",
        [("Sheinbaum", CS, "There will be no invasion.", "said")],
    ),
    (
        'Sheinbaum has declared that there will be "no invasion" of Mexico.',
        "en",
        [("Sheinbaum", CS, "no invasion", "declared")],
    ),
    (
        'Trump said those killed were "narcoterrorists" and that more strikes would come.',
        "en",
        [("Trump", DT, "narcoterrorists", "said")],
    ),
    (
        'US officials said the strike was "fully lawful."',
        "en",
        [("US officials", "United States", "fully lawful.", "said")],
    ),
    # continuation: a split quotation, and a second sentence after the attributed one
    (
        '"The longer this goes on," Rubio said, "the harder it gets."',
        "en",
        [
            ("Rubio", MR, "The longer this goes on", "said"),
            ("Rubio", MR, "the harder it gets.", "said"),
        ],
    ),
    # pronouns: resolved to the most recent named person, kept when nobody is named
    (
        "Maria Lopez, a customs broker in El Paso, said the lines were long. "
        '"Nobody knows the rules," she said.',
        "en",
        [("Maria Lopez", "", "Nobody knows the rules", "said")],
    ),
    (
        "Rubio met Sheinbaum in Mexico City. Later, Sheinbaum spoke to reporters. "
        '"It was a good meeting," '
        "she said.",
        "en",
        [("Sheinbaum", CS, "It was a good meeting", "said")],
    ),
    ('"It was a mistake," he said.', "en", [("he", "", "It was a mistake", "said")]),
    (
        "Claudia Sheinbaum spoke at her morning press conference.\n\n"
        '"We are a free and sovereign country," she '
        'said. "We coordinate, but we do not subordinate."',
        "en",
        [
            (CS, CS, "We are a free and sovereign country", "said"),
            (CS, CS, "We coordinate, but we do not subordinate.", "said"),
        ],
    ),
    # a quotation running over two paragraphs (the first paragraph is left open)
    (
        'Rubio spoke first.\n\n"We will not wait forever.\n\n"We want results," he said.',
        "en",
        [
            ("Rubio", MR, "We will not wait forever.", "said"),
            ("Rubio", MR, "We want results", "said"),
        ],
    ),
    # scare quotes and words named as terms: not quotations
    ('Officials described the crew as "narcoterrorists."', "en", []),
    ('The so-called "narcoterrorists" were never named.', "en", []),
    ('Mexico calls the handovers "transfers," not extraditions.', "en", []),
    # Spanish, guillemets and curly quotes
    (
        "«No habrá invasión», dijo Sheinbaum.",
        "es",
        [("Sheinbaum", CS, "No habrá invasión", "dijo")],
    ),
    (
        "«La soberanía no se vende», afirmó la presidenta Claudia Sheinbaum.",
        "es",
        [(CS, CS, "La soberanía no se vende", "afirmó")],
    ),
    (
        "La presidenta Claudia Sheinbaum aseguró que «no habrá invasión».",
        "es",
        [(CS, CS, "no habrá invasión", "aseguró")],
    ),
    (
        "“Vamos a coordinar”, advirtió Sheinbaum.",
        "es",
        [("Sheinbaum", CS, "Vamos a coordinar", "advirtió")],
    ),
    (
        "«Es un cambio de escala», dijo a este diario la economista Mariela Contreras.",
        "es",
        [("Mariela Contreras", "", "Es un cambio de escala", "dijo")],
    ),
    (
        "«No es pánico, es prudencia», explicó su presidenta, Sofía Elizondo.",
        "es",
        [("Sofía Elizondo", "", "No es pánico, es prudencia", "explicó")],
    ),
    (
        "«Nosotros no fabricamos fentanilo», sostuvo Rubén Cavazos, vocero de la asociación. "
        "«Fabricamos piezas.»",
        "es",
        [
            ("Rubén Cavazos", "", "Nosotros no fabricamos fentanilo", "sostuvo"),
            ("Rubén Cavazos", "", "Fabricamos piezas.", "sostuvo"),
        ],
    ),
    # the omitted subject of Spanish, resolved or not
    (
        "Para el analista Jorge Ruiz, la medida es simbólica. "
        "«Es un mensaje para Washington», señaló.",
        "es",
        [("Jorge Ruiz", "", "Es un mensaje para Washington", "señaló")],
    ),
    ("«No lo sé», dijo.", "es", [("", "", "No lo sé", "dijo")]),
    (
        "El canciller Juan Ramón de la Fuente habló con la prensa. «Es inaceptable», dijo él.",
        "es",
        [("Juan Ramón de la Fuente", "Juan Ramón de la Fuente", "Es inaceptable", "dijo")],
    ),
    # "según" before and after, and a quotation with quotes inside
    (
        'Según la Secretaría de Marina, "no hubo sobrevivientes".',
        "es",
        [("la Secretaría de Marina", "SEMAR", "no hubo sobrevivientes", "Según")],
    ),
    (
        '"No hubo sobrevivientes", según la Marina de México.',
        "es",
        [("la Marina de México", "SEMAR", "No hubo sobrevivientes", "según")],
    ),
    (
        '«El cliente escucha "cártel" y "México" en la misma frase», comentó Salinas.',
        "es",
        [("Salinas", "", 'El cliente escucha "cártel" y "México" en la misma frase', "comentó")],
    ),
    ("Los pescadores llaman «la ruta» al corredor del Pacífico.", "es", []),
]


@pytest.mark.parametrize("text,lang,expected", CASES, ids=[c[0][:45] for c in CASES])
def test_quote_attribution(matcher, text, lang, expected):
    assert quotes_of(matcher, text, lang) == expected


def test_there_are_at_least_twenty_five_hand_written_cases():
    assert len(CASES) >= 25


def test_columns_how_and_resolved_from(matcher):
    text = (
        'Claudia Sheinbaum spoke on Tuesday. "We will not accept it," she said. "Never."\n\n'
        "«No sé», dijo."
    )
    df = pd.DataFrame({"article_id": ["a"], "lang": ["en"], "text": [text]})
    before = df.copy()
    q = find_quotes(df, actors=matcher)
    pd.testing.assert_frame_equal(df, before)
    assert list(q.columns) == QUOTE_COLUMNS
    assert list(zip(q["how"], q["resolved_from"])) == [
        ("cue after", "she"),
        ("continued", "she"),
        ("cue after", "(omitted)"),
    ]
    assert q["speaker"].tolist() == [CS, CS, CS]


def test_articles_without_quotes_and_missing_text(matcher):
    df = pd.DataFrame({"article_id": ["a", "b", "c"], "text": ["No quotes here.", "", None]})
    q = find_quotes(df, actors=matcher)
    assert len(q) == 0 and list(q.columns) == QUOTE_COLUMNS


def test_quote_share_by_hand():
    quotes = pd.DataFrame({"article_id": ["1", "1", "2", "3"], "actor": [CS, CS, DT, ""]})
    mentions = pd.DataFrame(
        {
            "article_id": ["1", "1", "2", "2", "3", "3"],
            "actor": [CS, DT, CS, DT, CS, "Mexico City"],
            "kind": ["person", "person", "person", "person", "person", "place"],
        }
    )
    got = quote_share(quotes, mentions)
    # Sheinbaum: 2 quotes in 1 article, mentioned in 3; Trump: 1 quote, mentioned in 2.
    assert list(got.itertuples(index=False, name=None)) == [
        (CS, 2, 1, 3, pytest.approx(1 / 3)),
        (DT, 1, 1, 2, 0.5),
    ]
    arts = pd.DataFrame({"article_id": ["1", "2", "3"], "outlet": ["Wire", "Wire", "Diario"]})
    by = quote_share(quotes, mentions, by="outlet", articles=arts)
    assert list(by.itertuples(index=False, name=None)) == [
        ("Diario", CS, 0, 0, 1, 0.0),
        ("Wire", CS, 2, 1, 2, 0.5),
        ("Wire", DT, 1, 1, 2, 0.5),
    ]


def test_quote_share_counts_a_quoted_actor_as_mentioned():
    quotes = pd.DataFrame({"article_id": ["9"], "actor": [TK]})
    mentions = pd.DataFrame({"article_id": ["1"], "actor": [CS], "kind": ["person"]})
    got = quote_share(quotes, mentions).set_index("actor")
    assert got.loc[TK, "share_quoted"] == 1.0 and got.loc[TK, "n_articles_mentioned"] == 1
