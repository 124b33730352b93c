"""Helpers shared by the tests: small readable documents, record builders, file writers.

The one module test modules import helpers from (fixtures are in conftest.py); no test module
imports another. Offsets are found in the text (``at(text, "Ross", k=1)`` is the second
"Ross"), so a test reads as the sentence it checks and its hand derivation can be checked
against the text.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsfacts.model import (
    Annotations, Cluster, DocPrediction, Document, Entity, NumericFact, Quote, Span, Unaligned, to_builtins, to_json,
)

ROOT = Path(__file__).resolve().parent.parent
# The first bundled article (tests that need a real seed use it; none assumes it is the only one).
REAL_SEED = ROOT / "seeds" / "000_d42d46c449c189f0.txt"
# Made-up articles with complete gold, outside the bundled benchmark (tests/data/articles/README.md).
EXTRA_ARTICLES = ROOT / "tests" / "data" / "articles"

SMALL_SEED = """
# Ross says deal near

Published at: **2019-11-04T00:42:59+00:00**

Author: **A. Writer**

Original: [ZDNet](https://www.zdnet.com/article/x/)

        The US received 260 requests.
\u0020\u0020\u0020\u0020\u0020\u0020
"It is close," Ross said on\u00a0Sunday.
"""


def at(text: str, s: str, k: int = 0) -> tuple[int, int]:
    """The offsets of the ``k``-th occurrence of ``s`` in ``text``."""
    i = -1
    for _ in range(k + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def find_span(text: str, s: str, k: int = 0) -> Span:
    """The span of the ``k``-th occurrence of ``s`` in ``text``."""
    a, b = at(text, s, k)
    return Span(start=a, end=b, text=s)


def find_entity(text: str, id_: str, s: str, k: int, label: str, cluster: str) -> Entity:
    """An entity on the ``k``-th occurrence of ``s`` in ``text``."""
    a, b = at(text, s, k)
    return Entity(id=id_, start=a, end=b, text=s, label=label, cluster=cluster)


def write_seed(directory: Path, doc_id: str = "small", text: str = SMALL_SEED) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def small_gold(text: str, sha: str, doc_id: str = "small") -> Annotations:
    """Valid gold for SMALL_SEED, offsets found in the canonical text.

    Canonical text: 'Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.'
    """

    def span(s: str, k: int = 0) -> Span:
        return find_span(text, s, k)

    def ent(i: int, s: str, k: int, label: str, cluster: str) -> Entity:
        return find_entity(text, f"e{i}", s, k, label, cluster)

    q_a, q_b = at(text, "It is close")
    n1 = at(text, "260")
    n2 = at(text, "Sunday")
    return Annotations(
        id=doc_id, text_sha256=sha,
        entities=(ent(1, "Ross", 0, "PERSON", "ross"), ent(2, "US", 0, "GPE", "us"), ent(3, "Ross", 1, "PERSON", "ross")),
        clusters=(Cluster(id="ross", name="Wilbur Ross", label="PERSON", aliases=("Ross",)),
                  Cluster(id="us", name="United States", label="GPE", aliases=("US",))),
        quotes=(Quote(id="q1", start=q_a, end=q_b, text="It is close", kind="direct", speaker=span("Ross", 1),
                      speaker_cluster="ross", cue=span("said")),),
        numeric_facts=(
            NumericFact(id="n1", start=n1[0], end=n1[1], text="260", kind="CARDINAL", value=260.0, normalized="260",
                        bound="exact", unit=None, measured=span("requests")),
            NumericFact(id="n2", start=n2[0], end=n2[1], text="Sunday", kind="DATE", value=None,
                        normalized="2019-11-03", bound="exact", unit=None, measured=None),
        ),
    )


def small_document(doc_id: str = "small") -> Document:
    """SMALL_SEED with its gold as a dataset row, under the id ``doc_id``."""
    from newsfacts.dataset.gold import join
    from newsfacts.dataset.seeds import parse_seed_text

    seed = parse_seed_text(SMALL_SEED, doc_id)
    return join(seed, small_gold(seed.text, seed.text_sha256, doc_id))


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    """One line per row: a dict is dumped as JSON, a str written as is."""
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def write_gold(path: Path, docs: list[Document]) -> Path:
    """A ``.jsonl`` gold file of document records."""
    path.write_text("".join(to_json(d) + "\n" for d in docs), encoding="utf-8")
    return path


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    """Run the ``newsfacts`` command in this process: (exit status, stdout, stderr)."""
    from newsfacts import cli

    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def perfect_line(doc: Document) -> dict:
    """The gold itself as a prediction line (every item with offsets and all attributes)."""
    row = to_builtins(doc)
    return {"id": doc.id, "entities": row["entities"], "quotes": row["quotes"], "numeric_facts": row["numeric_facts"]}


# ---------------------------------------------------------------------------------------------
# Metrics: documents and predictions built from strings


class Text:
    """A canonical text and builders of records whose offsets are looked up in it."""

    def __init__(self, text: str, doc_id: str = "d") -> None:
        self.text = text
        self.id = doc_id
        self._n = 0

    def at(self, s: str, k: int = 0) -> tuple[int, int]:
        return at(self.text, s, k)

    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def span(self, s: str, k: int = 0) -> Span:
        return find_span(self.text, s, k)

    def ent(self, s: str, label: str, k: int = 0, cluster: str | None = None) -> Entity:
        a, b = self.at(s, k)
        return Entity(id=self._id("e"), start=a, end=b, text=s, label=label, cluster=cluster)

    def quote(self, s: str, kind: str | None, k: int = 0, **attrs) -> Quote:
        a, b = self.at(s, k)
        return Quote(id=self._id("q"), start=a, end=b, text=s, kind=kind, **attrs)

    def fact(self, s: str, kind: str | None, k: int = 0, **attrs) -> NumericFact:
        a, b = self.at(s, k)
        return NumericFact(id=self._id("n"), start=a, end=b, text=s, kind=kind, **attrs)

    def gold(self, entities=(), quotes=(), numeric_facts=(), clusters=()) -> Document:
        return Document(id=self.id, title="", url="", source="", author="", published_at="", text=self.text,
                        entities=tuple(entities), clusters=tuple(clusters), quotes=tuple(quotes),
                        numeric_facts=tuple(numeric_facts))

    def pred(self, entities=(), quotes=(), numeric_facts=(), unaligned=()) -> DocPrediction:
        return DocPrediction(id=self.id, entities=tuple(entities), quotes=tuple(quotes),
                             numeric_facts=tuple(numeric_facts), unaligned=tuple(unaligned), line=1)


def unaligned(layer: str, text: str, label: str | None) -> Unaligned:
    return Unaligned(layer=layer, text=text, label=label, line=1, index=0)


def options(*layers: str, rtol: float | None = None):
    from newsfacts.config import DEFAULTS
    from newsfacts.scoring.metrics import ScoreOptions

    config = DEFAULTS if rtol is None else DEFAULTS.replace(rtol=rtol)
    return ScoreOptions(layers=frozenset(layers), config=config)


def score(gold: Document, pred: DocPrediction, opts) -> dict:
    from newsfacts.scoring.metrics import figures, score_document

    return figures(score_document(gold, pred, opts).counts, opts)


def counts_of(block: dict) -> dict:
    """The five SemEval counts of a schema block."""
    return {k: block[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")}


def cluster(cid: str, name: str, label: str, *aliases: str) -> Cluster:
    return Cluster(id=cid, name=name, label=label, aliases=tuple(aliases))


# The entity case derived by hand in test_metrics_entities.py (nervaluate agrees on it too).
SEMEVAL = Text("Wilbur Ross met Huawei in Beijing on Monday with Liu He of the US.")
SEMEVAL_GOLD = SEMEVAL.gold(entities=[
    SEMEVAL.ent("Wilbur Ross", "PERSON"),   # G1
    SEMEVAL.ent("Huawei", "ORG"),           # G2
    SEMEVAL.ent("Beijing", "GPE"),          # G3
    SEMEVAL.ent("Liu He", "PERSON"),        # G4
    SEMEVAL.ent("US", "GPE"),               # G5
])
SEMEVAL_PRED = SEMEVAL.pred(entities=[
    SEMEVAL.ent("Wilbur Ross", "PERSON"),   # exact                 (G1)
    SEMEVAL.ent("Huawei", "GPE"),           # exact, wrong label    (G2, counted under ORG)
    SEMEVAL.ent("Beijing on", "GPE"),       # overlap, same label   (G3)
    SEMEVAL.ent("He", "ORG"),               # overlap, wrong label  (G4, counted under PERSON)
    SEMEVAL.ent("Monday", "ORG"),           # spurious, under ORG;   G5 "US" is missed
])


# ---------------------------------------------------------------------------------------------
# Systems: documents with a publication date, and a made-up two-document dataset

PUBLISHED = "2021-03-10T09:00:00+00:00"   # a Wednesday, ISO week 2021-W10


def document(doc_id: str, text: str, published_at: str = PUBLISHED, **layers) -> Document:
    """A dataset row for ``text``, published at ``published_at``, with the given gold layers."""
    return Document(id=doc_id, title=text.split("\n")[0], url=f"https://example.org/{doc_id}", source="Example",
                    author="A. Writer", published_at=published_at, text=text, **layers)


def fact(text: str, k: int, s: str, kind: str, *, value: float | None = None, normalized: str | None = None,
         bound: str = "exact", unit: str | None = None, measured: str | None = None) -> NumericFact:
    """Gold numeric fact ``n<k>`` on the first occurrence of ``s``; ``normalized`` of a value
    is its plain decimal string."""
    a, b = at(text, s)
    if value is not None and normalized is None:
        normalized = str(int(value)) if float(value).is_integer() else str(value)
    return NumericFact(id=f"n{k}", start=a, end=b, text=s, kind=kind, value=value, normalized=normalized,
                       bound=bound, unit=unit, measured=find_span(text, measured) if measured else None)


def two_documents() -> list[Document]:
    """A made-up two-document dataset with gold on all three layers (valid by the gold rules)."""
    a = 'Acme Corp said on Monday it raised $45 million in a funding round.\n\n"We are growing fast," said Jane Doe.'
    b = "Over 100 people attended the rally in Paris last week."
    content = at(a, "it raised $45 million in a funding round")
    direct = at(a, "We are growing fast")
    doc_a = document(
        "a1", a,
        entities=(find_entity(a, "e1", "Acme Corp", 0, "ORG", "acme"),
                  find_entity(a, "e2", "Jane Doe", 0, "PERSON", "jane_doe")),
        clusters=(Cluster(id="acme", name="Acme Corp", label="ORG"),
                  Cluster(id="jane_doe", name="Jane Doe", label="PERSON")),
        quotes=(Quote(id="q1", start=content[0], end=content[1], text=a[content[0]:content[1]], kind="indirect",
                      speaker=find_span(a, "Acme Corp"), speaker_cluster="acme", cue=find_span(a, "said")),
                Quote(id="q2", start=direct[0], end=direct[1], text=a[direct[0]:direct[1]], kind="direct",
                      speaker=find_span(a, "Jane Doe"), speaker_cluster="jane_doe", cue=find_span(a, "said", 1))),
        numeric_facts=(fact(a, 1, "Monday", "DATE", normalized="2021-03-08"),
                       fact(a, 2, "$45 million", "MONEY", value=45_000_000, unit="USD", measured="funding round")))
    doc_b = document(
        "b2", b,
        entities=(find_entity(b, "e1", "Paris", 0, "GPE", "paris"),),
        clusters=(Cluster(id="paris", name="Paris", label="GPE"),),
        numeric_facts=(fact(b, 1, "Over 100", "CARDINAL", value=100, bound="more_than", measured="people"),
                       fact(b, 2, "last week", "DATE", normalized="2021-W09")))
    return [doc_a, doc_b]


# ---------------------------------------------------------------------------------------------
# The browser of the HTML report tests

#: How Chromium runs in the tests: headless, no sandbox (containers), nothing fetched at start-up.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@contextmanager
def chromium() -> Iterator[Any]:
    """A real headless Chromium (the system's ``chromium``) driven by Playwright; no browser download.

    Fails, naming what to install, when Chromium is missing: the HTML report is checked in a real
    browser or not at all (set NEWSFACTS_SKIP_BROWSER=1 to skip those tests knowingly).
    """
    import pytest

    if os.environ.get("NEWSFACTS_SKIP_BROWSER") == "1":
        pytest.skip("NEWSFACTS_SKIP_BROWSER=1")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("the HTML report tests need Chromium on PATH (Debian: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------- Label Studio


def labelstudio_server_module():
    """``scripts/labelstudio_server.py``: the one place that installs, starts and stops Label Studio."""
    import importlib.util
    import sys

    if "labelstudio_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location("labelstudio_server", ROOT / "scripts" / "labelstudio_server.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["labelstudio_server"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["labelstudio_server"]


def region(rid: str, control: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    """A labels result item, as Label Studio's editor saves it."""
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def per_region(rid: str, control: str, start: int, end: int, kind: str, value: Any) -> dict[str, Any]:
    """A per-region control's result item (``kind``: textarea, choices or number)."""
    key = {"textarea": "text", "choices": "choices", "number": "number"}[kind]
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, key: value}}


def relation(source: str, target: str, *labels: str) -> dict[str, Any]:
    """A relation result item between two regions."""
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right", "labels": list(labels)}


def api(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    """One Label Studio REST call, as the browser editor makes it (token auth)."""
    import urllib.request

    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{url}{path}", data=data, method=method,
                                 headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        raw = r.read()
    return json.loads(raw) if raw else None
