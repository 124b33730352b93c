"""The gold rules engine: one rule, one message, whoever asks (validate, the scorer, the build);
the structural fast path changes the speed of the check, never its result."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.dataset import hub, rules
from newsfacts.dataset.gold import read_gold, write_annotations
from newsfacts.dataset.sources import load_gold
from newsfacts.errors import InputError
from newsfacts.model import Cluster, Document, Entity, to_json

from .helpers import small_document

TEXT = "Ross met Lee in Paris."

# Entities drawn around the text's words with some ways to go wrong: offsets out of range or
# inverted, text that disagrees, an unknown label, a cluster that does not resolve, a repeated id.
_entity = st.builds(
    lambda i, s, n, label, cluster: Entity(id=f"e{i}", start=s, end=s + n, text=TEXT[max(s, 0):s + n] if i % 5 else "x",
                                           label=label, cluster=cluster),
    st.integers(0, 6), st.integers(-1, len(TEXT)), st.integers(-1, 6),
    st.sampled_from(["PERSON", "GPE", "PER"]), st.sampled_from([None, "ross", "nobody"]))


@given(st.lists(_entity, max_size=6))
def test_the_screens_never_change_the_structural_problems(entities):
    ents = tuple(entities)
    clusters = (Cluster(id="ross", name="Ross", label="PERSON"),)
    fast = list(rules.iter_problems(TEXT, ents, clusters, (), (), file="f", full=False))
    slow = _without_screens(lambda: list(rules.iter_problems(TEXT, ents, clusters, (), (), file="f", full=False)))
    assert fast == slow
    # and every structural problem is also one that validate reports, with the same words
    full = rules.check_layers(TEXT, ents, clusters, (), (), file="f")
    assert set(fast) <= set(full)


def _without_screens(run):
    saved = rules._entities_pass, rules._ids_unique
    rules._entities_pass = rules._ids_unique = lambda *a: False
    try:
        return run()
    finally:
        rules._entities_pass, rules._ids_unique = saved


BAD = [  # (change to the first entity, field, message): each a structural rule
    (dict(label="PER"), "entities[0].label", "unknown label 'PER': expected one of PERSON, NORP, FAC, ORG, GPE, "
                                             "LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE"),
    (dict(text="Rose"), "entities[0].text", "'Rose' disagrees with the document text at [0, 4): 'Ross'"),
    (dict(cluster="nobody"), "entities[0].cluster", "unknown cluster 'nobody'"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] for b in BAD])
def test_validate_the_scorer_and_the_build_give_the_same_message(tmp_path, change, field, message):
    good = small_document("small")
    bad = msgspec.structs.replace(good, entities=(msgspec.structs.replace(good.entities[0], **change),
                                                  *good.entities[1:]))
    # validate: every problem, with the line of the annotation file
    from newsfacts.dataset.seeds import text_sha256
    from newsfacts.model import Annotations

    from .helpers import write_seed

    write_seed(tmp_path / "seeds")
    ann = Annotations(id="small", text_sha256=text_sha256(bad.text), entities=bad.entities, clusters=bad.clusters,
                      quotes=bad.quotes, numeric_facts=bad.numeric_facts)
    (tmp_path / "annotations").mkdir()
    write_annotations(tmp_path / "annotations" / "small.json", ann)
    report = read_gold([tmp_path / "seeds"], tmp_path / "annotations")
    assert [(p.field, p.message, p.line) for p in report.problems if p.field == field] == [(field, message, 5)]
    # the scorer: the first problem, as an InputError naming file, line and field
    gold = tmp_path / "gold.jsonl"
    gold.write_text(to_json(bad) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc, load_gold(str(gold)) as src:
        src.get("small")
    assert (exc.value.file, exc.value.line, exc.value.field, exc.value.message) == (str(gold), 1, field, message)
    # the build: the same message, for the document at fault
    with pytest.raises(InputError) as exc:
        hub.build([bad], tmp_path / "hub")
    assert (exc.value.field, exc.value.message) == (field, f"document 'small': {message}")
    assert not (tmp_path / "hub").exists()


def test_structural_level_leaves_guideline_rules_to_validate():
    # "Ross " ends with a space and has no cluster: guideline problems only
    ents = (Entity(id="e1", start=0, end=5, text="Ross ", label="PERSON"),)
    doc = Document(id="d", title="", url="", source="", author="", published_at="", text=TEXT, entities=ents)
    rules.check_document(doc, file="gold.jsonl", line=1)  # does not raise
    assert [p.field for p in rules.check_layers(TEXT, ents, (), (), (), file="f")] == ["entities[0].end",
                                                                                       "entities[0].cluster"]


def test_records_built_in_memory_with_wrong_types_get_the_rule_not_a_crash(tmp_path):
    # msgspec checks types when it decodes JSON, not when a record is built in Python
    good = small_document("small")
    bad = msgspec.structs.replace(good, entities=(msgspec.structs.replace(good.entities[0], start=0.0),))
    with pytest.raises(InputError) as exc:
        hub.build([bad], tmp_path / "hub")
    assert (exc.value.field, exc.value.message) == ("entities[0].start", "document 'small': offsets must be integers")
