"""The dataset card (``README.md`` of a built folder): YAML metadata, then the text.

The YAML front matter is what the Hub and ``datasets.load_dataset`` read: ``configs`` names the
data files of the ``test`` split and ``dataset_info`` carries the exact features (written by
``datasets``' own serializer, the same path ``push_to_hub`` takes, so they load back
identically). The text below it follows the Hub's dataset-card sections. Everything in it comes
from the arguments: no date, host name or absolute path, so a rebuild is byte-identical.

Licensing (decided here, documented in docs/dataset.md): the annotations are CC BY 4.0, the
code is MIT (not part of the folder), and the article texts belong to their publishers; the
card says so, and the YAML says ``license: other`` rather than claiming one license for all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..model import BOUNDS, ENTITY_LABELS, NUMERIC_KINDS, QUOTE_KINDS
from .stats import Stats

if TYPE_CHECKING:
    import datasets

# Notes of the field table, mirroring the Document record (docs/dataset.md).
FIELD_NOTES: dict[str, str] = {
    "id": "seed file stem; `[A-Za-z0-9_.-]+` only",
    "title": "headline, from the seed header",
    "url": "link to the original article",
    "source": "site name of the original article",
    "author": "byline, from the seed header",
    "published_at": "ISO 8601 date-time, kept as a string (not a timestamp)",
    "text": "canonical text: headline, dek and body paragraphs separated by blank lines "
            "(Unicode NFC, Unicode spaces to U+0020, indentation and trailing spaces removed)",
    "entities": "named-entity mentions; `label` one of " + ", ".join(ENTITY_LABELS)
                + " (OntoNotes names); `cluster` = id of the mention's discourse entity in `clusters`",
    "clusters": "one per discourse entity: canonical `name`, `label`, other names in `aliases`; speakers "
                "that are not named mentions (\"US companies\") get one too",
    "quotes": "`kind` one of " + ", ".join(QUOTE_KINDS) + "; the span is the content without the "
              "enclosing quotation marks; `speaker` and `cue` are spans or null; `speaker_cluster` is the "
              "speaker's id in `clusters` (null with a null speaker)",
    "numeric_facts": "`kind` one of " + ", ".join(NUMERIC_KINDS) + "; `value` float or null (null for "
                     "DATE and TIME); `normalized` ISO 8601 for DATE/TIME (\"2019-11-03\", \"2019-11\"), "
                     "a decimal string otherwise; `bound` one of " + ", ".join(BOUNDS)
                     + "; `unit` string or null; `measured` the span of what is counted, or null",
}


def read_agreement(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The JSON of ``newsfacts labelstudio agreement --json``, checked before a build uses it.

    Raises InputError naming the file and field of the first thing the card cannot state:
    ``documents`` a count, ``pairs`` a list, ``overall`` an object of numbers (or null).
    """
    from ..errors import InputError
    from ..jsonio import decode, read_bytes

    data = decode(read_bytes(path), dict, file=path)
    documents, overall = data.get("documents"), data.get("overall")
    if not isinstance(overall, dict) or not isinstance(documents, int):
        raise InputError("expected the JSON of 'newsfacts labelstudio agreement --json' "
                         "(with 'documents' and 'overall')", file=path)
    if isinstance(documents, bool) or documents < 0:
        raise InputError(f"expected a count of documents (0 or more), got {documents!r}", file=path, field="documents")
    if not isinstance(data.get("pairs", []), list):
        raise InputError("expected a list", file=path, field="pairs")
    for name, value in overall.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise InputError(f"expected a number or null, got {value!r}", file=path, field=f"overall.{name}")
    return data


def _measured(agreement: Mapping[str, Any] | None) -> bool:
    return bool(agreement) and bool(agreement.get("documents"))


