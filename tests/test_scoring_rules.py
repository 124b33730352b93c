"""The scorer's rules that an audit found wrong or unclear, one test each (docs/scoring.md states them).

Each test is built so that the old behaviour fails it: a fuzzy "Russia" on "Russian", word
fragments counted as shared tokens, quotation marks stripped from a quote that is already right,
date credit that depended on the UTC offset's sign, unit accuracy 1.0 for a system that gives no
unit, p-values from one document, and the usability findings (in-memory input, warnings,
unknown figure names, pipeline fields, unaligned reasons, benchmark wording, table width).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import warnings

import pytest

from newsfacts.config import DEFAULTS, ScoreConfig
from newsfacts.errors import InputError
from newsfacts.model import Cluster, DocPrediction, Document, Entity, NumericFact, Quote, Span, to_json
from newsfacts.report.tables import WIDTH, errors_listing, format_comparison, format_table
from newsfacts.scoring.align import NOT_FOUND, TAKEN, Aligner
from newsfacts.scoring.api import compare, score
from newsfacts.scoring.results import ScoringWarning
from .helpers import ROOT


def doc(text: str, doc_id: str = "d", **layers) -> Document:
    return Document(id=doc_id, title="", url="", source="", author="", published_at="", text=text,
                    **{k: tuple(v) for k, v in layers.items()})


def ent(text: str, s: str, label: str, k: int = 0) -> Entity:
    start = -1
    for _ in range(k + 1):
        start = text.index(s, start + 1)
    return Entity(id=f"e{start}", start=start, end=start + len(s), text=s, label=label)


def quiet(*args, **kwargs):
    """score() with its warnings silenced (they are tested on their own)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScoringWarning)
        return score(*args, **kwargs)


# 1. Fuzzy alignment never turns a name into another word of the text ------------------------

NAMES = "Russian diplomats met Indian and Korean officials; Hikvision declined."


@pytest.mark.parametrize("name", ["Russia", "India", "Korea"])
def test_a_short_name_is_not_placed_on_a_longer_word(name):
    # Before: ratio("russia", "russian") = 12/13 = 0.92 >= 0.9, placed on "Russian".
    assert Aligner(NAMES).place(name, layer="entities") is None


def test_a_name_with_a_word_more_is_not_placed_on_the_shorter_name():
    # ratio("dahua technology co", "dahua technology") = 32/35 = 0.91, but the words' similarity
    # is 2 * 2 / (3 + 2) = 0.8 < 0.9.
    assert Aligner("Dahua Technology was listed.").place("Dahua Technology Co", layer="entities") is None


def test_a_misspelt_long_name_is_still_placed_fuzzily():
    p = Aligner(NAMES).place("Hikvison", layer="entities")   # one letter missing: 16/17 = 0.94
    assert (NAMES[p.start:p.end], p.method) == ("Hikvision", "fuzzy")


def test_an_llm_gpe_russia_does_not_score_as_the_norp_russian():
    gold = doc(NAMES, entities=[ent(NAMES, "Russian", "NORP")])
    results = quiet([{"id": "d", "entities": [{"text": "Russia", "label": "GPE"}]}], [gold], bootstrap=0)
    # Unaligned: spurious, and the NORP missed; before, an overlap scored it as type-correct.
    assert (results.figure("entities.type.correct"), results.figure("entities.unaligned")) == (0, 1)


# 2. Token overlap counts whole tokens ---------------------------------------------------------

def test_token_overlap_counts_whole_tokens_only():
    text = "He said the licences were forthcoming very shortly, officials added."
    start = text.index("forthcoming very shortly")
    gold = doc(text, quotes=[Quote(id="q", start=start, end=start + 24, text="forthcoming very shortly",
                                   kind="direct")])
    # The prediction cuts two words: "coming very short". Gold tokens 3, predicted 3, and the only
    # token both have whole is "very": P = R = F1 = 1/3 (before: 1.0, fragments counted as words).
    results = quiet([{"id": "d", "quotes": [{"start": start + 4, "end": start + 21, "kind": "direct"}]}],
                    [gold], bootstrap=0)
    tokens = results.figure("quotes.content.tokens")
    assert (tokens["overlap"], tokens["gold"], tokens["predicted"]) == (1, 3, 3)
    assert tokens["f1"] == pytest.approx(1 / 3)


# 3. Quotation marks: the string as given first, only a matching pair stripped ----------------

def test_a_quote_that_starts_and_ends_with_its_own_marks_keeps_them():
    text = "Ross said the licences were 'forthcoming' and 'soon' for everyone."
    content = "'forthcoming' and 'soon'"
    p = Aligner(text).place_quote(content)
    assert text[p.start:p.end] == content   # before: the inner "forthcoming' and 'soon"


