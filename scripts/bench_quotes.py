#!/usr/bin/env python3
"""Speed of ``rules-quotes`` against the spaCy pipeline it relies on, side by side in one run.

    .venv/bin/python scripts/bench_quotes.py [--docs 300] [--repeat 2] [--model NAME]

The quote rules run over spaCy's tagger and parser (no NER, no lemmatizer). The goal is that
they add at most 25% to that pipeline's own time: the peer is ``nlp.pipe`` with the same
components over the same paragraphs (the system parses paragraph by paragraph), and ours is
``RulesQuotes.predict`` over the documents (parse + rules + records). As the difference of two
timings on a shared machine is noisy, the rules are also timed alone over parses made once:
their time over the pipeline's is the overhead without the noise of a second parse. The documents are the
synthetic seed-length news texts of ``bench_systems.py`` (quotations, reported speech and
attributions included). CPU time of this process, best of ``--repeat``, the two sides
interleaved so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmark"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_systems import synthetic  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the systems' default)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from newsfacts.dataset.gold import load_documents
    from newsfacts.systems.rules_quotes import RulesQuotes, paragraphs, quotes_of

    seed_length = max(len(d.text) for d in load_documents())
    docs = synthetic(args.docs, seed_length)
    system = RulesQuotes(model=args.model)
    nlp = system.nlp  # the very pipeline the system uses (tagger and parser only)
    parts = [p for d in docs for _, p in paragraphs(d.text)]
    pipe_times, ours_times = [], []
    quotes = 0
    for _ in range(args.repeat):
        t = time.process_time()
        for _doc in nlp.pipe(parts, batch_size=system.batch_size):
            pass
        pipe_times.append(time.process_time() - t)
        t = time.process_time()
        quotes = sum(len(p.quotes) for p in system.predict(docs))
        ours_times.append(time.process_time() - t)
    pipe, ours = min(pipe_times), min(ours_times)
    parsed = []
    for d in docs:
        spans = paragraphs(d.text)
        parsed.append((d.text, list(zip((b for b, _ in spans), nlp.pipe([p for _, p in spans])))))
    rules_times = []
    for _ in range(args.repeat):
        t = time.process_time()
        for text, parses in parsed:
            quotes_of(text, parses)
        rules_times.append(time.process_time() - t)
    rules = min(rules_times)
    print(f"{len(docs):,} synthetic documents of {seed_length:,} characters; {quotes:,} quotes found")
    print(f"spaCy {system.model}, components {nlp.pipe_names}; CPU seconds, best of {args.repeat}")
    print(f"  nlp.pipe (peer)        {pipe:8.2f} s  {len(docs) / pipe:7.1f} docs/s")
    print(f"  rules-quotes           {ours:8.2f} s  {len(docs) / ours:7.1f} docs/s")
    print(f"  overhead               {100 * (ours / pipe - 1):+7.1f} %   (goal: at most +25 %)")
    print(f"  rules alone            {rules:8.2f} s  = {100 * rules / pipe:5.1f} % of nlp.pipe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
