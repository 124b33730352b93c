"""Fixtures (helpers are in tests/helpers.py): a small, readable seed + gold pair in a temporary project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from .helpers import small_gold, write_seed

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# No per-example deadline: a loaded CI machine must not turn a slow example into a failure.
settings.register_profile("newsfacts", deadline=None, print_blob=True)
settings.load_profile("newsfacts")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

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