def test_a_quote_given_with_its_enclosing_marks_lands_on_the_content():
    text = "Ross said \u201cforthcoming very shortly\u201d on Sunday."
    for given in ("\u201cforthcoming very shortly\u201d", '"forthcoming very shortly"'):
        p = Aligner(text).place_quote(given)
        assert text[p.start:p.end] == "forthcoming very shortly", given


# 5. Attribute accuracy: "not predicted" is not perfect ---------------------------------------

def test_a_system_without_units_is_not_predicted_in_the_table_and_json():
    text = "Sales rose 5 percent to 260 units."
    gold = doc(text, numeric_facts=[
        NumericFact(id="n1", start=11, end=20, text="5 percent", kind="PERCENT", value=5.0, normalized="5",
                    bound="exact", unit="percent"),
        NumericFact(id="n2", start=24, end=27, text="260", kind="CARDINAL", value=260.0, normalized="260",
                    bound="exact")])
    pred = [{"id": "d", "numeric_facts": [{"start": 11, "end": 20, "kind": "PERCENT"},
                                          {"start": 24, "end": 27, "kind": "CARDINAL"}]}]
    results = quiet(pred, [gold], bootstrap=0)
    unit = results.figure("numeric_facts.unit")
    # Before: 1 of 2 pairs "right" (null = null): accuracy 0.5 with no unit predicted at all.
    assert (unit["accuracy"], unit["coverage"], unit["predicted"]) == (None, 0.0, 0)
    assert re.search(r"^\s+unit\s+not predicted\s+0\.0000", format_table(results), re.M)


# 6. No intervals and no p-values below the minimum number of documents ----------------------

def _docs(n: int) -> list[Document]:
    return [doc("Ross met Huawei.", f"d{k:02d}", entities=[ent("Ross met Huawei.", "Ross", "PERSON")])
            for k in range(n)]


def test_compare_on_one_document_reports_no_p_value():
    (gold,) = _docs(1)
    a = [{"id": "d00", "entities": []}]
    b = [{"id": "d00", "entities": [{"text": "Ross", "label": "PERSON"}]}]
    with pytest.warns(ScoringWarning, match=r"no p-values: 1 document.*n\^n distinct resamples"):
        c = compare(a, b, [gold])
    f = c.paired["entities.strict.f1"]
    # The difference is reported, its p-value is not (before: p = 0.001 with a zero-width interval).
    assert (f.a, f.b, f.delta) == (0.0, 1.0, 1.0) and f.p_value != f.p_value  # NaN
    assert json.loads(c.to_json())["figures"]["entities.strict.f1"]["p_value"] is None
    assert "no p-values and no intervals: 1 document" in format_comparison(c)


def test_intervals_start_at_the_minimum_number_of_documents():
    docs = _docs(10)
    pred = [{"id": d.id, "entities": [{"text": "Ross", "label": "PERSON"}]} for d in docs[:5]]
    assert quiet(pred, docs[:9], bootstrap=50).confidence_intervals == {}
    results = quiet(pred, docs, bootstrap=50)
    assert results.intervals_skipped is None and "entities.strict.f1" in results.confidence_intervals
    assert quiet(pred, docs[:9], bootstrap=50, min_documents=9).confidence_intervals != {}


# 7. macro: labels with counts -----------------------------------------------------------------

def test_macro_averages_over_labels_with_counts():
    text = "Ross met Cook."
    gold = doc(text, entities=[ent(text, "Ross", "PERSON"), ent(text, "Cook", "PERSON")])
    pred = [{"id": "d", "entities": [{"text": "Ross", "label": "PERSON"}, {"text": "Cook", "label": "ORG"}]}]
    # PERSON: 1 correct, 1 incorrect (the ORG pair counts under its gold label): F1 0.5. ORG has
    # no count, so it is not averaged in (with it, as "present in predictions", macro F1 = 0.25).
    assert quiet(pred, [gold], bootstrap=0).figure("entities.macro.strict.f1") == 0.5


# 8. The API from a notebook: records in memory, warnings, figure names ----------------------

def test_predictions_and_gold_in_memory_score_like_files(tmp_path):
    docs = _docs(2)
    lines = [{"id": "d00", "entities": [{"text": "Ross", "label": "PERSON"}]}, {"id": "d01", "entities": []}]
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text("".join(to_json(d) + "\n" for d in docs), encoding="utf-8")
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    records = [DocPrediction(id="d00", entities=(docs[0].entities[0],)), DocPrediction(id="d01")]
    from_files = quiet(pred_file, gold_file, bootstrap=0).figures
    assert quiet(lines, docs, bootstrap=0).figures == from_files
    # A DocPrediction record's layer is predicted when some record has an item in it.
    assert quiet(records, docs, bootstrap=0).figures == from_files


