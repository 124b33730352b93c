"""The ``newsfacts`` command: a thin shell over the Python API.

Each concern registers its subcommands from its own module (``dataset``, ``scoring``, ...)
through a ``register(subparsers)`` function; a subcommand parses its arguments, calls one API
function and prints what it returns. Errors from below arrive as
:class:`~newsfacts.errors.NewsFactsError`; this package alone prints them and picks the exit
status: 0 success, 1 validation found problems, 2 unusable input. Heavy libraries are imported
inside the command that needs them, so ``newsfacts score`` does not pay for ``datasets`` at
start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import NewsFactsError
from . import dataset, labelstudio, llm, report, scoring, systems

MAX_LISTED = 50  # problems printed by commands other than validate

# The extra that installs what a command needs beyond the core install (pyproject.toml).
EXTRA_OF_COMMAND = {"labelstudio": "labelstudio", "publish": "labelstudio", "run": "systems",
                    "baselines": "systems", "prompt": "systems", "systems": "systems"}

# The modules whose ``register`` adds subcommands, in the order ``--help`` lists them.
COMMANDS = (dataset, scoring, systems, llm, report, labelstudio)


def err(message: str) -> None:
    """Print one error line the way every command does."""
    print(f"newsfacts: error: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The whole ``newsfacts`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="NewsFacts: gold-annotated news benchmark and scorer for entities, quotes and numeric facts.")
    parser.add_argument("--version", action="version", version=f"newsfacts {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


# Options that name a file a command writes: no two may name the same file.
OUTPUT_OPTIONS = ("json", "markdown", "errors_out", "html", "report")


def _check_output(args: argparse.Namespace) -> None:
    """Refuse two output options naming one file, and a --json target that cannot be written or that
    is one of the inputs, before any work."""
    import os

    from ..errors import InputError

    seen: dict[str, str] = {}
    for name in OUTPUT_OPTIONS:
        path = getattr(args, name, None)
        if path is None:
            continue
        key = os.path.realpath(path)
        option = "--" + name.replace("_", "-")
        if key in seen:
            raise InputError(f"{seen[key]} and {option} name the same file", file=path)
        seen[key] = option
    if getattr(args, "json", None) is None:
        return
    from ..jsonio import output_path

    inputs = [getattr(args, name, None) for name in ("predictions", "a", "b", "label_map", "dataset", "input")]
    output_path(args.json, inputs=inputs)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newsfacts`` command with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_output(args)
        return args.func(args)
    except NewsFactsError as exc:
        err(str(exc))
        report = getattr(exc, "report", None)
        if report is not None:
            listed = [*report.errors, *report.problems]
            for item in listed[:MAX_LISTED]:
                print(f"  {item}", file=sys.stderr)
            if len(listed) > MAX_LISTED:
                print(f"  ... and {len(listed) - MAX_LISTED} more", file=sys.stderr)
        return exc.exit_status
    except ModuleNotFoundError as exc:
        # An optional dependency the core install leaves out: say which extra brings it.
        if exc.name is None or exc.name.split(".")[0] in ("newsfacts", "tests"):
            raise
        extra = EXTRA_OF_COMMAND.get(args.command, "all")
        err(f"{args.command} needs the Python package {exc.name!r}, which is not installed: "
            f"pip install 'newsfacts[{extra}]'")
        return 2
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
