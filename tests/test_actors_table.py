"""Tests for coveragekit.actors.table: the actor table's checks and readers."""


import pandas as pd
import pytest
from actor_tables import TABLE_CSV, table_frame

from coveragekit.actors import (
    ActorMatcher,
    ActorTableError,
    default_actor_table,
    read_actors,
    validate_actors,
)
from coveragekit.errors import TableError


@pytest.fixture(scope="module")
def table():
    return table_frame()


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

