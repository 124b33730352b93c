"""The ``newsfacts`` command: a thin shell over the Python API.

Each command parses its arguments, calls one API function and prints what it returns. Errors
from below arrive as :class:`~benchmark.errors.NewsFactsError`; this module alone prints them
and picks the exit status: 0 success, 1 validation found problems, 2 unusable input.
Heavy libraries are imported inside the command that needs them, so ``newsfacts score``
does not pay for ``datasets`` at start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import NewsFactsError

MAX_LISTED = 50  # problems printed by commands other than validate


def _err(message: str) -> None:
    print(f"newsfacts: error: {message}", file=sys.stderr)


def _gold_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, action="append", metavar="DIR",
                   help="seed directory or file (repeatable; default: the bundled seeds/)")
    p.add_argument("--annotations", type=Path, metavar="DIR",
                   help="gold annotation directory (default: the bundled annotations/)")


def cmd_validate(args: argparse.Namespace) -> int:
    from .gold import read_gold

    report = read_gold(args.seeds, args.annotations)
    for e in report.errors:
        print(f"error: {e}")
    for p in report.problems:
        print(f"problem: {p}")
    n_docs = len(report.documents)
    if report.errors:
        print(f"{len(report.errors)} unusable file(s), {len(report.problems)} problem(s); "
              f"{n_docs} of {report.seeds} seed(s) valid", file=sys.stderr)
        return 2
    if report.problems:
        print(f"{len(report.problems)} problem(s); {n_docs} of {report.seeds} seed(s) valid", file=sys.stderr)
        return 1
    items = sum(len(d.entities) + len(d.quotes) + len(d.numeric_facts) for d in report.documents)
    print(f"ok: {n_docs} document(s), {items} gold item(s), every check passed")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .gold import load_documents
    from .hub import build

    documents = load_documents(args.seeds, args.annotations)
    result = build(documents, args.out)
    print(result.summary())
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .sources import load_gold
    from .stats import compute

    gold = load_gold(args.dataset)
    stats = compute(gold.documents)
    if args.json:
        from .jsonio import atomic_write
        atomic_write(args.json, stats.to_json())
    print(stats.to_table())
    return 0


def _score_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", metavar="SRC",
                   help="Hub-format folder, Hub dataset id, or .jsonl of document records "
                        "(default: the bundled benchmark)")
    p.add_argument("--label-map", type=Path, metavar="FILE",
                   help="JSON object mapping predicted labels to NewsFacts labels (see README)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples over documents for confidence intervals (default 1000; 0 = off)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0)")
    p.add_argument("--rtol", type=float, default=1e-6,
                   help="relative tolerance for numeric values (default 1e-6)")
    p.add_argument("--fuzzy-threshold", type=float, default=None, metavar="X",
                   help="minimum similarity (0..1) for fuzzy alignment of offset-free items")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes to score with, forked, each taking a chunk of the predictions (POSIX; "
                        "default: one per 8 MB of predictions, up to the CPUs; 1: this process only). "
                        "The Python API's score() and compare() default to 1")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the results JSON here")


def cmd_score(args: argparse.Namespace) -> int:
    from .scoring import run_score

    return run_score(args)


def cmd_compare(args: argparse.Namespace) -> int:
    from .scoring import run_compare

    return run_compare(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="NewsFacts: gold-annotated news benchmark and scorer for entities, quotes and numeric facts.")
    parser.add_argument("--version", action="version", version=f"newsfacts {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check seeds and gold: every rule, every error with file and field")
    _gold_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="build the Hugging Face Hub-format dataset folder")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    _gold_args(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("stats", help="counts per layer, label and kind")
    p.add_argument("--dataset", metavar="SRC", help="dataset source (default: the bundled benchmark)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the counts as JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("score", help="score a system's predictions (JSON Lines) against the gold")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl")
    p.add_argument("--system", help="system name for the report (default: the file name)")
    p.add_argument("--errors", action="store_true",
                   help="list every false positive, false negative and partial match with context")
    _score_args(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="compare two systems with a paired bootstrap")
    p.add_argument("a", type=Path, metavar="A.jsonl")
    p.add_argument("b", type=Path, metavar="B.jsonl")
    _score_args(p)
    p.set_defaults(func=cmd_compare)
    return parser


def _check_output(args: argparse.Namespace) -> None:
    """Refuse a --json target that cannot be written, or that is one of the inputs, before any work."""
    if getattr(args, "json", None) is None:
        return
    from .jsonio import output_path

    inputs = [getattr(args, name, None) for name in ("predictions", "a", "b", "label_map", "dataset")]
    output_path(args.json, inputs=inputs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_output(args)
        return args.func(args)
    except NewsFactsError as exc:
        _err(str(exc))
        report = getattr(exc, "report", None)
        if report is not None:
            listed = [*report.errors, *report.problems]
            for item in listed[:MAX_LISTED]:
                print(f"  {item}", file=sys.stderr)
            if len(listed) > MAX_LISTED:
                print(f"  ... and {len(listed) - MAX_LISTED} more", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
