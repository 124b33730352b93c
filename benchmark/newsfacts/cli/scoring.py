"""``newsfacts score | compare``: run the scoring API, print its tables, write the results JSON."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import warnings
from pathlib import Path
from typing import TextIO

from ..config import DEFAULTS, MAX_BOOTSTRAP, MAX_JOBS, ScoreConfig
from ..model import LAYERS


def _score_args(p: argparse.ArgumentParser) -> None:
    """The options of ``score`` and ``compare``: defaults and bounds from :class:`ScoreConfig`."""
    d = DEFAULTS
    p.add_argument("--dataset", metavar="SRC",
                   help="Hub-format folder, Hub dataset id, or .jsonl of document records "
                        "(default: the bundled benchmark)")
    p.add_argument("--label-map", type=Path, metavar="FILE",
                   help="JSON object mapping predicted labels to NewsFacts labels (see docs/scoring.md)")
    p.add_argument("--bootstrap", type=int, default=d.bootstrap, metavar="N",
                   help=f"bootstrap resamples over documents for confidence intervals (default {d.bootstrap}; "
                        f"0 = off; at most {MAX_BOOTSTRAP:,})")
    p.add_argument("--seed", type=int, default=d.seed, help=f"random seed of the bootstrap (default {d.seed})")
    p.add_argument("--confidence", type=float, default=d.confidence, metavar="X",
                   help=f"level of the confidence intervals, in (0, 1) (default {d.confidence})")
    p.add_argument("--min-documents", type=int, default=d.min_documents, metavar="N",
                   help=f"fewer documents than this: no intervals and no p-values (default {d.min_documents}; "
                        "a bootstrap over n documents has at most n^n distinct resamples)")
    p.add_argument("--rtol", type=float, default=d.rtol,
                   help=f"relative tolerance for numeric values (default {d.rtol:g})")
    p.add_argument("--fuzzy-threshold", type=float, default=d.fuzzy_threshold, metavar="X",
                   help="minimum similarity in (0, 1] for fuzzy alignment of offset-free items "
                        f"(default {d.fuzzy_threshold}; 1 = off)")
    p.add_argument("--allow-unknown-fields", action="store_true",
                   help="ignore unknown fields in the predictions instead of refusing them (they usually "
                        "are typos; 'score' per item and 'model' per line are always accepted)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help=f"processes to score with, forked, each taking a chunk of the predictions (POSIX; 1 to "
                        f"{MAX_JOBS}; default: one per 8 MB of predictions, up to the CPUs; 1: this process only). "
                        f"The Python API's score() and compare() default to {d.jobs}")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the results JSON here")


def _config(args: argparse.Namespace) -> ScoreConfig:
    """The options given on the command line, checked (InputError names the option)."""
    return ScoreConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(ScoreConfig)})


def _common(args: argparse.Namespace) -> dict[str, object]:
    return {"dataset": args.dataset, "label_map": args.label_map, "config": _config(args)}


def _inputs(args: argparse.Namespace) -> list[object]:
    """The files a command read: ``--json`` must not replace one of them (checked again at the
    write, since the run takes a while)."""
    return [getattr(args, name, None) for name in ("predictions", "a", "b", "label_map", "dataset")]


def cmd_score(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts score``: the table (and ``--errors``) on stdout, ``--json`` written atomically."""
    from ..errors import InputError
    from ..jsonio import atomic_write, output_path
    from ..report.tables import format_errors, format_table, select_errors
    from ..scoring.api import score
    from ..scoring.results import ERROR_KINDS, ScoringWarning, plural

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if args.errors_out is not None:
        output_path(args.errors_out, inputs=_inputs(args))  # refused before any work
    unknown = sorted(set(args.errors_kind or ()) - set(ERROR_KINDS))
    if unknown:
        raise InputError(f"unknown error kind {unknown[0]!r}; known: {', '.join(ERROR_KINDS)}", field="--errors-kind")
    if args.errors_limit < 0:
        raise InputError(f"must be 0 (no limit) or more, got {args.errors_limit}", field="--errors-limit")
    listing = args.errors or args.errors_out is not None
    with warnings.catch_warnings():  # printed below, once each
        warnings.simplefilter("ignore", ScoringWarning)
        if args.format == "llm":
            # raw model responses: parsed by the LLM path, the parse report joins the results
            from ..systems.llm import format_parse_report, results_json, score_responses

            results, report = score_responses(args.predictions, system=args.system, with_errors=listing,
                                              with_items=args.items, **_common(args))  # type: ignore[arg-type]
        else:
            results = score(args.predictions, system=args.system, with_errors=listing, with_items=args.items,
                            progress=not args.quiet, **_common(args))  # type: ignore[arg-type]
    if args.json:
        data = results_json(results, report) if args.format == "llm" else results.to_json()
        atomic_write(args.json, data, inputs=_inputs(args))
    stdout.write(format_table(results))
    if args.format == "llm":
        stdout.write("\n" + format_parse_report(report))
    if listing:
        shown = select_errors(results.errors or [], layers=args.errors_layer, kinds=args.errors_kind)
        if args.errors_out is not None:
            atomic_write(args.errors_out, format_errors(shown), inputs=_inputs(args))
        if args.errors:
            stdout.write("\nERRORS\n" + format_errors(shown, limit=args.errors_limit or None,
                                                       more_hint="--errors-limit 0 or --errors-out FILE"))
        else:
            stdout.write(f"\n{plural(len(shown), 'error')} written to {args.errors_out}\n")
    for w in results.warnings:
        print(f"newsfacts: warning: {w}", file=stderr)
    return 0


