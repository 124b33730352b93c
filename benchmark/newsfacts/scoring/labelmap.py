"""Label maps: which NewsFacts layer and label a system's label stands for.

NewsFacts uses OntoNotes label names on purpose, so an off-the-shelf OntoNotes system (spaCy's
``en_core_web_*`` models, for one) is scored without any map. The built-in map sends each of
OntoNotes' 18 labels to one of the two span layers:

* ``PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE`` -> ``entities``;
* ``DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL`` -> ``numeric_facts`` with that kind.

A label is looked up after a spelling normalisation that a user expects to be harmless:
upper case, spaces and hyphens to underscores (``"Work of art"`` -> ``WORK_OF_ART``,
``"person"`` -> ``PERSON``). Nothing else is mapped silently. In particular the CoNLL-2003 tags
``PER`` and ``MISC`` are errors without a map: CoNLL's ``LOC`` also covers countries and cities
(OntoNotes ``GPE``) and ``MISC`` has no OntoNotes counterpart, so any automatic choice would
change a system's score behind its author's back. (CoNLL's ``ORG`` and ``LOC`` share OntoNotes'
spelling and cannot be told apart from it; a CoNLL system should pass a map.)

``--label-map FILE`` is a JSON object ``{"label": target}`` where the target is an entity label,
a numeric kind, or ``null`` to drop items with that label. Its keys are matched exactly, before
the built-in map; labels it does not name fall back to the built-in map.

>>> m = LabelMap.builtin()
>>> m.target("gpe", file="p.jsonl", line=1, field="entities[0].label")
Target(layer='entities', label='GPE')
>>> m.target("CARDINAL", file="p.jsonl", line=1, field="entities[1].label")
Target(layer='numeric_facts', label='CARDINAL')
>>> m.target("MISC", file="p.jsonl", line=2, field="entities[0].label")
Traceback (most recent call last):
...
newsfacts.errors.InputError: p.jsonl:2: field entities[0].label: unknown label 'MISC' (CoNLL's MISC has no OntoNotes counterpart); map it with --label-map FILE to one of PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE, CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL, DATE, TIME, or to null to drop it
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import InputError
from ..jsonio import decode, decode_utf8, read_bytes
from ..model import ENTITY_LABELS, NUMERIC_KINDS

ONTONOTES_LABELS: tuple[str, ...] = ENTITY_LABELS + NUMERIC_KINDS  # the 18 labels, in that order

_HINTS = {
    "PER": "CoNLL's PER; NewsFacts says PERSON",
    "MISC": "CoNLL's MISC has no OntoNotes counterpart",
}


@dataclass(frozen=True, slots=True)
class Target:
    """Where a predicted label goes: ``layer`` is entities or numeric_facts, ``label`` the label or kind."""

    layer: str
    label: str


def _target(label: str) -> Target:
    return Target("entities" if label in ENTITY_LABELS else "numeric_facts", label)


_BUILTIN: dict[str, Target] = {label: _target(label) for label in ONTONOTES_LABELS}


_WS = re.compile(r"[ \t\r\n]*")
_JSON = json.JSONDecoder()


def _entries(text: str) -> Iterator[tuple[str, int, bool]]:
    """``(label, line, value is a string or null)`` for each entry of the JSON object ``text``, in
    file order, up to the first other value (only strings are parsed: nothing can nest deeply).

    >>> list(_entries('{"PER": "PERSON",\\n "MISC": null,\\n "LOC": [1]}'))
    [('PER', 1, True), ('MISC', 2, True), ('LOC', 3, False)]
    """
    i = _WS.match(text).end()
    if not text.startswith("{", i):
        return
    i = _WS.match(text, i + 1).end()
    try:
        while text.startswith('"', i):
            line = text.count("\n", 0, i) + 1
            key, i = _JSON.raw_decode(text, i)
            i = _WS.match(text, _WS.match(text, i).end() + 1).end()  # past the colon
            if text.startswith("null", i):
                i += 4
            elif text.startswith('"', i):
                i = _JSON.raw_decode(text, i)[1]
            else:
                yield key, line, False
                return
            yield key, line, True
            i = _WS.match(text, i).end()
            if text.startswith(",", i):
                i = _WS.match(text, i + 1).end()
    except ValueError:  # pragma: no cover -- only called on text msgspec read up to the first bad value
        return


def _spelling(label: str) -> str:
    return label.strip().upper().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class LabelMap:
    """A label -> target map: the built-in OntoNotes map plus a user's entries (``None`` = drop)."""

    entries: dict[str, Target | None] = field(default_factory=dict)
    source: str = "built-in"
    # Labels looked up so far, so the 600,000 labels of a large file cost one dict probe each
    # (the prediction reader probes it directly).
    resolved: dict[str, Target | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def builtin(cls) -> LabelMap:
        """The OntoNotes map alone."""
        return cls()

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None) -> LabelMap:
        """Read ``--label-map FILE`` (None: the built-in map); errors name the file, line and label.

        >>> import json, tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "conll.json"
        >>> _ = p.write_text(json.dumps({"PER": "PERSON", "MISC": None, "LOC": "GPE"}))
        >>> m = LabelMap.load(p)
        >>> m.target("PER", file="x", line=1, field="f"), m.target("MISC", file="x", line=1, field="f")
        (Target(layer='entities', label='PERSON'), None)
        """
        if path is None:
            return cls.builtin()
        data = read_bytes(path)
        text = decode_utf8(data, path)  # invalid UTF-8: names the line; a byte-order mark is dropped
        try:
            raw = decode(data, dict[str, str | None], file=path)
        except InputError as exc:
            # msgspec names a bad dict value "[...]"; name its label, on its line.
            bad = next(((key, line) for key, line, ok in _entries(text) if not ok), None)
            if exc.field != "[...]" or bad is None:
                raise
            raise InputError(exc.message, file=path, line=bad[1], field=bad[0]) from None
        entries: dict[str, Target | None] = {}
        lines: dict[str, int] = {}
        for key, line, _ in _entries(text):
            if key in lines:  # JSON would keep the last silently: which one was meant?
                raise InputError(f"duplicate label {key!r} (also on line {lines[key]})", file=path, line=line,
                                 field=key)
            lines[key] = line
            if not key.strip():
                raise InputError("empty label", file=path, line=line, field=repr(key))
            value = raw[key]
            if value is not None and value not in _BUILTIN:
                raise InputError(f"unknown target {value!r}: expected one of {', '.join(ONTONOTES_LABELS)} or null",
                                 file=path, line=line, field=key)
            entries[key] = None if value is None else _BUILTIN[value]
        return cls(entries, str(path))

    def target(self, label: str, *, file: object, line: int, field: str) -> Target | None:
        """The target of ``label`` (None: drop the item); an unknown label is an InputError."""
        try:
            return self.resolved[label]
        except KeyError:
            pass
        if label in self.entries:
            found = self.entries[label]
        else:
            found = _BUILTIN.get(_spelling(label), False)
            if found is False:
                hint = _HINTS.get(_spelling(label))
                where = f", not in {self.source}" if self.entries else ""
                raise InputError(
                    f"unknown label {label!r}{f' ({hint})' if hint else ''}{where}; map it with --label-map FILE "
                    f"to one of {', '.join(ONTONOTES_LABELS)}, or to null to drop it",
                    file=file, line=line, field=field)
        self.resolved[label] = found
        return found

    def describe(self) -> str:
        """One line for reports: ``built-in`` or the file and its entry count."""
        if not self.entries:
            return "built-in (OntoNotes)"
        return f"{self.source} ({len(self.entries)} entries) + built-in (OntoNotes)"
