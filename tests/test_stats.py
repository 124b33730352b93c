"""Counts per layer, label, kind and bound, on documents small enough to count by hand."""

from __future__ import annotations

import json
import re

import msgspec
import pytest

from newsfacts.model import BOUNDS, ENTITY_LABELS, NUMERIC_KINDS, Cluster, Document, NumericFact, Quote, Span
from newsfacts.dataset.stats import NONE_KEY, Stats, compute

from .helpers import find_entity, find_span

T1 = "Ross met Ross. The US got 260 requests on Sunday."
T2 = "US and US firms paid about $5 for chips."


def _quote(text: str, id_: str, kind: str | None, speaker: Span | None, cue: Span | None) -> Quote:
    sp = find_span(text, "got 260 requests")
    return Quote(id=id_, start=sp.start, end=sp.end, text=sp.text, kind=kind, speaker=speaker,
                 speaker_cluster="ross" if speaker else None, cue=cue)


def _fact(text: str, id_: str, s: str, kind: str, bound: str, unit: str | None, measured: Span | None) -> NumericFact:
    sp = find_span(text, s)
    return NumericFact(id=id_, start=sp.start, end=sp.end, text=s, kind=kind, value=None, normalized=None,
                       bound=bound, unit=unit, measured=measured)


def hand_made() -> list[Document]:
    """Two documents; the expected counts are derived in test_counts_on_hand_made_documents."""
    d1 = Document(
        id="d1", title="t", url="u", source="ZDNet", author="a", published_at="p", text=T1,
        entities=(find_entity(T1, "e1", "Ross", 0, "PERSON", "ross"), find_entity(T1, "e2", "Ross", 1, "PERSON", "ross"),
                  find_entity(T1, "e3", "US", 0, "GPE", "us")),
        clusters=(Cluster(id="ross", name="Wilbur Ross", label="PERSON"), Cluster(id="us", name="US", label="GPE"),
                  Cluster(id="firms", name="US firms", label="ORG")),
        quotes=(_quote(T1, "q1", "direct", find_span(T1, "Ross"), find_span(T1, "met")),
                _quote(T1, "q2", "indirect", find_span(T1, "Ross", 1), None),
                _quote(T1, "q3", "mixed", None, None)),
        numeric_facts=(_fact(T1, "n1", "260", "CARDINAL", "exact", None, find_span(T1, "requests")),
                       _fact(T1, "n2", "Sunday", "DATE", "exact", None, None)),
    )
    d2 = Document(
        id="d2", title="t", url="u", source="Reuters", author="a", published_at="p", text=T2,
        entities=(find_entity(T2, "e1", "US", 0, "GPE", "us"), find_entity(T2, "e2", "US", 1, "GPE", "us")),
        clusters=(Cluster(id="us", name="US", label="GPE"),),  # same id as in d1: another cluster
        numeric_facts=(_fact(T2, "n1", "about $5", "MONEY", "approx", "USD", find_span(T2, "chips")),),
    )
    return [d1, d2]


def test_counts_on_hand_made_documents():
    s = compute(hand_made())
    # documents 2; characters = len(T1) + len(T2) = 49 + 40
    assert (s.documents, s.characters) == (2, 89) == (2, len(T1) + len(T2))
    assert s.sources == {"Reuters": 1, "ZDNet": 1}  # sorted by name
    # entities: d1 Ross, Ross, US + d2 US, US = 5; PERSON 2, GPE 3, every other label 0
    assert s.entities.count == 5
    assert s.entities.labels == {**{k: 0 for k in ENTITY_LABELS}, "PERSON": 2, "GPE": 3}
    assert list(s.entities.labels) == list(ENTITY_LABELS)
    # clusters are per document: d1 ross (2 mentions), us (1), firms (0) + d2 us (2) = 4 clusters,
    # 5 mentions, mean 5/4 = 1.25, largest 2, singletons 1 (d1 us), without mentions 1 (firms);
    # labels PERSON 1, GPE 2, ORG 1
    c = s.clusters
    assert (c.count, c.mentions, c.mentions_per_cluster, c.max_mentions, c.singletons, c.without_mentions) == \
        (4, 5, 1.25, 2, 1, 1)
    assert {k: v for k, v in c.labels.items() if v} == {"PERSON": 1, "GPE": 2, "ORG": 1}
    # quotes (d1 only): direct, indirect, mixed; speakers on q1 and q2; a cue on q1
    q = s.quotes
    assert (q.count, q.kinds) == (3, {"direct": 1, "indirect": 1, "mixed": 1})
    assert (q.with_speaker, q.without_speaker, q.with_cue) == (2, 1, 1)
    # numeric facts: d1 CARDINAL exact (measured), DATE exact; d2 MONEY approx (unit USD, measured)
    n = s.numeric_facts
    assert n.count == 3
    assert n.kinds == {**{k: 0 for k in NUMERIC_KINDS}, "CARDINAL": 1, "DATE": 1, "MONEY": 1}
    assert n.bounds == {**{k: 0 for k in BOUNDS}, "exact": 2, "approx": 1}
    assert (n.with_unit, n.with_measured) == (1, 2)


