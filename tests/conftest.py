"""Shared fixtures: a small, readable seed + gold pair written to a temporary project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# No per-example deadline: a loaded CI machine must not turn a slow example into a failure.
settings.register_profile("newsfacts", deadline=None, print_blob=True)
settings.load_profile("newsfacts")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
REAL_SEED = ROOT / "seeds" / "000_d42d46c449c189f0.txt"

SMALL_SEED = """
# Ross says deal near

Published at: **2019-11-04T00:42:59+00:00**

Author: **A. Writer**

Original: [ZDNet](https://www.zdnet.com/article/x/)

        The US received 260 requests.
\u0020\u0020\u0020\u0020\u0020\u0020
"It is close," Ross said on\u00a0Sunday.
"""


def write_seed(directory: Path, doc_id: str = "small", text: str = SMALL_SEED) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A project folder with one small seed and its valid gold."""
    from newsfacts.dataset.gold import write_annotations
    from newsfacts.dataset.seeds import parse_seed

    seeds = tmp_path / "seeds"
    seed = parse_seed(write_seed(seeds))
    (tmp_path / "annotations").mkdir()
    write_annotations(tmp_path / "annotations" / "small.json", small_gold(seed.text, seed.text_sha256))
    return tmp_path


def small_gold(text: str, sha: str):
    """Valid gold for SMALL_SEED, offsets found in the canonical text.

    Canonical text: 'Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.'
    """
    from newsfacts.model import Annotations, Cluster, Entity, NumericFact, Quote, Span

    def at(s: str, k: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(k + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)

    def span(s: str, k: int = 0) -> Span:
        a, b = at(s, k)
        return Span(start=a, end=b, text=s)

    def ent(i: int, s: str, k: int, label: str, cluster: str) -> Entity:
        a, b = at(s, k)
        return Entity(id=f"e{i}", start=a, end=b, text=s, label=label, cluster=cluster)

    q_a, q_b = at("It is close")
    n1 = at("260")
    n2 = at("Sunday")
    return Annotations(
        id="small", text_sha256=sha,
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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (tests/helpers.py: chromium)."""
    from tests.helpers import chromium

    with chromium() as b:
        yield b
