"""Handing freed memory back to the operating system.

Loading builds every article as Python strings before they move into the table's Arrow
columns; once they are freed, glibc keeps most of that memory inside the process (the
heap is fragmented by objects that are still alive), so the resident size stays near its
peak for the rest of the run and every later step adds to it. ``malloc_trim`` returns
the free pages. On 100,000 articles that is about a gigabyte. Elsewhere (macOS, Windows,
musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["release_free_memory"]

_TRIM = None


def release_free_memory() -> None:
    """Return freed heap memory to the operating system (glibc only; otherwise a no-op)."""
    global _TRIM
    if not sys.platform.startswith("linux"):
        return
    if _TRIM is None:
        try:
            _TRIM = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)
