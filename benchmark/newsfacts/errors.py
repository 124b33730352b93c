"""Errors every module raises, and the one place that knows how to print them.

Nothing below the CLI prints or exits: modules raise :class:`InputError` for input that cannot
be used at all (the CLI turns it into one line and exit status 2) and return :class:`Problem`
lists for rule violations that a report should show all at once (exit status 1).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def display_path(file: object) -> str:
    """A path as messages show it: relative to the working directory when it lies below it."""
    text = str(file)
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text)
        except ValueError:  # another drive on Windows
            return text
        if not rel.startswith(".."):
            return rel
    return text


def where(file: object = None, line: int | None = None, field: str | None = None) -> str:
    """Format a location the way every message in the project does: ``file:line: field``."""
    parts = []
    if file is not None:
        shown = display_path(file)
        parts.append(f"{shown}:{line}" if line is not None else shown)
    elif line is not None:
        parts.append(f"line {line}")
    if field:
        parts.append(f"field {field}")
    return ": ".join(parts)


class NewsFactsError(Exception):
    """Base class of every error the project raises on purpose."""

    exit_status = 2


class InputError(NewsFactsError, ValueError):
    """Input that cannot be used: malformed file, wrong type, unknown id, span out of range.

    Also a ``ValueError``, so code that guards a call with ``except ValueError`` (as for any
    library that parses input) catches it.

    >>> isinstance(InputError("x"), ValueError)
    True
    >>> str(InputError("expected an integer", file="pred.jsonl", line=3, field="entities[0].start"))
    'pred.jsonl:3: field entities[0].start: expected an integer'
    """

    def __init__(self, message: str, *, file: object = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        loc = where(self.file, self.line, self.field)
        return f"{loc}: {self.message}" if loc else self.message


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule violation found by validation; a report lists all of them.

    >>> str(Problem("annotations/a.json", "entities[2].text", "does not match the text slice", line=14))
    'annotations/a.json:14: field entities[2].text: does not match the text slice'
    """

    file: str | None
    field: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        loc = where(self.file, self.line, self.field)
        return f"{loc}: {self.message}"
