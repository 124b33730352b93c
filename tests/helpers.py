"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from newsfacts.model import Document, to_builtins


def perfect_line(doc: Document) -> dict:
    """The gold itself as a prediction line (every item with offsets and all attributes)."""
    row = to_builtins(doc)
    return {"id": doc.id, "entities": row["entities"], "quotes": row["quotes"], "numeric_facts": row["numeric_facts"]}
