"""coveragekit: load news articles into one schema and analyse their coverage.

The public verbs take an article table (see :mod:`coveragekit.schema`) and return a new one.
"""

from .clean import clean_text, detect_language, mark_duplicates
from .datasets import data_dir, load_demo, load_events, load_outlets
from .errors import CoveragekitError, InputError, OptionError, TableError
from .io import Loaded, load
from .schema import COLUMNS, make_article_id, validate_articles

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "CoveragekitError",
    "InputError",
    "Loaded",
    "OptionError",
    "TableError",
    "clean_text",
    "data_dir",
    "detect_language",
    "load",
    "load_demo",
    "load_events",
    "load_outlets",
    "make_article_id",
    "mark_duplicates",
    "validate_articles",
]
