"""coveragekit: load news articles into one schema and analyse their coverage.

The public verbs take an article table (see :mod:`coveragekit.schema`) and return a new
one, or a long table of results; charts live in :mod:`coveragekit.plot`.
"""

from ._version import __version__ as __version__
from .actors import (
    ActorMatcher,
    cooccurrence,
    default_actor_table,
    find_mentions,
    find_quotes,
    mention_spans,
    mentions_over_time,
    quote_share,
    read_actors,
)
from .actors.roles import RoleMatcher, default_role_table, read_roles
from .clean import clean_text, detect_language, mark_duplicates
from .datasets import data_dir, load_events, load_outlets
from .errors import CoveragekitError, InputError, OptionError, TableError
from .evaluate import Evaluation, evaluate, evaluate_tables, read_gold
from .fetch import fetch_feed, fetch_gdelt, fetch_mediacloud, fetch_text
from .frames import FrameScorer, add_frames, frame_shares, read_frames, score_frames
from .io import Loaded, filter_period, load, load_demo
from .pipeline import Analysis, analyze, run_analysis, write_outputs
from .schema import COLUMNS, make_article_id, validate_articles
from .sentiment import (
    actor_sentiment,
    add_sentiment,
    add_vader,
    assessments,
    sentence_sentiment,
    sentiment_agreement,
)
from .sentiment.spanish import score_spanish, spanish_assessments
from .sentiment.validation import validate_instruments
from .text import sentences, split_sentences
from .timeseries import (
    draft_outlet_table,
    groups_for_any_coverage,
    keyness,
    outlet_groups,
    period_counts,
    period_means,
)
from .topics import TopicModel, add_topics, choose_n_topics, doc_texts, topic_table, topic_weights


def __getattr__(name: str):
    # coveragekit.plot (and so matplotlib, a second of start-up) is imported on first use:
    # ``coveragekit analyze`` draws nothing
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    # the interactive charts (Altair) likewise: ck.explore(analysis), ck.interactive.sentiment_chart(...)
    if name == "interactive":
        import importlib

        return importlib.import_module(".interactive", __name__)
    if name == "explore":
        from .interactive import explore

        return explore
    raise AttributeError(f"module 'coveragekit' has no attribute {name!r}")


__all__ = [
    "COLUMNS", "ActorMatcher", "Analysis", "CoveragekitError", "FrameScorer", "InputError", "Loaded",
    "OptionError", "TableError", "TopicModel", "actor_sentiment", "add_frames", "add_sentiment",
    "add_topics", "add_vader", "analyze", "assessments", "choose_n_topics", "clean_text", "cooccurrence",
    "data_dir", "default_actor_table", "detect_language", "doc_texts", "filter_period", "find_mentions",
    "find_quotes", "frame_shares", "keyness", "load", "load_demo", "load_events", "load_outlets",
    "make_article_id", "mark_duplicates", "mention_spans", "mentions_over_time", "outlet_groups",
    "period_counts", "period_means", "plot", "quote_share", "read_actors", "read_frames", "run_analysis",
    "score_frames", "sentence_sentiment", "sentences", "sentiment_agreement", "split_sentences",
    "topic_table", "topic_weights", "validate_articles", "write_outputs",
    "fetch_feed", "fetch_gdelt", "fetch_mediacloud", "fetch_text",
    "score_spanish", "spanish_assessments", "validate_instruments",
    "explore", "interactive",
    "Evaluation", "evaluate", "evaluate_tables", "read_gold",
    "RoleMatcher", "default_role_table", "read_roles",
]
__all__ += ["draft_outlet_table", "groups_for_any_coverage"]