def agreement_text(agreement: Mapping[str, Any] | None) -> str:
    """The card's agreement paragraph: the overall figures of ``newsfacts labelstudio agreement``.

    >>> print(agreement_text(None).splitlines()[0])
    **Agreement: not yet measured.** There is a single annotator so far. Articles annotated by
    >>> text = agreement_text({"documents": 2, "pairs": [{}, {}, {}], "overall": {"entities.strict_f1": 0.9}})
    >>> "| entities.strict_f1 | 0.900 |" in text
    True
    """
    if not _measured(agreement):
        return ("**Agreement: not yet measured.** There is a single annotator so far. Articles annotated by\n"
                "several people in Label Studio are measured with `newsfacts labelstudio agreement` (span F1 per\n"
                "layer, speaker, value and date agreement, Cohen's kappa on token labels, with the scorer itself).")
    pairs = len(agreement.get("pairs") or [])
    rows = "\n".join(f"| {name} | {'n/a' if value is None else f'{value:.3f}'} |"
                      for name, value in (agreement.get("overall") or {}).items())
    return (f"**Agreement**, measured with `newsfacts labelstudio agreement` on the {agreement['documents']:,} "
            f"article(s) that two or more people annotated in Label Studio ({pairs:,} pair(s) of annotations; "
            "span F1 per layer with the NewsFacts scorer, one annotation as reference; Cohen's kappa on "
            "token labels):\n\n| figure | overall |\n|---|---|\n" + rows)


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` bucket for ``n`` rows.

    >>> [size_category(n) for n in (1, 999, 1000, 10_000, 2_000_000)]
    ['n<1K', 'n<1K', '1K<n<10K', '10K<n<100K', '1M<n<10M']
    """
    buckets = ((10**3, "n<1K"), (10**4, "1K<n<10K"), (10**5, "10K<n<100K"), (10**6, "100K<n<1M"),
               (10**7, "1M<n<10M"), (10**8, "10M<n<100M"), (10**9, "100M<n<1B"))
    return next((name for limit, name in buckets if n < limit), "n>1T")


def card_metadata(*, features: datasets.Features, num_examples: int, num_bytes: int, download_size: int,
                  split: str, data_pattern: str) -> str:
    """The YAML front matter (without the ``---`` lines)."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    card_data = DatasetCardData(
        language=["en"],
        license="other",
        license_name="newsfacts-annotations-cc-by-4.0-text-publishers",
        license_link="README.md",
        annotations_creators=["expert-generated"],
        language_creators=["found"],
        multilinguality=["monolingual"],
        size_categories=[size_category(num_examples)],
        source_datasets=["original"],
        task_categories=["token-classification"],
        task_ids=["named-entity-recognition"],
        pretty_name="NewsFacts",
        tags=["information-extraction", "coreference-resolution", "quotation-attribution", "numeric-facts",
              "news", "benchmark"],
        configs=[{"config_name": "default", "data_files": [{"split": split, "path": data_pattern}]}],
    )
    splits = SplitDict()
    splits.add(SplitInfo(name=split, num_bytes=num_bytes, num_examples=num_examples))
    info = DatasetInfo(features=features, splits=splits, download_size=download_size, dataset_size=num_bytes)
    DatasetInfosDict({"default": info}).to_dataset_card_data(card_data)
    return card_data.to_yaml()


def writer_versions() -> dict[str, str]:
    """The versions of the libraries whose output is in the folder's bytes: pyarrow writes the
    Parquet file, ``datasets`` and ``huggingface_hub`` the card's YAML.

    >>> sorted(writer_versions())
    ['datasets', 'huggingface_hub', 'newsfacts', 'pyarrow']
    """
    import datasets
    import huggingface_hub
    import pyarrow

    return {"newsfacts": __version__, "pyarrow": pyarrow.__version__, "datasets": datasets.__version__,
            "huggingface_hub": huggingface_hub.__version__}


def render_card(stats: Stats, *, features: datasets.Features, field_types: Sequence[tuple[str, str]],
                split: str, data_file: str, data_pattern: str, num_bytes: int, download_size: int,
                marker: str, agreement: Mapping[str, Any] | None = None) -> str:
    """The whole card: front matter, ``marker`` (an HTML comment), then the text sections.

    ``field_types`` are ``(column, type in words)`` in column order; ``num_bytes`` is the Arrow
    size of the rows and ``download_size`` the size of the data file, as ``datasets`` records them.
    The card records the versions of :func:`writer_versions`: a rebuild is byte-identical for
    the same versions. ``agreement`` is what ``newsfacts labelstudio agreement --json`` writes;
    when it covers at least one document, the card states its overall figures instead of "not
    yet measured".
    """
    versions = writer_versions()
    yaml = card_metadata(features=features, num_examples=stats.documents, num_bytes=num_bytes,
                         download_size=download_size, split=split, data_pattern=data_pattern)
    n = stats.documents
    articles = f"{n:,} article{'s' * (n != 1)}"
    sources = ", ".join(f"{k} ({v:,})" for k, v in stats.sources.items())
    field_rows = "\n".join(f"| `{name}` | {kind} | {FIELD_NOTES.get(name, '')} |" for name, kind in field_types)
    return f"""---
{yaml}
---

{marker}

# NewsFacts

## Dataset summary

NewsFacts is a benchmark for information extraction from news articles. Each row is one
article with three gold annotation layers on the same text:

- **entities**: named-entity mentions with OntoNotes labels and a coreference cluster id, plus
  the clusters (discourse entities) themselves;
- **quotes**: direct, indirect and mixed quotations with their speaker, speaker cluster and cue
  (the verb or phrase that introduces them);
- **numeric facts**: numbers and dates with a normalized value, a bound (exact, approx,
  more_than, ...), a unit and the span they measure ("260 requests for the licences" is value
  260, bound exact, measured "requests for the licences").

The whole benchmark is the `{split}` split ({articles}). It is meant for evaluating extraction
systems, not for training them; the NewsFacts scorer (`newsfacts score`) reads this folder
directly.

## How to load

```python
from datasets import load_dataset

