"""The Label Studio labeling config, generated from the label sets of :mod:`newsfacts.model`.

One ``<Text>`` holds the canonical text; three ``<Labels>`` controls draw its regions:

* ``entity``: the entity labels (``PERSON`` ... ``LANGUAGE``);
* ``quote``: ``QUOTE`` (the content, without quotation marks), ``SPEAKER`` and ``CUE``;
* ``numeric``: the numeric kinds (``CARDINAL`` ... ``TIME``) and ``MEASURED``.

``<Relations>`` link a quote to its speaker and cue and a numeric fact to what it measures.
Per-region controls appear above the text when a region is selected, and only for the regions
they belong to (``whenLabelValue``):
``cluster`` (text) for entity mentions and speakers, ``kind`` (choices) for quotes, ``bound``
(choices), ``value`` (number), ``normalized`` and ``unit`` (text) for numeric facts. The
per-document ``clusters`` text area holds one line per cluster: ``id | LABEL | name | alias | ...``.

The control names below are the contract with :mod:`newsfacts.labelstudio.convert`.

>>> xml = labeling_config()
>>> xml.startswith("<View>") and xml.count('<Label value="PERSON"') == 1
True
>>> import xml.etree.ElementTree as ET
>>> sorted(c.get("name") for c in ET.fromstring(xml).iter() if c.get("perRegion") == "true")
['bound', 'cluster', 'kind', 'normalized', 'unit', 'value']
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..model import BOUNDS, ENTITY_LABELS, NUMERIC_KINDS, QUOTE_KINDS, TEMPORAL_KINDS

TEXT = "text"  # the <Text> tag every region points to (``to_name``)
ENTITY, QUOTE_CONTROL, NUMERIC = "entity", "quote", "numeric"  # the three <Labels> controls
QUOTE, SPEAKER, CUE, MEASURED = "QUOTE", "SPEAKER", "CUE", "MEASURED"
CLUSTER, KIND, BOUND, VALUE, NORMALIZED, UNIT = "cluster", "kind", "bound", "value", "normalized", "unit"
CLUSTERS = "clusters"  # the per-document text area: one line per cluster
RELATIONS = ("speaker", "cue", "measured")
CLUSTER_LINE = "id | LABEL | name | alias | alias ..."

# Region labels by control, in the order the config lists them.
LABELS: dict[str, tuple[str, ...]] = {
    ENTITY: ENTITY_LABELS,
    QUOTE_CONTROL: (QUOTE, SPEAKER, CUE),
    NUMERIC: (*NUMERIC_KINDS, MEASURED),
}

# Colours that stay apart on a white page (entities warm/cool, quotes green, numbers blue).
_ENTITY_COLOURS = ("#e6194b", "#f58231", "#9a6324", "#911eb4", "#3cb44b", "#008080", "#f032e6",
                   "#808000", "#800000", "#000075", "#a9a9a9")
_QUOTE_COLOURS = {QUOTE: "#aaffc3", SPEAKER: "#ffd8b1", CUE: "#fffac8"}
_NUMERIC_COLOUR, _MEASURED_COLOUR = "#4363d8", "#dcbeff"


def _colour(control: str, label: str, index: int) -> str:
    if control == ENTITY:
        return _ENTITY_COLOURS[index % len(_ENTITY_COLOURS)]
    if control == QUOTE_CONTROL:
        return _QUOTE_COLOURS[label]
    return _MEASURED_COLOUR if label == MEASURED else _NUMERIC_COLOUR


def labeling_config() -> str:
    """The labeling config (XML) for a NewsFacts project.

    Returns
    -------
    str
        XML that Label Studio accepts as a project's ``label_config``.

    Examples
    --------
    >>> 'name="clusters"' in labeling_config()
    True
    """
    a = quoteattr
    numeric_kinds = ",".join(NUMERIC_KINDS)
    numbers = ",".join(k for k in NUMERIC_KINDS if k not in TEMPORAL_KINDS)
    lines = ["<View>",
             '  <Header value="$title" size="4"/>',
             '  <Header value="$published_at" size="6"/>']
    for control, labels in LABELS.items():
        lines.append(f'  <Labels name="{control}" toName="{TEXT}" showInline="true">')
        lines += [f"    <Label value={a(label)} background={a(_colour(control, label, i))}/>"
                  for i, label in enumerate(labels)]
        lines.append("  </Labels>")
    lines += ["  <Relations>", *(f'    <Relation value="{r}"/>' for r in RELATIONS), "  </Relations>",
              '  <View visibleWhen="region-selected">',
              f'    <TextArea name="{CLUSTER}" toName="{TEXT}" perRegion="true" editable="true" '
              f'maxSubmissions="1" whenLabelValue={a(",".join((*ENTITY_LABELS, SPEAKER)))} '
              'placeholder="cluster id (e.g. wilbur_ross)"/>',
              f'    <Choices name="{KIND}" toName="{TEXT}" perRegion="true" whenLabelValue="{QUOTE}" '
              'choice="single-radio" showInline="true">',
              *(f"      <Choice value={a(k)}/>" for k in QUOTE_KINDS), "    </Choices>",
              f'    <Choices name="{BOUND}" toName="{TEXT}" perRegion="true" whenLabelValue={a(numeric_kinds)} '
              'choice="single-radio" showInline="true">',
              *(f"      <Choice value={a(b)}/>" for b in BOUNDS), "    </Choices>",
              f'    <Number name="{VALUE}" toName="{TEXT}" perRegion="true" whenLabelValue={a(numbers)}/>',
              f'    <TextArea name="{NORMALIZED}" toName="{TEXT}" perRegion="true" editable="true" '
              f'maxSubmissions="1" whenLabelValue={a(numeric_kinds)} '
              'placeholder="normalized: 2019-11-03 for dates, 260 for numbers"/>',
              f'    <TextArea name="{UNIT}" toName="{TEXT}" perRegion="true" editable="true" '
              f'maxSubmissions="1" whenLabelValue={a(numeric_kinds)} placeholder="unit (USD, %, km ...)"/>',
              "  </View>",
              f'  <Text name="{TEXT}" value="$text"/>',
              '  <Header value="Clusters: one line each, id | LABEL | name | alias | ..." size="6"/>',
              f'  <TextArea name="{CLUSTERS}" toName="{TEXT}" editable="true" rows="2" '
              f'placeholder={a(CLUSTER_LINE)}/>',
              "</View>"]
    return "\n".join(lines) + "\n"
