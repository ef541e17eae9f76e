"""The actor table: who the analyses look for.

The actor table (``data/actors.csv``; see the data README) has one row per actor:
``actor, kind, country, aliases`` with ``kind`` one of :data:`KINDS` and the aliases
separated by ``|``. The actor's name is an alias too. Two actors may not claim one alias
(compared with case and accents folded: :func:`alias_key`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._fast.fold import fold
from .._frame import as_text
from ..datasets import data_dir
from ..errors import TableError

__all__ = ["ACTOR_COLUMNS", "KINDS", "ActorTableError", "alias_key", "as_text", "default_actor_table",
           "read_actors", "split_aliases", "validate_actors"]

KINDS = ("person", "government", "agency", "military", "legislature", "cartel", "country", "place")
ACTOR_COLUMNS = ["actor", "kind", "country", "aliases"]


class ActorTableError(TableError, ValueError):
    """The actor table cannot be used: a missing column, an empty actor name, an unknown
    kind, or an alias that two actors claim. The message is one line naming the problem."""


# --------------------------------------------------------------------------- the table


def validate_actors(table: pd.DataFrame, *, path=None) -> pd.DataFrame:
    """Check an actor table and return a clean copy.

    Cells are stripped, missing cells read as "", ``kind`` is lower-cased.

    Parameters
    ----------
    table : DataFrame
        Columns ``actor, kind, country, aliases`` (others are kept).
    path : str or Path, optional
        Named in error messages.

    Returns
    -------
    DataFrame

    Raises
    ------
    ActorTableError
        For a missing column, an empty actor name, an unknown kind, an actor listed twice,
        an alias with no letter or digit, or an alias (after folding case and accents)
        claimed by two actors.

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["DEA", "Gulf Cartel", "Gulf of Mexico"],
    ...                   "kind": ["Agency ", "cartel", "place"], "country": ["US", "MX", "INT"],
    ...                   "aliases": ["", "Gulf", "Golfo de México|Gulf"]})
    >>> validate_actors(t.head(2))["kind"].tolist()
    ['agency', 'cartel']
    >>> try:
    ...     validate_actors(t)
    ... except ActorTableError as err:
    ...     print(str(err).split(". ")[0])
    the alias "Gulf" is claimed by two actors, "Gulf Cartel" and "Gulf of Mexico"
    """
    t = _clean_copy(table, path)
    owner: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for i, (actor, kind, aliases) in enumerate(zip(t["actor"], t["kind"], t["aliases"])):
        line = f"row {i + 1}" if path is None else f"line {i + 2}"
        _check_actor(actor, kind, line, seen, path)
        seen[alias_key(actor)] = i
        for alias in split_aliases(actor, aliases):
            _check_alias(actor, alias, owner, path)
    return t


def _clean_copy(table, path) -> pd.DataFrame:
    """The table with its four columns as stripped text, ``kind`` in lower case."""
    if not isinstance(table, pd.DataFrame):
        raise ActorTableError(
            "the actor table is not a DataFrame",
            path=path,
            hint="read it with coveragekit.actors.read_actors()",
        )
    missing = [c for c in ACTOR_COLUMNS if c not in table.columns]
    if missing:
        raise ActorTableError(
            f"the actor table lacks the column(s) {', '.join(missing)}",
            path=path,
            hint=f"its header must be: {','.join(ACTOR_COLUMNS)}",
        )
    t = table.copy()
    for c in ACTOR_COLUMNS:
        t[c] = [as_text(v).strip() for v in t[c]]
    t["kind"] = t["kind"].str.lower()
    return t.reset_index(drop=True)


def _check_actor(actor: str, kind: str, line: str, seen: dict, path) -> None:
    """An actor row needs a name, a known kind, and a name no earlier row has."""
    if not actor:
        raise ActorTableError(
            f"{line} of the actor table has an empty actor name",
            path=path,
            hint="fill in the actor column or delete the row",
        )
    if kind not in KINDS:
        raise ActorTableError(
            f'the actor "{actor}" has the unknown kind "{kind}"',
            path=path,
            hint=f"use one of {', '.join(KINDS)}",
        )
    if alias_key(actor) in seen:
        raise ActorTableError(
            f'the actor "{actor}" is listed twice ({line} and an earlier row)',
            path=path,
            hint="merge the two rows",
        )


def _check_alias(actor: str, alias: str, owner: dict, path) -> None:
    """An alias needs a letter or digit and no other actor claiming it (after folding)."""
    akey = alias_key(alias)
    if not any(ch.isalnum() for ch in akey):
        raise ActorTableError(
            f'the actor "{actor}" has the alias "{alias}", which has no letter or digit',
            path=path,
            hint="delete it",
        )
    if akey in owner and owner[akey][0] != actor:
        other = owner[akey][0]
        raise ActorTableError(
            f'the alias "{alias}" is claimed by two actors, "{other}" and "{actor}"',
            path=path,
            hint="keep it under one actor, or make it longer so it names only one",
        )
    owner.setdefault(akey, (actor, alias))


def read_actors(path) -> pd.DataFrame:
    """Read and check an actor table (CSV, UTF-8): ``actor, kind, country, aliases``.

    Raises :class:`ActorTableError` (see :func:`validate_actors`) naming the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "actors.csv"
    >>> _ = path.write_text("actor,kind,country,aliases\\n"
    ...                     "Claudia Sheinbaum,person,MX,Sheinbaum|la presidenta\\n"
    ...                     "Pete Hegseth,person,US,Hegseth\\n"
    ...                     "SEMAR,military,MX,Secretaría de Marina|Marina\\n")
    >>> read_actors(path)[["actor", "kind"]].values.tolist()
    [['Claudia Sheinbaum', 'person'], ['Pete Hegseth', 'person'], ['SEMAR', 'military']]
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActorTableError("the actor table does not exist", path=path) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ActorTableError(
            f"the actor table cannot be read as CSV ({msg})",
            path=path,
            hint="save it from a spreadsheet as CSV UTF-8",
        ) from None
    df.columns = [str(c).strip() for c in df.columns]
    return validate_actors(df, path=path)


def default_actor_table() -> pd.DataFrame:
    """The kit's actor table, ``data/actors.csv`` (or ``$COVERAGEKIT_DATA/actors.csv``).

    Examples
    --------
    >>> table = default_actor_table()
    >>> list(table.columns), "Claudia Sheinbaum" in set(table["actor"])
    (['actor', 'kind', 'country', 'aliases'], True)
    """
    return read_actors(data_dir() / "actors.csv")


# --------------------------------------------------------------------------- the matcher


def alias_key(alias: str) -> str:
    """An alias folded (case, accents) with its white space normalised: the key under which
    aliases are compared.

    >>> alias_key("  Nicolás   Maduro")
    'nicolas maduro'
    """
    folded, _ = fold(alias)
    return " ".join(folded.split())


def split_aliases(actor: str, aliases: str) -> list[str]:
    """The actor's name and its ``|``-separated aliases, once each.

    >>> split_aliases("Marco Rubio", "Rubio| Rubio |Secretary Rubio")
    ['Marco Rubio', 'Rubio', 'Secretary Rubio']
    """
    out = [actor]
    for a in (aliases or "").split("|"):
        a = a.strip()
        if a and a not in out:
            out.append(a)
    return out
