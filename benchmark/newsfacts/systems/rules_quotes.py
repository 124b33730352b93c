"""``rules-quotes``: quotations and reported speech by rules over a spaCy dependency parse.

Contract: :class:`RulesQuotes` predicts the ``quotes`` layer only, one
:class:`~newsfacts.model.DocPrediction` per document, every quote with real offsets, its kind
(``direct``, ``indirect``, ``mixed``), its speaker and cue spans (or null) and a
``speaker_cluster`` id. It follows the annotation guidelines, section 4:

* **Quotation marks** (straight ``"``, curly double, and single marks where they open after a
  space and close before a non-letter, so apostrophes are not quotes) make a **direct** quote
  when a speech cue attributes them: after the closing mark (``"...," Ross said``,
  ``"...," said Ross``, ``"...," according to X``) or before the opening one (``Ross said:
  "..."``, ``told reporters "..."``, ``warned that "..."``). The content excludes the marks and a
  comma that only separates the attribution; a final ``.?!`` inside the marks stays.
* A quotation that **resumes** after its cue (``"A," Ross said, "B."``) is two direct quotes with
  the same speaker and cue (4.3: a content span is contiguous).
* A quotation with no cue of its own that starts the sentence right after an attributed direct
  quote is a **continuation**: same speaker span, cue null. A paragraph that opens a quotation
  and does not close it runs to the paragraph's end; the next paragraph, reopening the
  quotation, is a continuation (one quote per paragraph: the reopening mark splits them).
* **Reported speech**: a cue verb with a clausal complement (``said (that) ...``, ``noting that
  ...``, ``argued that ...``, ``pointed out that ...``, ``made a good case that ...``) or
  ``according to X`` at either end of a clause gives an **indirect** quote whose content is the
  reported clause without complementizer and final punctuation, cut before a following
  ``, noting ...`` / ``, according to ...`` that starts another quote. A reported clause that
  contains a quoted fragment is **mixed** (the fragment's marks are kept, a closing mark at the
  end included) and the fragment is not a quote of its own. A cue inside a reported clause gives
  a second, **nested** quote (4.6).
* Quotations with no cue: five words or more that are not title-cased are **unattributed**
  direct quotes (speaker and cue null; a document's wording); shorter ones and titles are scare
  quotes and names, not quotes. Negated cues (``did not say``) give nothing.
* **Speaker**: the subject of the cue (inverted subjects too), the object of ``according to``, or
  for a participle or coordinated cue the subject of the governing cue; as a noun phrase with
  titles, roles and possessor, without determiners, commas, relative clauses and appositions
  after a comma. **Cue**: the verb alone (no auxiliary, negation or adverb), with its particle
  (``pointed out``), or the whole light-verb phrase (``made a good case``), or ``according to``.
* **Speaker clusters** (4.4): a named speaker joins the longest proper name of the document that
  ends with the same word, so "Ross" and "US Commerce Secretary Wilbur Ross" are both
  ``wilbur_ross``; a personal pronoun takes the last named speaker before it (else the last
  name before it); any other noun phrase is a cluster of its own ("US companies" ->
  ``us_companies``). The scorer attributes speakers by cluster mention, so the span stays the
  mention nearest the cue ("he").

The parser is spaCy's (``tagger`` and ``parser`` only, loaded through
:func:`newsfacts.systems.nlp.load`); paragraphs are parsed separately, so a headline never runs
into the dek. The rules are linear in the number of tokens.

Examples
--------
>>> from newsfacts.model import Document
>>> doc = Document(id="d", title="", url="", source="", author="", published_at="",
...                text='"We have the money," Smith said, "but not the staff."')
>>> system = RulesQuotes()                                     # doctest: +SKIP
>>> [(q.text, q.speaker.text, q.cue.text) for q in next(system.predict([doc])).quotes]  # doctest: +SKIP
[('We have the money', 'Smith', 'said'), ('but not the staff.', 'Smith', 'said')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from . import nlp as nlp_loader
from .base import DocPrediction, Document, Quote, Span, System

# ---------------------------------------------------------------------------- lexicon
# Verbs of communication (guidelines 4.1, 4.5). Thinking, planning and deciding are not cues.
CUE_LEMMAS = frozenset((
    "say tell note add argue claim warn stipulate announce explain state insist admit acknowledge "
    "confirm deny suggest report write ask reply respond predict estimate caution contend maintain "
    "assert declare reveal disclose indicate emphasise emphasize stress promise vow complain concede "
    "comment recall urge observe remark testify tweet post allege affirm assure counter mention "
    "signal hint agree boast lament answer retort repeat reiterate conclude forecast point"
).split())
_IRREGULAR = {"say": ("said", "says", "saying"), "tell": ("told", "tells", "telling"),
              "write": ("wrote", "written", "writes", "writing"),
              "forecast": ("forecast", "forecasts", "forecasting")}
_PARTICLE = {"point": "out"}  # a cue only with its particle: "pointed out"
_ADDRESSEE = frozenset({"tell", "ask", "warn", "urge", "assure", "answer", "reply"})  # "told me: ..."
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_TITLES = frozenset((
    "mr mrs ms dr secretary president minister ceo cfo cto coo chief executive officer senator governor "
    "mayor chairman chairwoman chair director spokesman spokeswoman spokesperson prime general commissioner "
    "judge professor prof sir lord lady king queen prince representative rep sen gov vice deputy founder"
).split())
_CALENDAR = frozenset((
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december").split())
_TIME_WORDS = _CALENDAR | {"today", "yesterday", "tonight"}
_SMALL_WORDS = frozenset({"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with"})
MIN_UNATTRIBUTED_WORDS = 5  # shorter uncued quotations are scare quotes or names

DOUBLE_OPEN = "\u201c\u201e\u00ab"
DOUBLE_CLOSE = "\u201d\u00bb"
SINGLE_OPEN = "\u2018\u201a\u2039"
SINGLE_CLOSE = "\u2019\u203a"
MARKS = frozenset('"\'' + DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE)
_SENT_END = frozenset(".!?")
_BREAKS = frozenset({",", ":", ";", "--", "\u2014", "\u2013"})


def _forms(lemma: str) -> set[str]:
    """Inflected forms of a regular or listed irregular verb.

    >>> sorted(_forms("note")), sorted(_forms("admit"))
    (['note', 'noted', 'notes', 'noting'], ['admit', 'admits', 'admitted', 'admitting'])
    """
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma in ("admit", "regret", "vow") and lemma[-1] not in "wy":
        return {lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing"}


CUE_FORMS: dict[str, str] = {form: lemma for lemma in sorted(CUE_LEMMAS) for form in _forms(lemma)}


# ---------------------------------------------------------------------------- quotation marks
@dataclass
class Quotation:
    """A pair of quotation marks in a paragraph: mark offsets (``close`` None: runs to the end)."""

    open: int
    close: int | None
    content: tuple[int, int]
    inner: list[Quotation] = field(default_factory=list)
    unattributed: bool = False

    @property
    def outer_end(self) -> int:
        return self.content[1] if self.close is None else self.close + 1


def quotations(p: str) -> list[Quotation]:
    """Quotation-mark spans of paragraph ``p``: double marks at the top level with single-marked
    spans nested in them; single-marked spans outside any double pair are top level (headlines).

    >>> [(p[q.content[0]:q.content[1]], [p[i.content[0]:i.content[1]] for i in q.inner])
    ...  for p in ['"He said \\'no\\'," she said, "and the workers\\' union agreed."'] for q in quotations(p)]
    [("He said 'no',", ['no']), ("and the workers' union agreed.", [])]
    >>> [p[q.content[0]:q.content[1]] for p in ["\\"Unclosed to the end.  "] for q in quotations(p)]
    ['Unclosed to the end.']
    """
    doubles: list[Quotation] = []
    opened: int | None = None
    for i, ch in enumerate(p):
        if ch == '"' and opened is not None or ch in DOUBLE_CLOSE and opened is not None:
            doubles.append(Quotation(opened, i, (opened + 1, i)))
            opened = None
        elif ch == '"' or ch in DOUBLE_OPEN:
            opened = i
    if opened is not None:
        doubles.append(Quotation(opened, None, (opened + 1, len(p.rstrip()))))
    top = list(doubles)
    for s in _single_quotations(p):
        if any(d.open > s.open and d.open < s.outer_end or s.open < d.outer_end - 1 < s.outer_end - 1
               for d in doubles):
            continue  # crosses a double pair: an apostrophe, not a quotation
        outer = [d for d in doubles if d.open < s.open and s.outer_end <= d.outer_end]
        (outer[0].inner if outer else top).append(s)
    top.sort(key=lambda q: q.open)
    return top


def _single_quotations(p: str) -> Iterator[Quotation]:
    n, i = len(p), 0
    while i < n:
        ch = p[i]
        opens = (ch in SINGLE_OPEN or ch == "'") and i + 1 < n and p[i + 1].isalnum() and (
            i == 0 or p[i - 1] in " ([-\u2014\"" or p[i - 1] in DOUBLE_OPEN)
        if opens:
            for j in range(i + 2, min(n, i + 300)):
                c = p[j]
                if c == "\n":
                    break
                if (c == "'" or c in SINGLE_CLOSE) and not p[j - 1].isspace() and (j + 1 == n or not p[j + 1].isalnum()):
                    yield Quotation(i, j, (i + 1, j))
                    i = j
                    break
        i += 1


def trim_direct(p: str, a: int, b: int) -> tuple[int, int]:
    """Direct-quote content: no outer spaces and no separating comma (or ; : dash) at the end.

    >>> p = '"We are ready, " she said.'; a, b = trim_direct(p, 1, 15); p[a:b]
    'We are ready'
    """
    while a < b and p[a].isspace():
        a += 1
    while b > a and (p[b - 1].isspace() or p[b - 1] in ",;:-\u2014\u2013"):
        b -= 1
    return a, b


# ---------------------------------------------------------------------------- parse helpers
def _lemma(t: Any) -> str | None:
    return CUE_FORMS.get(t.lower_)


def _case(t: Any) -> Any:
    """``made a (good) case``: the token "case", else None."""
    if t.lower_ in ("made", "make", "makes", "making"):
        for c in t.children:
            if c.dep_ == "dobj" and c.lower_ == "case":
                return c
    return None


def _negated(t: Any) -> bool:
    return any(c.dep_ == "neg" for c in t.children)


def is_cue(t: Any) -> bool:
    """True when token ``t`` heads a speech cue (a communication verb, ``according to``, a
    light-verb ``make a case``), not negated."""
    low = t.lower_
    if low == "according":
        return t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"
    lemma = CUE_FORMS.get(low)
    if lemma is None:
        return _case(t) is not None and not _negated(t)
    if t.tag_ == "VBN" and (any(c.dep_ == "auxpass" for c in t.children)
                            or t.dep_ in ("advcl", "acl") and _subject(t) is None):
        return False  # a passive ("was told", "Asked whether ...") does not report its subject's words
    # taggers sometimes read a headline "says" as a plural noun (": Report" is a noun, not a cue)
    if not t.tag_.startswith("VB") and not (low == "says" and t.dep_ in ("ROOT", "ccomp")):
        return False
    if lemma in _PARTICLE and not any(c.dep_ == "prt" and c.lower_ == _PARTICLE[lemma] for c in t.children):
        return False
    return not _negated(t)


def cue_tokens(t: Any) -> tuple[int, int]:
    """Token range ``[first, last]`` of the cue phrase headed by ``t``."""
    if t.lower_ == "according":
        return t.i, t.i + 1
    case = _case(t)
    if case is not None:
        return t.i, case.i
    last = t.i
    for c in t.children:
        if c.dep_ == "prt" and c.i == t.i + 1:
            last = c.i
    return t.i, last


def _subject(t: Any) -> Any:
    for c in t.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    for c in t.children:
        # the small model sometimes reads a bare surname as a verb ("Trump in late August said")
        # or a name before commas as an adverbial ("Google, meanwhile, announced")
        if c.dep_ in ("csubj", "npadvmod") and c.i < t.i and c.text[:1].isupper() and c.tag_ != "DT" \
                and c.lower_ not in _TIME_WORDS:
            return c
    return None


def speaker_head(t: Any) -> Any:
    """The head token of the speaker of cue ``t``, or None."""
    if t.lower_ == "according":
        for c in list(t.doc[t.i + 1].children) + list(t.children):
            if c.dep_ == "pobj":
                return c
        return None
    s = _subject(t)
    if s is not None:
        return s
    if t.dep_ == "relcl":
        return t.head
    # a participle or coordinated cue (", noting that", "and added") takes the subject of the
    # nearest governing cue, else of the first governing verb that has one
    h, first = t, None
    while h.head.i != h.i:
        h = h.head
        s = _subject(h)
        if s is not None:
            if is_cue(h):
                return s
            first = first if first is not None else s
    return first


def noun_phrase(tok: Any) -> tuple[int, int] | None:
    """Token range of the speaker noun phrase headed by ``tok`` (guidelines 4.4): titles, roles
    and possessor kept; determiners, commas and what follows them, relative clauses and
    prepositional phrases other than of/for/at dropped."""
    doc = tok.doc
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "Ross, who said ..." -> Ross
    left, right = tok.left_edge.i, tok.right_edge.i
    for i in range(tok.i + 1, right + 1):
        w = doc[i]
        if (w.is_punct and w.tag_ not in ("HYPH", "POS")) or w.dep_ in ("relcl", "acl") \
                or (w.dep_ == "prep" and w.head.i == tok.i and w.lower_ not in ("of", "for", "at")):
            right = i - 1
            break
    for i in range(tok.i - 1, left - 1, -1):
        w = doc[i]
        if (w.is_punct and w.tag_ not in ("HYPH", "POS")) or w.dep_ in ("relcl", "appos"):
            left = i + 1
            break
    while left <= right and ((doc[left].lower_ in _DETERMINERS and doc[left].tag_ == "DT")
                             or doc[left].is_punct or doc[left].is_space):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return (left, right) if left <= right else None


def _adjunct(x: Any, cue: Any) -> bool:
    """True when ``x`` is an adverb of the cue ("said simply") or the addressee of a verb that
    takes one ("told me", "told Reuters"): what may stand between a cue and a quotation with no
    comma or colon. A prepositional phrase may not ("warned of "serious consequences"" is a
    quoted phrase, not an attributed quotation)."""
    if x.head.i != cue.i:
        return False
    if x.dep_ == "advmod":
        return True
    return (x.dep_ in ("dobj", "dative") and _lemma(cue) in _ADDRESSEE and x.tag_ in ("PRP", "NNP", "NNPS")
            and x.left_edge.i == x.i == x.right_edge.i)


# ---------------------------------------------------------------------------- extraction
@dataclass
class _Found:
    start: int
    end: int
    kind: str
    speaker: tuple[int, int] | None     # document char offsets
    cue: tuple[int, int] | None
    paragraph: int
    speaker_token: int | None = None    # token index of the speaker's head ...
    speaker_paragraph: int | None = None  # ... in this paragraph (a continuation's may be earlier)
    top: bool = False                   # a direct quote of a top-level quotation (continuations follow these)


class _Paragraph:
    """One paragraph: its text, its parse and its offset in the document."""

    def __init__(self, text: str, parsed: Any, base: int, index: int) -> None:
        self.text, self.doc, self.base, self.index = text, parsed, base, index
        # Token objects are costly to create: scan the attribute arrays, make tokens only where needed.
        strings = parsed.vocab.strings
        lowers, tags = parsed.to_array(["LOWER", "TAG"]).T.tolist() if len(parsed) else ([], [])
        cue_ids = {strings[w] for w in (*CUE_FORMS, "according", "made", "make", "makes", "making")}
        self.cue_candidates = [i for i, low in enumerate(lowers) if low in cue_ids]
        proper = {strings["NNP"], strings["NNPS"]}
        self.proper = [tag in proper for tag in tags]

    def token(self, char: int | None) -> Any:
        if char is None or not 0 <= char < len(self.text):
            return None
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return None if span is None or not len(span) else span[0]

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """Document offsets of the token range ``[first, last]``."""
        return self.base + self.doc[first].idx, self.base + self.doc[last].idx + len(self.doc[last].text)

    def found(self, a: int, b: int, kind: str, cue: Any) -> _Found | None:
        """A quote with content ``[a, b)`` (paragraph offsets) attributed to cue token ``cue``."""
        if cue is None:
            return _Found(self.base + a, self.base + b, kind, None, None, self.index)
        head = speaker_head(cue)
        if head is not None and head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            head = head.head.head  # "Ross, who said ..." -> Ross
        np = noun_phrase(head) if head is not None else None
        speaker = self.chars(*np) if np else None
        cue_chars = self.chars(*cue_tokens(cue))
        for part in (speaker, cue_chars):
            if part is not None and part[0] < self.base + b and self.base + a < part[1]:
                return None  # the speaker or cue would sit inside the content: a misparse
        return _Found(self.base + a, self.base + b, kind, speaker, cue_chars, self.index,
                      None if np is None else head.i, self.index)


def _attribution(P: _Paragraph, q: Quotation, lo: int, hi: int) -> Any:
    """The cue token attributing quotation ``q``: after its closing mark, else before its opening
    mark, within tokens ``[lo, hi)`` of the same sentence."""
    doc = P.doc
    close, open_ = P.token(q.close), P.token(q.open)
    if close is not None:
        for w in doc[close.i + 1: min(hi, close.i + 13)]:
            if w.text in _SENT_END or w.text in MARKS or w.text == ";":
                break
            if is_cue(w):
                return w
            if w.tag_.startswith("VB") or w.tag_ == "MD":
                break
    if open_ is None:
        return None
    between: list[Any] = []
    for i in range(open_.i - 1, max(lo, open_.i - 26) - 1, -1):
        w = doc[i]
        if w.text in _SENT_END or w.text in MARKS:
            return None
        if is_cue(w):
            rest = [x for x in between if not x.is_space]
            last = rest[-1] if rest else None
            if last is not None and last.text == ":":
                return w
            core = [x for x in rest if x.text not in _BREAKS and x.lower_ not in _COMPLEMENTIZERS
                    and x.i > cue_tokens(w)[1]]
            if any(x.tag_.startswith("VB") or x.tag_ == "MD" for x in core):
                return None  # the quotation is part of a longer reported clause: mixed
            if not core or (last is not None and last.text == ",") or all(_adjunct(x, w) for x in core):
                return w
            return None
        between.insert(0, w)
    return None


_EDGE_PUNCT = frozenset({".", ",", ";", ":", "!", "?", "-", "--", "\u2013", "\u2014", "...", "\u2026", "(", ")"})


def _clause_chars(P: _Paragraph, a: int, b: int) -> tuple[int, int] | None:
    """Token range of a reported clause -> paragraph char range without the complementizer, a
    date the cue's clause lent it ("said Monday the fire ...") and the final punctuation."""
    doc = P.doc
    if a + 1 < b and doc[a].lower_ in ("on", "in") and doc[a + 1].lower_ in _TIME_WORDS:
        a += 2  # "said on Thursday it had ...": the date is the attribution's
    while a <= b and (doc[a].text in _EDGE_PUNCT or doc[a].is_space
                      # "that" first in a reported clause is the complementizer, even where the
                      # tagger reads a determiner ("said that revenue fell")
                      or doc[a].lower_ in _COMPLEMENTIZERS
                      or (doc[a].lower_ in _TIME_WORDS and doc[a].dep_ == "npadvmod" and a < b)):
        a += 1
    while b >= a and (doc[b].text in _EDGE_PUNCT or doc[b].is_space):
        b -= 1
    return (doc[a].idx, doc[b].idx + len(doc[b].text)) if a <= b else None


def _clause_end(P: _Paragraph, a: int, b: int, cue: Any) -> int:
    """Last token of a reported clause: before ", noting ...", ", according to ...", ", he said"."""
    doc = P.doc
    for i in range(a + 1, b):
        if doc[i].text not in _BREAKS:
            continue
        nxt = doc[i + 1]
        if nxt.i != cue.i and (is_cue(nxt) and (nxt.tag_ == "VBG" or nxt.lower_ == "according")
                               or nxt.lower_ in _SOURCE_PARTICIPLES):
            return i - 1
        if i + 2 <= b and doc[i + 2].i != cue.i and is_cue(doc[i + 2]) and nxt.tag_ in ("PRP", "NNP", "NN"):
            return i - 1
    return b


# participles with which the reporter gives a source or reason after a reported clause
_SOURCE_PARTICIPLES = frozenset({"citing", "blaming", "quoting", "referring"})
_SUBORDINATORS = frozenset({"as", "after", "while", "because", "since", "although", "though", "when"})


def _reported(P: _Paragraph, t: Any) -> list[tuple[int, int]]:
    """Paragraph char ranges of the clauses cue ``t`` reports (two for "said that X and that Y")."""
    case = _case(t)
    comp = next((c for c in (case or t).children if c.dep_ in ("ccomp", "acl") and c.tag_.startswith(("VB", "MD"))),
                None)
    if comp is None and case is not None:
        comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
    if comp is None:
        # verbless headline clauses parse as objects: "Minister says new line 'ready by 2025'",
        # "Samsung warns chip profits to fall 'significantly'": the dependents after the cue,
        # when they hold a quotation
        after = [c for c in t.children if c.i > t.i and (
            c.dep_ in ("dobj", "dep", "attr", "oprd", "xcomp")
            or c.dep_ == "advcl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children))]
        if after and any(w.text in MARKS for c in after for w in c.subtree):
            r = _clause_chars(P, after[0].left_edge.i, after[-1].right_edge.i)
            return [r] if r else []
        return _parenthetical(P, t)
    a, b = comp.left_edge.i, comp.right_edge.i
    if a <= t.i <= b:
        return []  # a parenthetical cue inside its own clause, or a misparse
    b = min(b, t.i - 1) if comp.i < t.i else _clause_end(P, a, b, t)
    # "that X and that Y": two reported clauses, each with its own complementizer
    second = next((c for c in comp.children if c.dep_ == "conj" and c.left_edge.i <= b
                   and any(m.dep_ == "mark" and m.lower_ in _COMPLEMENTIZERS for m in c.children)), None)
    if second is not None:
        cut = second.left_edge.i - 1
        while cut > a and (P.doc[cut].lower_ in ("and", "but", "or") or P.doc[cut].is_punct):
            cut -= 1
        return [r for r in (_clause_chars(P, a, cut), _clause_chars(P, second.left_edge.i, b)) if r]
    r = _clause_chars(P, a, b)
    return [r] if r else []


def _parenthetical(P: _Paragraph, t: Any) -> list[tuple[int, int]]:
    """``CLAUSE, Halvorsen said, after ...`` or ``CLAUSE, Jones told shareholders.``: the clause
    before the attribution, when the cue hangs from the clause's verb (parataxis, or a
    coordination without "and") with its own subject after a comma, and takes nothing after it
    but adverbials and an addressee ("the US added 28 more entities" is not an attribution)."""
    doc = P.doc
    subject = _subject(t)
    if subject is None or subject.i > t.i or t.dep_ not in ("parataxis", "ccomp", "conj") \
            or t.head.i > subject.left_edge.i:
        return []
    if t.dep_ == "conj" and any(c.dep_ == "cc" for c in t.head.children if c.i < t.i):
        return []
    ends_at_cue = t.i + 1 < len(doc) and doc[t.i + 1].text in _EDGE_PUNCT  # "..., he added, because ..."
    for c in t.children:
        if c.i > t.i and not ends_at_cue and not (
                c.dep_ in ("prep", "npadvmod", "advmod", "agent", "punct", "prt")
                or c.dep_ in ("dobj", "dative") and _lemma(t) in _ADDRESSEE):
            return []
    comma = subject.left_edge.i - 1
    if comma <= t.sent.start or doc[comma].text != ",":
        return []
    r = _clause_chars(P, t.sent.start, comma - 1)
    return [r] if r else []


def _according(P: _Paragraph, t: Any) -> list[tuple[int, int]]:
    """``According to X, CLAUSE.`` or ``CLAUSE, according to X.``: the clause's char range; a
    clause ending in a subordinate clause ("The deal comes as investment rose, according to X")
    reports only that clause."""
    doc = P.doc
    pobj = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
    if not pobj:
        return []
    sent, np_end = t.sent, pobj[0].right_edge.i
    first = sent.start
    while first < t.i and (doc[first].is_space or doc[first].is_punct):
        first += 1
    if first == t.i:
        r = _clause_chars(P, np_end + 1, sent.end - 1)
    elif any(not (w.is_punct or w.is_space) for w in doc[np_end + 1: sent.end]):
        return []  # "according to" inside a clause: the content would not be contiguous
    else:
        last = t.i - 1
        while last > first and doc[last].is_punct:
            last -= 1
        sub = next((c for c in doc[last].ancestors if c.dep_ == "advcl" and c.right_edge.i == last
                    and any(m.dep_ == "mark" and m.lower_ in _SUBORDINATORS for m in c.children)), None)
        if sub is not None and sub.left_edge.i > first:
            first = sub.left_edge.i + 1  # after the subordinator
        r = _clause_chars(P, first, t.i - 1)
    return [r] if r else []


def _starts_sentence(p: str, at: int) -> bool:
    before = p[:at].rstrip()
    return not before or before[-1] in _SENT_END or (before[-1] in MARKS and before[:-1].rstrip()[-1:] in ".!?,")


def _title_case(words: Sequence[str]) -> bool:
    return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL_WORDS for w in words)


def extract_paragraph(P: _Paragraph, earlier: Sequence[_Found], text: str) -> list[_Found]:
    """The quotes of one paragraph of document ``text``; ``earlier`` are the document's quotes so far."""
    p, doc = P.text, P.doc
    out: list[_Found] = []
    marks = quotations(p)

    # 1. quotation marks: attributed, continuation, nested; uncued ones decided after step 2
    for q in marks:
        cue = _attribution(P, q, 0, len(doc))
        a, b = trim_direct(p, *q.content)
        if a >= b:
            continue
        if cue is not None:
            f = P.found(a, b, "direct", cue)
            if f is not None:
                f.top = True
                out.append(f)
        else:
            last = next((f for f in reversed([*earlier, *out]) if f.top), None)
            if _starts_sentence(p, q.open) and last is not None and last.speaker:
                gap = text[last.end:P.base + q.open]
                # only the previous quote's attribution sentence (or a paragraph break) lies between
                if len(gap.split()) <= 40 and sum(gap.count(c) for c in _SENT_END) <= 1:
                    out.append(_Found(P.base + a, P.base + b, "direct", last.speaker, None, P.index,
                                      last.speaker_token, last.speaker_paragraph, top=True))
                    continue
            words = p[a:b].split()
            q.unattributed = len(words) >= MIN_UNATTRIBUTED_WORDS and not _title_case(words)
        open_, close = P.token(q.open), P.token(q.close)
        lo = open_.i + 1 if open_ is not None else 0
        hi = close.i if close is not None else len(doc)
        for inner in q.inner:
            icue = _attribution(P, inner, lo, hi)
            ia, ib = trim_direct(p, *inner.content)
            if icue is not None and lo <= icue.i < hi and ia < ib:
                f = P.found(ia, ib, "direct", icue)
                if f is not None:
                    out.append(f)

    # 2. reported speech: indirect, mixed (with quoted fragments), nested
    every = [s for q in marks for s in (q, *q.inner)]
    fragments: set[int] = set()
    for i in P.cue_candidates:
        t = doc[i]
        if not is_cue(t):
            continue
        clauses = _according(P, t) if t.lower_ == "according" else _reported(P, t)
        for a, b in clauses:
            inside: list[Quotation] = []
            for s in every:
                sa, sb = s.open, s.outer_end
                if sb <= a or sa >= b or sa <= t.idx < sb:
                    continue  # disjoint, or the cue is inside this quotation (nested speech)
                if a <= sa and sb <= b + 1 and not (sa <= a + 1 and sb >= b):
                    inside.append(s)
                    continue
                if a < sa and s.close is not None and sb > b and not p[b:s.close].strip(".,;:!? "):
                    inside.append(s)  # the fragment's final punctuation is inside its marks
                    continue
                break  # the clause is the quotation itself (a direct quote), or crosses it
            else:
                for s in inside:
                    fragments.add(s.open)
                    b = max(b, s.outer_end)
                f = P.found(a, b, "mixed" if inside else "indirect", t)
                if f is not None and f.speaker is not None:  # reported speech always names its source
                    out.append(f)

    # 3. uncued quotations that are not fragments of a mixed quote: unattributed
    for q in marks:
        if q.unattributed and q.open not in fragments:
            a, b = trim_direct(p, *q.content)
            out.append(_Found(P.base + a, P.base + b, "direct", None, None, P.index))
    # a direct quote found inside a fragment belongs to the mixed quote
    spans = [(P.base + s.content[0], P.base + s.content[1]) for s in every if s.open in fragments]
    out = [f for f in out if not (f.kind == "direct" and any(a <= f.start and f.end <= b for a, b in spans))]
    out.sort(key=lambda f: (f.start, -f.end))
    return out


# ---------------------------------------------------------------------------- speaker clusters
def snake(s: str) -> str:
    """Readable snake_case cluster id.

    >>> snake("Wilbur Ross"), snake("US companies"), snake("...")
    ('wilbur_ross', 'us_companies', 'speaker')
    """
    return re.sub(r"[^0-9a-z]+", "_", re.sub(r"['\u2019]s\b", "", s.lower())).strip("_") or "speaker"


def _strip_titles(run: list[Any]) -> list[Any]:
    k = 0
    for i, t in enumerate(run):
        if t.lower_ in _TITLES:
            k = i + 1
    return run[k:]


def _names(P: _Paragraph) -> Iterator[tuple[int, str]]:
    """Proper-name runs of a paragraph, titles and calendar words dropped: (doc offset, name)."""
    runs: list[list[Any]] = [[]]
    for i, proper in enumerate(P.proper):
        t = P.doc[i] if proper else None
        if t is not None and t.text[:1].isupper() and t.lower_ not in _CALENDAR:
            runs[-1].append(t)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        name = _strip_titles(run)
        if name:
            yield P.base + name[0].idx, " ".join(t.text for t in name)


def clusters(paragraphs: Sequence[_Paragraph], found: Sequence[_Found], text: str) -> list[str | None]:
    """One speaker cluster id per quote (see the module docstring)."""
    names = [n for P in paragraphs for n in _names(P)]
    longest: dict[str, str] = {}
    for _, name in names:
        key = name.split()[-1].lower()
        if len(name) > len(longest.get(key, "")):
            longest[key] = name
    out: list[str | None] = []
    last_named: str | None = None
    for f in found:
        if f.speaker is None:
            out.append(None)
            continue
        P = paragraphs[f.speaker_paragraph if f.speaker_paragraph is not None else f.paragraph]
        words = text[f.speaker[0]:f.speaker[1]]
        head = P.doc[f.speaker_token] if f.speaker_token is not None else None
        if head is not None and head.tag_ in ("NNP", "NNPS") and head.lower_ not in _CALENDAR:
            first, last = P.token(f.speaker[0] - P.base), P.token(f.speaker[1] - 1 - P.base)
            end = head.i
            while last is not None and end < last.i and P.doc[end + 1].tag_ in ("NNP", "NNPS"):
                end += 1  # "Telstra CEO Andy Penn" parsed with "CEO" as the head
            run = list(P.doc[first.i if first is not None else head.i: end + 1])
            k = len(run)
            while k > 0 and run[k - 1].tag_ in ("NNP", "NNPS"):
                k -= 1
            name = _strip_titles(run[k:]) or run[-1:]
            cluster = snake(longest.get(name[-1].lower_, " ".join(t.text for t in name)))
            last_named = cluster
        elif words.lower() in _PRONOUNS:
            before = [n for off, n in names if off < f.speaker[0]]
            cluster = last_named or (snake(longest[before[-1].split()[-1].lower()]) if before else snake(words))
        else:
            cluster = snake(words)
        out.append(cluster)
    return out


# ---------------------------------------------------------------------------- the system
def _length(parsed: Any) -> int:
    """Characters of the text a spaCy Doc was made from (without rebuilding the text)."""
    if not len(parsed):
        return 0
    last = parsed[-1]
    return last.idx + len(last.text_with_ws)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """``(offset, paragraph)`` for each non-blank paragraph (paragraphs are separated by a blank line).

    >>> paragraphs("Head\\n\\nBody one.\\n\\n\\n\\nBody two.")
    [(0, 'Head'), (6, 'Body one.'), (19, 'Body two.')]
    """
    out, pos = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            out.append((pos, part))
        pos += len(part) + 2
    return out


def quotes_of(text: str, parsed: Sequence[tuple[int, Any]]) -> tuple[Quote, ...]:
    """The quotes of a document from the spaCy parses of its paragraphs ``(offset, Doc)``."""
    ps = [_Paragraph(text[base:base + _length(d)], d, base, k)
          for k, (base, d) in enumerate(parsed)]
    found: list[_Found] = []
    for P in ps:
        found.extend(extract_paragraph(P, found, text))
    out = []
    for k, (f, cluster) in enumerate(zip(found, clusters(ps, found, text)), 1):
        out.append(Quote(id=f"q{k}", start=f.start, end=f.end, text=text[f.start:f.end], kind=f.kind,
                         speaker=None if f.speaker is None else Span(start=f.speaker[0], end=f.speaker[1],
                                                                     text=text[f.speaker[0]:f.speaker[1]]),
                         speaker_cluster=cluster,
                         cue=None if f.cue is None else Span(start=f.cue[0], end=f.cue[1], text=text[f.cue[0]:f.cue[1]])))
    return tuple(out)


class RulesQuotes(System):
    """Quotation marks, speech cues and reported speech over a dependency parse."""

    name = "rules-quotes"
    layers = frozenset({"quotes"})

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        self.nlp = nlp_loader.load(model, ("tagger", "parser"))
        self.model = model or nlp_loader.default_model()
        self.batch_size = batch_size

    def describe(self) -> str:
        return f"quote rules over the {self.model} parser"

    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        docs: list[Document] = []

        def stream() -> Iterator[tuple[str, tuple[int, int]]]:
            for doc in documents:
                docs.append(doc)
                # every document contributes at least one (maybe empty) paragraph, so none is lost
                for base, part in paragraphs(doc.text) or [(0, "")]:
                    yield part, (len(docs) - 1, base)

        parsed = self.nlp.pipe(stream(), as_tuples=True, batch_size=self.batch_size)
        for k, group in groupby(parsed, key=lambda item: item[1][0]):
            doc = docs[k]
            yield DocPrediction(id=doc.id, quotes=quotes_of(doc.text, [(base, d) for d, (_, base) in group]))
            docs[k] = None  # type: ignore[call-overload]  # let a long stream free what it has scored
