"""Tests for coveragekit.actors.rules: the word rules are tables in data/rules/, written
with their accents, folded when read, and checked with one clear error per problem."""

from pathlib import Path

import pandas as pd
import pytest


def test_the_word_rules_are_tables_written_with_accents():
    from coveragekit.actors.rules import read_rules

    root = Path(__file__).resolve().parent.parent / "data" / "rules"
    verbs = pd.read_csv(root / "speech_verbs.csv", dtype=str, keep_default_na=False)
    assert {"señaló", "afirmó", "añadió"} <= set(verbs["verb"])  # as written
    rules = read_rules(root)
    assert {"senalo", "afirmo", "anadio", "said"} <= rules.verbs()  # folded when loaded
    assert {"él", "ella", "he", "she"} == rules.words["pronoun"]  # pronouns keep their accents


def test_a_speech_verb_removed_from_a_copy_of_the_tables_attributes_nothing(tmp_path):
    """Overridable like the actor table: COVERAGEKIT_DATA points at a copied data folder."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent / "data"
    copy = tmp_path / "data"
    shutil.copytree(root / "rules", copy / "rules")
    for name in ("actors.csv", "roles.csv"):
        shutil.copy(root / name, copy / name)
    verbs = (copy / "rules" / "speech_verbs.csv").read_text(encoding="utf-8").splitlines()
    kept = [v for v in verbs if v not in ("en,said",)]
    (copy / "rules" / "speech_verbs.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    code = (
        "import pandas as pd, coveragekit as ck\n"
        "df = pd.DataFrame({'article_id': ['a'], 'lang': ['en'], 'text': ['\"No,\" Kaine said. \"Yes,\" Kaine told us.']})\n"
        "print(list(ck.find_quotes(df)['quote']))\n"
    )
    env = {**__import__("os").environ, "COVERAGEKIT_DATA": str(copy)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['Yes']"


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("speech_verbs.csv", "lang,verb\nfr,dit\n", "language 'fr'"),
        ("speech_verbs.csv", "lang,word\nen,said\n", "lacks the column(s) verb"),
        ("cue_phrases.csv", "lang,phrase,meaning\nen,so-called,maybe\n", "meaning 'maybe'"),
        ("titles.csv", "lang,part,title\nen,prefix,Sen.\n", "part 'prefix'"),
        ("words.csv", "list,lang,word\nadverbs,en,very\n", "unknown list 'adverbs'"),
    ],
)
def test_bad_rule_tables_are_one_clear_error(tmp_path, name, content, problem):
    import shutil

    from coveragekit.actors.rules import read_rules
    from coveragekit.errors import TableError

    root = Path(__file__).resolve().parent.parent / "data" / "rules"
    copy = tmp_path / "rules"
    shutil.copytree(root, copy)
    (copy / name).write_text(content, encoding="utf-8")
    with pytest.raises(TableError) as err:
        read_rules(copy)
    assert problem in str(err.value) and name in str(err.value)
