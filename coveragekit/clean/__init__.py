"""Cleaning: text normalisation (:mod:`.text`), language detection (:mod:`.language`) and
duplicate marking (:mod:`.duplicates`).

All functions are row-local except :func:`mark_duplicates`, which looks across articles
(with MinHash locality-sensitive hashing, never all pairs).
"""

from .duplicates import mark_duplicates, text_key
from .language import FUNCTION_WORDS, detect_language, detection_languages
from .text import clean_text, clean_title

__all__ = [
    "clean_text",
    "clean_title",
    "detect_language",
    "detection_languages",
    "mark_duplicates",
    "text_key",
    "FUNCTION_WORDS",
]