def _table_value(table: str, section: str, key: str) -> str:
    block = table.split(f"\n\n{section}\n", 1)[1].split("\n\n", 1)[0]
    for line in block.splitlines():
        m = re.fullmatch(r"  (.+?)\s{2,}(\S+)", line)
        if m and m.group(1) == key:
            return m.group(2)
    raise AssertionError(f"{key!r} not in section {section!r}:\n{block}")


def test_table_shows_the_counts():
    table = compute(hand_made()).to_table()
    assert table.splitlines()[0] == "NewsFacts statistics: 2 documents, 89 characters"
    assert table.splitlines()[1] == "sources: Reuters (1), ZDNet (1)"
    assert _table_value(table, "Layers", "entities") == "5"
    assert _table_value(table, "Layers", "numeric facts") == "3"
    assert _table_value(table, "Entities by label", "GPE") == "3"
    assert _table_value(table, "Entities by label", "LANGUAGE") == "0"
    assert _table_value(table, "Clusters", "mentions per cluster (mean)") == "1.25"
    assert _table_value(table, "Quote attribution", "without speaker") == "1"
    assert _table_value(table, "Numeric facts by bound", "approx") == "1"
    assert _table_value(table, "Numeric fact attributes", "with unit") == "1"


def test_every_rendering_shows_the_same_sections():
    s = compute(hand_made())
    table, markdown = s.to_table(), s.to_markdown()
    for section in s.sections():
        assert f"\n{section.title}\n" in table
        assert f"**{section.title}**" in markdown
        for key, value in section.rows:
            assert f"| {key} | {value} |" in markdown


def test_json_round_trips_and_keeps_label_order():
    s = compute(hand_made())
    text = s.to_json()
    assert msgspec.json.decode(text, type=Stats) == s
    data = json.loads(text)
    assert list(data) == ["documents", "characters", "sources", "entities", "clusters", "quotes", "numeric_facts"]
    assert list(data["entities"]["labels"]) == list(ENTITY_LABELS)
    assert data["clusters"]["mentions_per_cluster"] == 1.25


def test_values_outside_the_closed_sets_are_counted_after_them():
    # predictions may carry labels NewsFacts does not know, or no kind at all
    doc = Document(id="p", title="t", url="u", source="s", author="a", published_at="p", text=T1,
                   entities=(find_entity(T1, "e1", "Ross", 0, "MISC", "ross"), find_entity(T1, "e2", "US", 0, "GPE", "us")),
                   quotes=(_quote(T1, "q1", None, None, None),))
    s = compute([doc])
    assert list(s.entities.labels)[-1] == "MISC" and s.entities.labels["MISC"] == 1
    assert s.quotes.kinds == {"direct": 0, "indirect": 0, "mixed": 0, NONE_KEY: 1}
    # two mentions name clusters the document does not define: no cluster to count them in
    assert (s.clusters.count, s.clusters.mentions, s.clusters.mentions_per_cluster) == (0, 0, 0.0)


@pytest.mark.parametrize("render", ["to_table", "to_markdown", "to_json"])
def test_no_documents(render):
    s = compute([])
    assert (s.documents, s.entities.count, s.clusters.max_mentions, s.sources) == (0, 0, 0, {})
    assert getattr(s, render)()  # renders without dividing by zero
