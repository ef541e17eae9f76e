"""The kit's documented errors.

Every error a user can meet is a :class:`CoveragekitError`. Its message is one line that
names the file (when there is one), says what is wrong and what to do; the command line
prints exactly that line and exits with status 2. Anything else escaping the kit is a bug.
"""

from __future__ import annotations

__all__ = ["CoveragekitError", "InputError", "TableError", "OptionError"]


class CoveragekitError(Exception):
    """Base class of the errors the kit raises on purpose."""

    def __init__(self, problem: str, *, path=None, hint: str | None = None):
        self.path = None if path is None else str(path)
        self.problem = problem
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = []
        if self.path:
            parts.append(f"{self.path}:")
        parts.append(self.problem.rstrip("."))
        msg = " ".join(parts) + "."
        if self.hint:
            hint = self.hint.rstrip(".")
            msg += " " + hint[:1].upper() + hint[1:] + "."
        return msg.replace("\n", " ")


class InputError(CoveragekitError):
    """An input file cannot be read as articles (format, encoding, missing columns...)."""


class TableError(CoveragekitError):
    """An actor, frame, event or outlet table is malformed."""


class OptionError(CoveragekitError):
    """An option or a project file asks for something the kit cannot do."""