def cmd_compare(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts compare``: the paired table on stdout, ``--json`` written atomically."""
    from ..jsonio import atomic_write
    from ..report.tables import format_comparison
    from ..scoring.api import compare
    from ..scoring.results import ScoringWarning

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    with warnings.catch_warnings():  # printed below, once each
        warnings.simplefilter("ignore", ScoringWarning)
        comparison = compare(args.a, args.b, **_common(args))  # type: ignore[arg-type]
    if args.json:
        atomic_write(args.json, comparison.to_json(), inputs=_inputs(args))
    stdout.write(format_comparison(comparison))
    for w in comparison.warnings:
        print(f"newsfacts: warning: {w}", file=stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score a system's predictions (JSON Lines) against the gold")
    p.add_argument("predictions", type=Path, metavar="PRED.jsonl")
    p.add_argument("--system", help="system name for the report (default: the file name)")
    p.add_argument("--errors", action="store_true",
                   help="list the false positives, false negatives, partial matches and attribute errors "
                        "with context (at most --errors-limit)")
    p.add_argument("--errors-out", type=Path, metavar="FILE",
                   help="write the whole error listing (after --errors-layer/--errors-kind) to FILE")
    p.add_argument("--errors-limit", type=int, default=100, metavar="N",
                   help="errors listed on the terminal by --errors (default 100; 0: all)")
    p.add_argument("--errors-layer", action="append", choices=LAYERS, metavar="LAYER",
                   help=f"list only errors of this layer ({', '.join(LAYERS)}); repeatable")
    p.add_argument("--errors-kind", action="append", metavar="KIND",
                   help="list only errors of this kind: missed, spurious, unaligned, partial, incorrect, or a "
                        "wrong attribute (speaker, cue, value, normalized, bound, unit, measured); repeatable")
    p.add_argument("--items", action="store_true",
                   help="with --json: also write every scored item of every document (what 'newsfacts report' shows)")
    p.add_argument("--format", choices=("predictions", "llm"), default="predictions",
                   help="predictions: JSON Lines in the predictions format (default); llm: raw model "
                        "responses, one {\"id\", \"response\"} per line (see newsfacts prompt)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal anyway)")
    _score_args(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="compare two systems with a paired bootstrap")
    p.add_argument("a", type=Path, metavar="A.jsonl")
    p.add_argument("b", type=Path, metavar="B.jsonl")
    _score_args(p)
    p.set_defaults(func=cmd_compare)