def test_in_memory_errors_name_the_record():
    with pytest.raises(InputError, match=r"^predictions:2: field entities\[0\]\.label: unknown label"):
        quiet([{"id": "d00", "entities": []}, {"id": "d01", "entities": [{"text": "Ross", "label": "PER"}]}],
              _docs(2), bootstrap=0)
    with pytest.raises(InputError, match="expected a dict or a DocPrediction, got str"):
        quiet(["not a record"], _docs(1))
    with pytest.raises(InputError, match="field --dataset: expected None, a folder"):
        quiet([{"id": "d00", "entities": []}], 5)


def test_warnings_go_through_python_warnings_too():
    docs = _docs(2)
    with pytest.warns(ScoringWarning, match="1 of 2 documents has no line"):
        results = score([{"id": "d00", "entities": []}], docs, bootstrap=0)
    assert any("1 of 2 documents has no line" in w for w in results.warnings)


def test_an_unknown_figure_name_lists_the_names_that_exist():
    results = quiet([{"id": "d00", "entities": []}], _docs(1), bootstrap=0)
    with pytest.raises(KeyError, match=r"'entities.strict' has correct, incorrect, .*precision, recall, f1"):
        results.figure("entities.strict.F1")
    with pytest.raises(KeyError, match="the figures have entities, quotes, numeric_facts"):
        results.figure("entity.strict.f1")
    with pytest.raises(KeyError, match="the layer quotes was not scored"):
        results.figure("quotes.speaker.accuracy")


def test_one_configuration_for_api_cli_and_json(tmp_path):
    config = ScoreConfig(rtol=0.01, bootstrap=0)
    results = quiet([{"id": "d00", "entities": []}], _docs(1), config=config, seed=4)
    assert {k: results.options[k] for k in ("rtol", "bootstrap", "seed", "confidence")} == \
        {"rtol": 0.01, "bootstrap": 0, "seed": 4, "confidence": DEFAULTS.confidence}
    with pytest.raises(InputError, match="unknown option 'rtl'"):
        score([{"id": "d00", "entities": []}], _docs(1), rtl=0.1)
    with pytest.raises(InputError, match="field --min-documents: must be at least 2"):
        ScoreConfig(min_documents=1)


def test_command_line_defaults_are_the_records():
    import dataclasses

    from newsfacts.cli import build_parser
    from newsfacts.cli.scoring import _config

    for command in (["score", "p.jsonl"], ["compare", "a.jsonl", "b.jsonl"]):
        config = _config(build_parser().parse_args(command))
        # jobs: None (automatic) on the command line, 1 in the API; every other default the record's.
        assert dataclasses.replace(config, jobs=DEFAULTS.jobs) == DEFAULTS and config.jobs is None


def test_each_default_is_written_once_in_the_package():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "benchmark" / "newsfacts").rglob("*.py"))
    for literal in ("1e-6", "1e-06", "0.95", "1_000_000"):
        code = [line for line in sources.splitlines()
                if re.search(rf"(?<![\w.]){re.escape(literal)}(?![\w])", line) and ">>>" not in line
                and not line.lstrip().startswith(("#", "(", "["))
                and not re.match(r"\s*\w+ : .*, default ", line)]  # a numpydoc parameter line names it
        assert len(code) <= 1, (literal, code)


# 9. Pipeline fields -----------------------------------------------------------------------------

def test_score_and_model_fields_are_accepted_other_fields_are_not():
    docs = _docs(1)
    line = {"id": "d00", "model": "gpt-x", "entities": [{"text": "Ross", "label": "PERSON", "score": 0.93}]}
    assert quiet([line], docs, bootstrap=0).figure("entities.strict.correct") == 1
    typo = {"id": "d00", "entities": [{"text": "Ross", "lable": "PERSON", "label": "PERSON"}]}
    with pytest.raises(InputError, match="unknown field `lable`"):
        quiet([typo], docs, bootstrap=0)
    assert quiet([typo], docs, bootstrap=0, allow_unknown_fields=True).figure("entities.strict.correct") == 1


def test_allow_unknown_fields_on_the_command_line(tmp_path, capsys):
    import newsfacts.cli as cli

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(to_json(d) + "\n" for d in _docs(1)), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "d00", "entities": [{"text": "Ross", "label": "PERSON", "prob": 1}],
                                "extra": {"x": 1}}) + "\n", encoding="utf-8")
    assert cli.main(["score", str(pred), "--dataset", str(gold)]) == 2
    assert "unknown field `prob`" in capsys.readouterr().err
    assert cli.main(["score", str(pred), "--dataset", str(gold), "--allow-unknown-fields"]) == 0


# 10. Why an item is unaligned -----------------------------------------------------------------

