"""Helpers shared by test modules (fixtures live in conftest.py): the gold as a prediction line,
and small documents built from readable text, with spans found by phrase."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfacts.model import Cluster, Document, Entity, NumericFact, Quote, Span, to_builtins, to_json

PUBLISHED = "2021-03-10T09:00:00+00:00"   # a Wednesday, ISO week 2021-W10


def perfect_line(doc: Document) -> dict:
    """The gold itself as a prediction line (every item with offsets and all attributes)."""
    row = to_builtins(doc)
    return {"id": doc.id, "entities": row["entities"], "quotes": row["quotes"], "numeric_facts": row["numeric_facts"]}


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``phrase`` in ``text`` (never computed by hand)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def span(text: str, phrase: str, nth: int = 0) -> Span:
    s, e = find(text, phrase, nth)
    return Span(start=s, end=e, text=phrase)


def entity(text: str, k: int, phrase: str, label: str, cluster: str, nth: int = 0) -> Entity:
    s, e = find(text, phrase, nth)
    return Entity(id=f"e{k}", start=s, end=e, text=phrase, label=label, cluster=cluster)


def fact(text: str, k: int, phrase: str, kind: str, *, value: float | None = None, normalized: str | None = None,
         bound: str = "exact", unit: str | None = None, measured: str | None = None) -> NumericFact:
    s, e = find(text, phrase)
    if value is not None and normalized is None:
        normalized = str(int(value)) if float(value).is_integer() else str(value)
    return NumericFact(id=f"n{k}", start=s, end=e, text=phrase, kind=kind, value=value, normalized=normalized,
                       bound=bound, unit=unit, measured=span(text, measured) if measured else None)


def document(doc_id: str, text: str, published_at: str = PUBLISHED, **layers: Any) -> Document:
    return Document(id=doc_id, title=text.split("\n")[0], url=f"https://example.org/{doc_id}", source="Example",
                    author="A. Writer", published_at=published_at, text=text, **layers)


def two_documents() -> list[Document]:
    """A made-up two-document dataset with gold on all three layers (valid by the gold rules)."""
    a = 'Acme Corp said on Monday it raised $45 million in a funding round.\n\n"We are growing fast," said Jane Doe.'
    b = "Over 100 people attended the rally in Paris last week."
    doc_a = document(
        "a1", a,
        entities=(entity(a, 1, "Acme Corp", "ORG", "acme"), entity(a, 2, "Jane Doe", "PERSON", "jane_doe")),
        clusters=(Cluster(id="acme", name="Acme Corp", label="ORG"),
                  Cluster(id="jane_doe", name="Jane Doe", label="PERSON")),
        quotes=(Quote(id="q1", **_span_fields(a, "it raised $45 million in a funding round"), kind="indirect",
                      speaker=span(a, "Acme Corp"), speaker_cluster="acme", cue=span(a, "said")),
                Quote(id="q2", **_span_fields(a, "We are growing fast"), kind="direct",
                      speaker=span(a, "Jane Doe"), speaker_cluster="jane_doe", cue=span(a, "said", 1))),
        numeric_facts=(fact(a, 1, "Monday", "DATE", normalized="2021-03-08"),
                       fact(a, 2, "$45 million", "MONEY", value=45_000_000, unit="USD", measured="funding round")))
    doc_b = document(
        "b2", b,
        entities=(entity(b, 1, "Paris", "GPE", "paris"),),
        clusters=(Cluster(id="paris", name="Paris", label="GPE"),),
        numeric_facts=(fact(b, 1, "Over 100", "CARDINAL", value=100, bound="more_than", measured="people"),
                       fact(b, 2, "last week", "DATE", normalized="2021-W09")))
    return [doc_a, doc_b]


def _span_fields(text: str, phrase: str) -> dict[str, Any]:
    s, e = find(text, phrase)
    return {"start": s, "end": e, "text": phrase}


def write_documents(path: Path, docs: list[Document]) -> Path:
    """A .jsonl dataset of document records (a source every command accepts)."""
    path.write_text("".join(to_json(d) + "\n" for d in docs), encoding="utf-8")
    return path
