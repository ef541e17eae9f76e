"""Tests for coveragekit.actors.quotes: find_quotes and quote_share.

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


# --------------------------------------------------------------------------- issue 21: precision
# Quotation marks that are not speech, conjoined speakers and dash asides; written by hand.

NOT_SPEECH = [
    # titles of books, reports, operations; nicknames; slogans; defined terms; scare quotes
    ('Burton claims that his favorite book is "One Hundred Years of Solitude".', "en"),
    ('Hegseth announced "Operation Southern Spear" on Thursday.', "en"),
    ('A Larkspur Center brief, “After the List: What Designations Change,” argues that banks will feel it.', "en"),
    ('Critics mocked the so-called "narco-state" on Tuesday.', "en"),
    ('Nemesio "El Mencho" Oseguera was killed in Jalisco.', "en"),
    ('Supporters chanted the slogan "No invasion" outside the embassy.', "en"),
    ('The order cites the Alien Enemies Act, which officials shorten to "AEA," in its first line.', "en"),
    ("En su libro «Narcoterrorismo: la etiqueta y sus consecuencias», el abogado sostiene que no cambia nada.", "es"),
    ("Hegseth bautizó la campaña como «Lanza del Sur».", "es"),
    ("El gobierno insistió en llamarlo «traslado» y no extradición.", "es"),
    ("El secretario aseguró que no cambia la estrategia de «atención a las causas» del gabinete.", "es"),
    ("Los manifestantes corearon el lema «México no se vende» frente a la embajada.", "es"),
    ("Analysts described the plan as \"a gamble\" last week.", "en"),
]


@pytest.mark.parametrize("text, lang", NOT_SPEECH)
def test_titles_names_slogans_and_terms_are_not_quotes(matcher, text, lang):
    assert quotes_of(matcher, text, lang) == []


def test_as_after_a_speech_verb_introduces_speech(matcher):
    text = 'Sheinbaum summed up the arrangement as "cooperation without subordination."'
    assert quotes_of(matcher, text) == [
        ("Sheinbaum", CS, "cooperation without subordination.", "summed")]
    text = "Sheinbaum lo resumió como «cooperación sin subordinación»."
    assert quotes_of(matcher, text, "es") == [
        ("Sheinbaum", CS, "cooperación sin subordinación", "resumió")]


def test_calificar_de_is_speech(matcher):
    text = "El canciller Gil la calificó de «patética»."
    assert quotes_of(matcher, text, "es") == [("Gil", "", "patética", "calificó")]


def _rows(matcher, text, lang="en"):
    df = pd.DataFrame({"article_id": ["x"], "lang": [lang], "text": [text]})
    q = find_quotes(df, actors=matcher)
    for row in q.itertuples():
        assert text[row.start : row.end] == row.quote
    return [(r.speaker, r.quote, r.how) for r in q.itertuples()]


def test_conjoined_speakers_get_a_row_each(matcher):
    assert _rows(matcher, '"We love cats!" reply Burton and Nick.') == [
        ("Burton", "We love cats!", "cue after"),
        ("Nick", "We love cats!", "cue after"),
    ]
    text = '"This is the first time Congress has been asked," said Dana Whitfield and Omar Haddad.'
    assert [s for s, _, _ in _rows(matcher, text)] == ["Dana Whitfield", "Omar Haddad"]
    text = 'Kaine and Rubio said: "The vote will come."'
    assert _rows(matcher, text) == [
        ("Kaine", "The vote will come.", "cue before"),
        ("Rubio", "The vote will come.", "cue before"),
    ]
    # a possessive or a description after "and" is no second speaker
    assert _rows(matcher, '"No," said Kaine and his aides.') == [("Kaine", "No", "cue after")]


def test_a_dash_aside_splits_the_quotation(matcher):
    text = "«Nadie sabe si volvemos a lo mismo —dijo Ernesto Garza, agente aduanal en Nuevo Laredo—, así que los clientes adelantan pedidos»."
    assert _rows(matcher, text, "es") == [
        ("Ernesto Garza", "Nadie sabe si volvemos a lo mismo", "cue after"),
        ("Ernesto Garza", "así que los clientes adelantan pedidos", "continued"),
    ]
    text = "«Aquí nadie quiere soldados extranjeros —dijo Rigoberto Lara, comerciante—. Lo que queremos es abrir de noche»."
    assert [(s, q) for s, q, _ in _rows(matcher, text, "es")] == [
        ("Rigoberto Lara", "Aquí nadie quiere soldados extranjeros"),
        ("Rigoberto Lara", "Lo que queremos es abrir de noche"),
    ]


def test_a_stray_closing_mark_does_not_open_a_quotation(matcher):
    text = ("'AMANDA, you stabbed me,\" a stunned Anna Ramirez told her twin. Edward said "
            'prosecutors had established "clear and convincing evidence" that she should be held.')
    assert ("Edward", "clear and convincing evidence", "cue before") in _rows(matcher, text)


def test_a_described_speaker_ends_at_a_preposition(matcher):
    text = "«La descertificación es política», opinó la investigadora Carolina Uribe sobre la decisión de Washington."
    assert quotes_of(matcher, text, "es") == [
        ("Carolina Uribe", "", "La descertificación es política", "opinó")]


def test_a_nested_quotation_with_its_own_cue_is_a_row_of_its_own(matcher):
    text = "«Mi hija me dijo: “mamá, ya no salgas”», relató Guadalupe Félix."
    assert quotes_of(matcher, text, "es") == [
        ("Guadalupe Félix", "", "Mi hija me dijo: “mamá, ya no salgas”", "relató"),
        ("Mi hija", "", "mamá, ya no salgas", "dijo"),
    ]
    # nested marks with no cue are part of the quotation only
    text = 'He told everyone, "This ‘hamburger with extra cheese’ is good."'
    assert [q for _, _, q, _ in quotes_of(matcher, text)] == ["This ‘hamburger with extra cheese’ is good."]


def test_a_dash_may_introduce_a_quotation_after_its_cue(matcher):
    text = ("Washington can call the cartels whatever it likes, Sheinbaum told reporters, but "
            "Mexico's terms are coordination — “no subordination, no invasion.”")
    assert quotes_of(matcher, text) == [("Sheinbaum", CS, "no subordination, no invasion.", "told")]
