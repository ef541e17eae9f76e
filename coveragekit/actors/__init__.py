"""Actors: who is named in the coverage, who is named together, and who gets quoted.

The package is split by task:

* :mod:`.table` — the actor table (``data/actors.csv``: ``actor, kind, country,
  aliases``), read and checked;
* :mod:`.matching` — :class:`ActorMatcher`, which finds the aliases of the table in a
  text (its matching rules are documented there);
* :mod:`.roles` — :class:`RoleMatcher`: "the Mexican president", "la mandataria" as
  mentions of whoever held the office on the article's date;
* :mod:`.rules` — the word rules of ``data/rules/`` (speech verbs, cue phrases, titles,
  word lists) and :func:`~coveragekit.actors.rules.rules_digest` for cache keys;
* :mod:`.mentions` — the frame verbs of mentions: :func:`mention_spans`,
  :func:`find_mentions`, :func:`mentions_over_time`, :func:`cooccurrence`;
* :mod:`.quotes` — :func:`find_quotes` and :func:`quote_share` (its rules, which
  quotations count and how the speaker is found, are documented there).

Importing the package reads no table: the actor table, the role table and the rule
tables are read when a verb first needs them.
"""

from __future__ import annotations

from .matching import ActorMatcher, Mention, actor_matcher
from .mentions import (
    MENTION_COLUMNS,
    SPAN_COLUMNS,
    cooccurrence,
    count_mentions,
    find_mentions,
    mention_spans,
    mentions_over_time,
)
from .quotes import QUOTE_COLUMNS, find_quotes, quote_share
from .roles import RoleMatcher, default_role_table, read_roles
from .table import (
    ACTOR_COLUMNS,
    KINDS,
    ActorTableError,
    default_actor_table,
    read_actors,
    validate_actors,
)

__all__ = [
    "ACTOR_COLUMNS",
    "KINDS",
    "MENTION_COLUMNS",
    "QUOTE_COLUMNS",
    "SPAN_COLUMNS",
    "ActorMatcher",
    "ActorTableError",
    "Mention",
    "RoleMatcher",
    "actor_matcher",
    "cooccurrence",
    "count_mentions",
    "default_actor_table",
    "default_role_table",
    "find_mentions",
    "find_quotes",
    "mention_spans",
    "mentions_over_time",
    "quote_share",
    "read_actors",
    "read_roles",
    "validate_actors",
]