ds = load_dataset("path/to/dir", split="{split}")  # this folder, or its Hub repository id
doc = ds[0]
for e in doc["entities"]:
    assert doc["text"][e["start"]:e["end"]] == e["text"]
```

Offline, set `HF_HUB_OFFLINE=1`. Entity labels and kinds are plain strings (OntoNotes names),
so an OntoNotes NER system is scored without a label map. Without `datasets`, read
`{data_file}` with any Parquet reader; `newsfacts.dataset.hub.read_folder(dir)` of the NewsFacts
package returns the rows as typed records.

## Fields

All offsets are Python `str` code-point offsets into `text`, half-open `[start, end)`, and
`text[start:end] == span.text` holds for every span. Spans (`speaker`, `cue`, `measured`) are
`{{start, end, text}}` structs or null.

| field | type | notes |
|---|---|---|
{field_rows}

## Annotation process

The gold was annotated by one annotator following the NewsFacts guidelines
(`annotations/GUIDELINES.md` in the NewsFacts repository) and is kept there as stand-off JSON,
one `annotations/<id>.json` per article, pinned to the SHA-256 of the canonical text so that a
change of text parsing cannot silently misalign offsets. Before a build, every file passes
`newsfacts validate`: offsets in range and equal to the text slice, closed label sets, no
overlapping entity or numeric spans, every mention in an existing cluster of the same label,
speakers consistent with their clusters, ISO 8601 dates, decimal values.

{agreement_text(agreement)}

## Counts

{stats.to_markdown()}

## Limitations

- **Size**: {articles} so far. The figures above describe the whole benchmark, which is far too
  small for stable system rankings; bootstrap confidence intervals over documents are wide (and
  degenerate with a single document).
{"- **One annotator**, no agreement figures yet (see above)." if not _measured(agreement) else
   "- **Agreement** is measured on the articles that several people annotated, not on all (see above)."}
- **English only**, news from {len(stats.sources)} source{'s' * (len(stats.sources) != 1)}
  ({", ".join(stats.sources)}), on few topics.
- **Dates** such as "on Sunday" or "last month" are normalized against the article's
  publication time (`published_at`), not against the time of the event or of reading.
- Entity labels and numeric kinds follow OntoNotes; quotes, clusters, bounds and measured
  spans follow the NewsFacts guidelines, which no other corpus shares yet.

## Source and license

- **Annotations** (entities, clusters, quotes, numeric facts and their normalized values):
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), by the NewsFacts maintainers:
  share and adapt them for any purpose, crediting "NewsFacts maintainers" and linking the
  license.
- **Code** (seed parsing, validation, this build, the scorer): MIT, in the NewsFacts repository;
  no code is part of this folder.
- **Article texts** (`title`, `text`, `author` and the other header fields) belong to their
  publishers: {sources}. They are reproduced unchanged apart from whitespace normalization,
  because the offsets must be checkable against them, for research and evaluation only. The
  NewsFacts maintainers hold no license for them, and the CC BY 4.0 license of the annotations
  does not extend to them; whether your use is permitted is for you to judge under the law that
  applies to you. Each row links the original in `url`. A publisher or author who wants an
  article removed can ask in the NewsFacts repository, and it will be removed.

## Reproducibility

This folder was written by `newsfacts build` (NewsFacts {versions["newsfacts"]}) with pyarrow
{versions["pyarrow"]}, which wrote `{data_file}`, and datasets {versions["datasets"]} with
huggingface_hub {versions["huggingface_hub"]}, which wrote the YAML above. Rebuilding the same
gold with the same versions gives the same bytes (rows sorted by id, fixed Parquet writer
options, nothing in the card that depends on the date, the host or the paths). Another pyarrow
version writes the same rows and features but may write other bytes.

## Citation

""" + CITATION


CITATION = f"""```bibtex
@misc{{newsfacts,
  title        = {{{{NewsFacts}}: a gold-annotated news benchmark for entities, quotes and numeric facts}},
  author       = {{{{NewsFacts maintainers}}}},
  howpublished = {{Hugging Face Hub dataset}},
  note         = {{Version {__version__}}},
}}
```
"""
