#!/usr/bin/env python3
"""Speed of the systems, measured side by side in one run on synthetic news documents.

    .venv/bin/python scripts/bench_systems.py [--docs 1000] [--model NAME]

1. ``newsfacts run spacy`` (the Python API behind it: read the dataset, NER, the number rules on
   every numeric span, the predictions file written) against spaCy's own ``nlp.pipe`` over the
   same texts with the same pipeline (NER only). Goal: at most 25% more time.
2. ``rules-numbers`` documents per second on one core (goal: at least 200), next to its peers
   quantulum3 and dateparser on the same documents; measured in CPU time of this process, so
   other work on a shared machine does not count against it.

The documents are generated from sentence templates (names, amounts, percentages, dates,
quotations) until each is as long as the bundled seed article, with a fixed random seed. Each
timing is the best of ``--repeat`` runs, the spaCy pair interleaved, so a busy machine slows
both sides alike; the spaCy pair is shown in wall-clock and in CPU seconds of this process (the
latter does not move with other work on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmark"))

from newsfacts.model import Document, to_json  # noqa: E402

NAMES = ["Wilbur Ross", "Angela Merkel", "Tim Cook", "Jane Doe", "Satya Nadella", "Mary Barra"]
ORGS = ["Huawei", "Acme Corp", "the European Commission", "Bloomberg", "Toyota", "the World Bank"]
PLACES = ["China", "Germany", "Paris", "Southeast Asia", "Texas", "Brazil"]
TEMPLATES = [
    "{org} said on {weekday} it had raised ${amount} million in a funding round.",
    "Over {n} companies in {place} have been added to the list since {month}.",
    "\"We are in good shape,\" {name} said, adding that about {pct} percent of orders were delayed.",
    "{name} told reporters last month that the plan would cost roughly ${amount} billion.",
    "The {place} government has received {n} requests for licences, {name} noted.",
    "Revenue at {org} rose {pct}% in the third quarter, to {amount} million euros.",
    "Up to {n} workers could lose their jobs by the end of this month, according to {org}.",
    "In late {month}, {name} argued that tariffs on goods from {place} would hurt consumers.",
    "The bridge, {n} km long, will be finished next year, {org} said in a statement.",
    "{org} shares fell {pct} percent on {weekday} after {name} resigned.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday"]
MONTHS = ["January", "March", "May", "August", "October", "December"]


def synthetic(n: int, length: int, seed: int = 0) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for k in range(n):
        paragraphs, size = [], 0
        while size < length:
            sentence = rng.choice(TEMPLATES).format(
                org=rng.choice(ORGS), name=rng.choice(NAMES), place=rng.choice(PLACES),
                weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS), n=rng.randint(2, 900),
                amount=f"{rng.randint(1, 99)}.{rng.randint(1, 9)}", pct=rng.randint(2, 60))
            sentence = sentence[0].upper() + sentence[1:]
            paragraphs.append(sentence)
            size += len(sentence) + 1
        text = " ".join(paragraphs)
        docs.append(Document(id=f"syn{k:05d}", title=paragraphs[0], url="", source="synthetic", author="",
                             published_at="2021-03-10T09:00:00+00:00", text=text))
    return docs


def best_cpu(fn, repeat: int) -> float:
    """Best CPU time of this process over ``repeat`` calls: "one core" on a machine others share."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the systems' default)")
    ap.add_argument("--peer-docs", type=int, default=200, help="documents for the slower peers (default 200)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from newsfacts.dataset.gold import load_documents
    from newsfacts.systems import nlp as nlp_loader
    from newsfacts.systems import registry
    from newsfacts.systems.runner import run

    seed_length = max(len(d.text) for d in load_documents())
    docs = synthetic(args.docs, seed_length)
    texts = [d.text for d in docs]
    tmp = Path(tempfile.mkdtemp(prefix="bench-systems-"))
    dataset = tmp / "synthetic.jsonl"
    dataset.write_text("".join(to_json(d) + "\n" for d in docs), encoding="utf-8")
    print(f"{len(docs):,} synthetic documents of {seed_length:,} characters (the seed's length)")

    nlp = nlp_loader.load(args.model, ("ner",))   # loaded once: both sides use the same pipeline
    model = args.model or nlp_loader.default_model()
    # (wall, CPU) seconds of each side, best of --repeat, interleaved
    pipe_times, run_times = [], []
    for _ in range(args.repeat):
        w, c = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        pipe_times.append((time.perf_counter() - w, time.process_time() - c))
        w, c = time.perf_counter(), time.process_time()
        run("spacy", tmp / "spacy.jsonl", dataset=dataset, model=args.model, progress=False)
        run_times.append((time.perf_counter() - w, time.process_time() - c))
    print(f"\nspaCy ({model}, components {nlp.pipe_names})")
    print(f"  {'':<28}{'wall s':>9}{'docs/s':>9}{'CPU s':>9}")
    for label, times in (("nlp.pipe", pipe_times), ("newsfacts run spacy", run_times)):
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        print(f"  {label:<28}{wall:9.2f}{len(docs) / wall:9.1f}{cpu:9.2f}")
    for k, name in ((0, "wall"), (1, "CPU")):
        pipe, ours = min(t[k] for t in pipe_times), min(t[k] for t in run_times)
        print(f"  overhead ({name}){'':<17}{100 * (ours / pipe - 1):+8.1f} %   (goal: at most +25 %)")

    print("\nnumeric systems, one process, CPU seconds")
    rates = {}
    for name, n in (("rules-numbers", len(docs)), ("quantulum3", args.peer_docs), ("dateparser", args.peer_docs)):
        reason = registry.entry(name).missing()
        if reason:
            print(f"  {name:<14} skipped: {reason}")
            continue
        system = registry.get(name)
        subset = docs[:n]
        seconds = best_cpu(lambda: list(system.predict(subset)), args.repeat)
        rates[name] = n / seconds
        print(f"  {name:<14} {n:6,} docs {seconds:8.2f} s  {rates[name]:8.1f} docs/s")
    if "rules-numbers" in rates:
        print(f"  rules-numbers: goal at least 200 docs/s -> {'met' if rates['rules-numbers'] >= 200 else 'NOT met'}")
        for peer in ("quantulum3", "dateparser"):
            if peer in rates:
                print(f"  rules-numbers / {peer}: {rates['rules-numbers'] / rates[peer]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
