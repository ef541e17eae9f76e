"""Tests for coveragekit.actors.quotes.cues: the quote rules compiled from a set of rule
tables, handed to find_quotes instead of patterns compiled at import."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from coveragekit.actors import find_quotes
from coveragekit.actors.quotes.cues import QuoteRules, caseless, quote_rules
from coveragekit.actors.rules import compiled_rules, read_rules
from coveragekit.errors import OptionError

RULES = Path(__file__).resolve().parent.parent / "data" / "rules"
ARTS = pd.DataFrame({"article_id": ["a"], "lang": ["en"],
                     "text": ['"No," Kaine said. "Yes," Kaine told reporters.']})
ACTORS = pd.DataFrame({"actor": ["Tim Kaine"], "kind": ["person"], "country": ["US"], "aliases": ["Kaine"]})


def _without_said(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    verbs = (copy / "speech_verbs.csv").read_text("utf-8").splitlines()
    (copy / "speech_verbs.csv").write_text("\n".join(v for v in verbs if v != "en,said") + "\n", "utf-8")
    return copy


def test_the_kit_rules_are_compiled_once():
    assert quote_rules() is quote_rules()
    assert quote_rules(None).digest == compiled_rules().digest
    r = quote_rules()
    assert quote_rules(r) is r


def test_find_quotes_takes_a_folder_of_rule_tables(tmp_path):
    # both quotations with the kit's rules; with "said" removed, only the one "told" gives
    assert find_quotes(ARTS, actors=ACTORS, roles=False)["quote"].tolist() == ["No", "Yes"]
    folder = _without_said(tmp_path)
    assert find_quotes(ARTS, actors=ACTORS, roles=False, rules=folder)["quote"].tolist() == ["Yes"]
    compiled = QuoteRules(read_rules(folder))
    assert find_quotes(ARTS, actors=ACTORS, roles=False, rules=compiled)["quote"].tolist() == ["Yes"]
    assert compiled.digest != compiled_rules().digest
    # the kit's rules are untouched by the other set
    assert find_quotes(ARTS, actors=ACTORS, roles=False)["quote"].tolist() == ["No", "Yes"]


def test_patterns_and_word_lists_of_the_kit_rules():
    r = quote_rules()
    assert r.cue_re.search("as she said on Tuesday").group() == "said"
    assert r.cue_re.search("the United States") is None  # speech verbs in lower case only
    assert r.according_re.search("segun la Marina").group().lower() == "segun"
    assert r.title_re.match("Secretary of State Marco Rubio").group() == "Secretary of State "
    assert {"el", "la", "the"} <= r.determiners and "de" in r.prepositions


def test_caseless_spells_out_each_letter():
    assert caseless("que") == "[qQ][uU][eE]"
    assert caseless(r"is\s") == "[iIİı][sSſ]\\s"  # an escape is left alone


def test_rules_of_another_type_are_an_option_error():
    with pytest.raises(OptionError, match="rules= must be"):
        find_quotes(ARTS, actors=ACTORS, roles=False, rules=42)