def test_the_unaligned_message_says_why():
    docs = _docs(1)
    pred = [{"id": "d00", "entities": [{"text": "Ross", "label": "PERSON"}, {"text": "Ross", "label": "PERSON"},
                                       {"text": "Washington", "label": "GPE"}]}]
    listing = errors_listing(quiet(pred, docs, bootstrap=0, with_errors=True))
    assert f"PERSON 'Ross' ({TAKEN})" in listing
    assert f"GPE 'Washington' ({NOT_FOUND})" in listing
    assert TAKEN == "every occurrence is already taken by another predicted item"


# 11. Benchmark scripts: wording and peers -----------------------------------------------------

def test_benchmark_ratios_say_slower_below_one_and_never_inf():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        benchlib = importlib.import_module("benchlib")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert benchlib.speed(1.0, 20.0, "nervaluate") == "20.0x faster than nervaluate"
    assert benchlib.speed(4.0, 1.0, "datasets") == "4.0x slower than datasets"
    assert "inf" not in benchlib.speed(0.0, 1.0, "x") and "inf" not in benchlib.speed(1.0, 0.0, "x")
    for script in ("bench_scorer.py", "bench_build.py"):
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        assert not re.search(r"\}x (faster|slower)", text) and "speed(" in text, script
    assert benchlib.missing_peers("nervaluate", "datasets") == []  # both come with the [test] extra


# 12. Terminal tables: 100 columns, counts that agree in number -------------------------------

def test_tables_fit_100_columns_and_counts_agree_in_number():
    text = "Ross said \u201cthe deal is close\u201d on Sunday, 260 requests later, in the WORK_OF_ART era."
    layers = dict(entities=[Entity(id="e", start=0, end=4, text="Ross", label="PERSON", cluster="ross")],
                  clusters=[Cluster(id="ross", name="Ross", label="PERSON")],
                  quotes=[Quote(id="q", start=11, end=28, text="the deal is close", kind="direct",
                                speaker=Span(start=0, end=4, text="Ross"), speaker_cluster="ross",
                                cue=Span(start=5, end=9, text="said"))],
                  numeric_facts=[NumericFact(id="n", start=33, end=39, text="Sunday", kind="DATE",
                                             normalized="2019-11-03", bound="exact")])
    docs = [doc(text, f"doc{k:05d}", **layers) for k in range(12)]
    pred = [{"id": d.id, "entities": [{"text": "Ross", "label": "WORK_OF_ART"}, {"text": "Nowhere", "label": "ORG"}],
             "quotes": [{"text": "\u201cthe deal is close\u201d", "speaker": "Ross", "cue": "said", "kind": "direct"}],
             "numeric_facts": [{"text": "Sunday", "kind": "DATE", "normalized": "2019-11"}]} for d in docs[1:]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScoringWarning)
        results = score(pred, docs, system="a-system-name", bootstrap=20)
        comparison = compare(pred, pred, docs, bootstrap=20)
    for rendering in (format_table(results), format_comparison(comparison)):
        long = [line for line in rendering.splitlines() if len(line) > WIDTH]
        assert not long, long
    assert "confidence intervals: percentile bootstrap" in format_table(results)
    assert any(w.startswith("1 of 12 documents has no line") for w in results.warnings)
    assert "11 offset-free items could not be aligned" in " ".join(results.warnings)
    one = quiet([{"id": "d00", "entities": [{"text": "Nowhere", "label": "ORG"}]}], _docs(1), bootstrap=0)
    assert "1 offset-free item could not be aligned" in one.warnings[0]
    assert "(1 document," in format_table(one)


# The one text comparison ------------------------------------------------------------------------

def test_a_curly_apostrophe_speaker_is_the_straight_apostrophe_cluster():
    text = "Sean O'Brien said \u201cwe will see\u201d and left."
    start = text.index("we will see")
    gold = doc(text, entities=[Entity(id="e", start=0, end=12, text="Sean O'Brien", label="PERSON", cluster="ob")],
               clusters=[Cluster(id="ob", name="Sean O'Brien", label="PERSON")],
               quotes=[Quote(id="q", start=start, end=start + 11, text="we will see", kind="direct",
                             speaker=Span(start=0, end=12, text="Sean O'Brien"), speaker_cluster="ob",
                             cue=Span(start=13, end=17, text="said"))])
    pred = [{"id": "d", "quotes": [{"text": "we will see", "kind": "direct", "speaker": "Sean O\u2019Brien",
                                    "cue": "SAID"}]}]
    results = quiet(pred, [gold], bootstrap=0)
    # Before: speaker accuracy 0 (metrics compared strings by case and spaces only).
    assert (results.figure("quotes.speaker.accuracy"), results.figure("quotes.cue.accuracy")) == (1.0, 1.0)
