"""Counts of a set of documents: per layer, per label and per kind.

:func:`compute` turns documents into a typed :class:`Stats` record; the record renders itself
as a terminal table (``newsfacts stats``), as JSON (``newsfacts stats --json``) and, through
:meth:`Stats.sections`, as the "counts" tables of the dataset card, so every view shows the
same numbers in the same order.

Labels, kinds and bounds are listed in the order of the closed sets of
:mod:`newsfacts.model`, zeros included (a card that says ``LANGUAGE 0`` tells the reader the
label exists but is not exercised); a value outside the set (possible for predictions, never
for valid gold) follows, sorted, and a missing one is counted as ``(none)``.

>>> from newsfacts.model import Document, Entity, Cluster
>>> doc = Document(id="d", title="t", url="u", source="ZDNet", author="a", published_at="p",
...                text="Ross met Ross.", clusters=(Cluster(id="ross", name="Wilbur Ross", label="PERSON"),),
...                entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON", cluster="ross"),
...                          Entity(id="e2", start=9, end=13, text="Ross", label="PERSON", cluster="ross")))
>>> s = compute([doc])
>>> s.entities.count, s.entities.labels["PERSON"], s.clusters.mentions_per_cluster
(2, 2, 2.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import msgspec

from ..model import BOUNDS, ENTITY_LABELS, NUMERIC_KINDS, QUOTE_KINDS, Document

NONE_KEY = "(none)"


class EntityStats(msgspec.Struct, frozen=True, kw_only=True):
    """Entity mentions: how many, and how many per label."""

    count: int
    labels: dict[str, int]


class ClusterStats(msgspec.Struct, frozen=True, kw_only=True):
    """Discourse entities and how many mentions each has (clusters are per document)."""

    count: int
    mentions: int  # entity mentions that name a cluster of their document
    mentions_per_cluster: float  # mentions / count (0.0 without clusters)
    max_mentions: int
    singletons: int  # clusters with exactly one mention
    without_mentions: int  # speaker-only clusters ("US companies")
    labels: dict[str, int]


class QuoteStats(msgspec.Struct, frozen=True, kw_only=True):
    """Quotations per kind, and how many carry a speaker and a cue."""

    count: int
    kinds: dict[str, int]
    with_speaker: int
    without_speaker: int
    with_cue: int


class NumericStats(msgspec.Struct, frozen=True, kw_only=True):
    """Numeric facts per kind and per bound, and how many carry a unit and a measured span."""

    count: int
    kinds: dict[str, int]
    bounds: dict[str, int]
    with_unit: int
    with_measured: int


@dataclass(frozen=True, slots=True)
class Section:
    """One block of a rendering: a title, the name of the key column and ``(key, value)`` rows."""

    title: str
    key: str
    rows: tuple[tuple[str, str], ...]


class Stats(msgspec.Struct, frozen=True, kw_only=True):
    """Counts of a set of documents; build it with :func:`compute`."""

    documents: int
    characters: int
    sources: dict[str, int]  # documents per source site
    entities: EntityStats
    clusters: ClusterStats
    quotes: QuoteStats
    numeric_facts: NumericStats

    def sections(self) -> tuple[Section, ...]:
        """The counts as titled blocks, in the order every rendering shows them."""
        c, q, n = self.clusters, self.quotes, self.numeric_facts
        return (
            Section("Layers", "layer", _rows([
                ("entities", self.entities.count), ("clusters", c.count), ("quotes", q.count),
                ("numeric facts", n.count)])),
            Section("Entities by label", "label", _rows(self.entities.labels.items())),
            Section("Clusters", "clusters", _rows([
                ("clusters", c.count), ("mentions in clusters", c.mentions),
                ("mentions per cluster (mean)", c.mentions_per_cluster),
                ("mentions in the largest cluster", c.max_mentions),
                ("singletons (one mention)", c.singletons),
                ("without mentions (speaker only)", c.without_mentions)])),
            Section("Clusters by label", "label", _rows(c.labels.items())),
            Section("Quotes by kind", "kind", _rows(q.kinds.items())),
            Section("Quote attribution", "quotes", _rows([
                ("with speaker", q.with_speaker), ("without speaker", q.without_speaker),
                ("with cue", q.with_cue)])),
            Section("Numeric facts by kind", "kind", _rows(n.kinds.items())),
            Section("Numeric facts by bound", "bound", _rows(n.bounds.items())),
            Section("Numeric fact attributes", "numeric facts", _rows([
                ("with unit", n.with_unit), ("with measured span", n.with_measured)])),
        )

    def to_table(self) -> str:
        """A plain-text table for the terminal.

        >>> print(compute([]).to_table().splitlines()[0])
        NewsFacts statistics: 0 documents, 0 characters
        """
        header = (f"NewsFacts statistics: {_plural(self.documents, 'document')}, "
                  f"{_plural(self.characters, 'character')}")
        if self.sources:
            header += "\nsources: " + ", ".join(f"{k} ({v:,})" for k, v in self.sources.items())
        blocks = [header]
        for section in self.sections():
            width = max(len(k) for k, _ in section.rows)
            vwidth = max(len(v) for _, v in section.rows)
            lines = [section.title]
            lines.extend(f"  {k:<{width}}  {v:>{vwidth}}" for k, v in section.rows)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def to_markdown(self) -> str:
        """The counts as Markdown tables (the dataset card's counts section)."""
        blocks = [f"{_plural(self.documents, 'document')}, {_plural(self.characters, 'character')} of text."]
        for section in self.sections():
            lines = [f"**{section.title}**", "", f"| {section.key} | count |", "|---|---:|"]
            lines.extend(f"| {k} | {v} |" for k, v in section.rows)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def to_json(self) -> str:
        """The record as indented JSON (keys in field order), with a trailing newline."""
        return msgspec.json.format(msgspec.json.encode(self), indent=2).decode("utf-8") + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _rows(pairs: Iterable[tuple[str, int | float]]) -> tuple[tuple[str, str], ...]:
    return tuple((k, f"{v:.2f}" if isinstance(v, float) else f"{v:,}") for k, v in pairs)


def _ordered(counts: Counter[str | None], known: Sequence[str]) -> dict[str, int]:
    """Counts in the order of ``known`` (zeros kept), then unknown values sorted, then ``(none)``."""
    out = {k: counts.get(k, 0) for k in known}
    out.update((k, counts[k]) for k in sorted(k for k in counts if k is not None and k not in out))
    if counts.get(None):
        out[NONE_KEY] = counts[None]
    return out


def compute(documents: Iterable[Document]) -> Stats:
    """Count documents, characters, and items per layer, label, kind and bound.

    Parameters
    ----------
    documents : iterable of Document
        Any documents: the bundled benchmark, a built folder, a ``.jsonl`` gold file.

    Returns
    -------
    Stats
        The counts; ``to_table()``, ``to_markdown()`` and ``to_json()`` render them (the terminal,
        the dataset card, ``newsfacts stats --json``).

    Examples
    --------
    >>> from newsfacts.model import Document, Entity
    >>> doc = Document(id="d", title="", url="", source="Example", author="", published_at="",
    ...                text="Ross met Lee.", entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON"),
    ...                                                Entity(id="e2", start=9, end=12, text="Lee", label="PERSON")))
    >>> stats = compute([doc])
    >>> stats.documents, stats.characters, stats.entities.count, stats.entities.labels["PERSON"]
    (1, 13, 2, 2)
    >>> stats.sources
    {'Example': 1}
    """
    n_docs = n_chars = 0
    sources: Counter[str] = Counter()
    entity_labels: Counter[str | None] = Counter()
    cluster_labels: Counter[str | None] = Counter()
    cluster_sizes: list[int] = []
    quote_kinds: Counter[str | None] = Counter()
    with_speaker = with_cue = 0
    numeric_kinds: Counter[str | None] = Counter()
    bounds: Counter[str | None] = Counter()
    with_unit = with_measured = 0
    for doc in documents:
        n_docs += 1
        n_chars += len(doc.text)
        sources[doc.source] += 1
        entity_labels.update(e.label for e in doc.entities)
        cluster_labels.update(c.label for c in doc.clusters)
        # Cluster ids are scoped to their document: "us" in two articles is two clusters.
        mentions = Counter(e.cluster for e in doc.entities)
        cluster_sizes.extend(mentions.get(c.id, 0) for c in doc.clusters)
        quote_kinds.update(q.kind for q in doc.quotes)
        with_speaker += sum(q.speaker is not None for q in doc.quotes)
        with_cue += sum(q.cue is not None for q in doc.quotes)
        numeric_kinds.update(f.kind for f in doc.numeric_facts)
        bounds.update(f.bound for f in doc.numeric_facts)
        with_unit += sum(f.unit is not None for f in doc.numeric_facts)
        with_measured += sum(f.measured is not None for f in doc.numeric_facts)

    n_quotes = sum(quote_kinds.values())
    in_clusters = sum(cluster_sizes)
    return Stats(
        documents=n_docs,
        characters=n_chars,
        sources={k: sources[k] for k in sorted(sources)},
        entities=EntityStats(count=sum(entity_labels.values()), labels=_ordered(entity_labels, ENTITY_LABELS)),
        clusters=ClusterStats(
            count=len(cluster_sizes), mentions=in_clusters,
            mentions_per_cluster=in_clusters / len(cluster_sizes) if cluster_sizes else 0.0,
            max_mentions=max(cluster_sizes, default=0),
            singletons=cluster_sizes.count(1), without_mentions=cluster_sizes.count(0),
            labels=_ordered(cluster_labels, ENTITY_LABELS)),
        quotes=QuoteStats(count=n_quotes, kinds=_ordered(quote_kinds, QUOTE_KINDS), with_speaker=with_speaker,
                          without_speaker=n_quotes - with_speaker, with_cue=with_cue),
        numeric_facts=NumericStats(count=sum(numeric_kinds.values()), kinds=_ordered(numeric_kinds, NUMERIC_KINDS),
                                   bounds=_ordered(bounds, BOUNDS), with_unit=with_unit, with_measured=with_measured),
    )
