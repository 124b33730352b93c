"""``newsfacts labelstudio config | tasks | import | agreement | push | pull`` and ``newsfacts publish``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _source_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", metavar="SRC",
                   help="a built folder, .jsonl of document records or Hub id (default: the seed and "
                        "annotation folders, where a seed without gold becomes an empty task)")
    p.add_argument("--seeds", type=Path, metavar="DIR", help="seed folder (default: the bundled seeds/)")
    p.add_argument("--annotations", type=Path, metavar="DIR",
                   help="gold folder (default: the bundled annotations/)")
    p.add_argument("--as", dest="as_", choices=("annotations", "predictions"), default="annotations",
                   help="carry the gold as annotations to correct (default) or as pre-annotations")
    p.add_argument("--predictions", type=Path, metavar="PRED.jsonl",
                   help="a system's predictions, added as pre-annotations")
    p.add_argument("--system", metavar="NAME", help="model_version of the predictions (default: file stem)")


def _tasks(args: argparse.Namespace):
    from ..labelstudio.tasks import iter_tasks

    return iter_tasks(dataset=args.dataset, seeds=args.seeds, annotations=args.annotations, as_=args.as_,
                     predictions=args.predictions, system=args.system)


def _import_args(p: argparse.ArgumentParser) -> None:
    from ..labelstudio.adjudicate import POLICIES

    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="folder for the <doc_id>.json gold files (e.g. annotations)")
    p.add_argument("--seeds", type=Path, metavar="DIR", help="seed folder the texts are checked against "
                                                             "(default: the bundled seeds/)")
    p.add_argument("--adjudicate", choices=POLICIES, metavar="POLICY",
                   help=f"merge several annotations of a task: {', '.join(POLICIES)} (see docs/labelstudio.md)")
    p.add_argument("--report", type=Path, metavar="FILE", help="write every disagreement here (JSON)")


def _print_import(result, args: argparse.Namespace) -> int:
    from ..jsonio import atomic_write

    if args.report is not None:
        atomic_write(args.report, json.dumps({"disagreements": result.disagreements}, indent=1,
                                             ensure_ascii=False) + "\n")
    for path in result.written:
        print(f"wrote {path}")
    if result.not_annotated:
        print(f"{len(result.not_annotated)} task(s) without a submitted annotation left out: "
              f"{', '.join(result.not_annotated[:10])}{' ...' if len(result.not_annotated) > 10 else ''}")
    if args.adjudicate:
        print(f"{len(result.disagreements)} disagreement(s) adjudicated ({args.adjudicate})"
              + (f"; listed in {args.report}" if args.report else ""))
    print("next: newsfacts validate")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from ..labelstudio.config import labeling_config

    sys.stdout.write(labeling_config())
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    from ..jsonio import output_path
    from ..labelstudio.tasks import write_tasks

    output_path(args.out, inputs=[args.predictions])
    count = write_tasks(args.out, _tasks(args))
    print(f"wrote {count} task(s) to {args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..labelstudio.convert import import_tasks

    if args.report is not None:
        from ..jsonio import output_path
        output_path(args.report, inputs=[args.export])
    result = import_tasks(args.export, args.out, seeds=args.seeds, adjudicate=args.adjudicate,
                          progress=not args.quiet)
    return _print_import(result, args)


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..jsonio import atomic_write, output_path
    from ..labelstudio.agreement import agreement

    if args.json is not None:
        output_path(args.json, inputs=[args.export])
    result = agreement(args.export, seeds=args.seeds)
    if args.json is not None:
        atomic_write(args.json, json.dumps(result.to_dict(), indent=1) + "\n")
    print(result.to_table())
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from ..labelstudio.client import Server

    server = Server()
    result = server.push(list(_tasks(args)), args.project, progress=not args.quiet)
    print(f"project {args.project!r} (id {result.project_id}) at {server.url}: added {len(result.added)} task(s), "
          f"kept {len(result.kept)} already there (their annotations are not touched)")
    print(f"annotate: {server.url}/projects/{result.project_id}/data")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    import tempfile

    from ..labelstudio.client import Server, write_export
    from ..labelstudio.convert import import_tasks

    from ..jsonio import output_path

    if not args.out.is_dir():
        from ..errors import InputError
        raise InputError("no such directory (give an existing folder for the gold files)", file=args.out)
    for path in (args.report, args.export):  # refused before the server is asked or a gold file written
        if path is not None:
            output_path(path)
    server = Server()
    tasks = server.export(args.project)
    with tempfile.TemporaryDirectory() as tmp:
        export = args.export or Path(tmp) / "export.json"
        write_export(export, tasks)
        result = import_tasks(export, args.out, seeds=args.seeds, adjudicate=args.adjudicate,
                              progress=not args.quiet)
    if args.export:
        print(f"export kept in {args.export}")
    return _print_import(result, args)


def cmd_publish(args: argparse.Namespace) -> int:
    from ..labelstudio.publish import publish

    result = publish(args.repo_id, args.dataset, private=args.private, dry_run=args.dry_run)
    print(result.summary())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    ls = sub.add_parser("labelstudio", help="annotate in Label Studio: config, tasks, import, agreement, push, pull",
                        description="Convert between NewsFacts gold and Label Studio, and talk to a server "
                                    "(LABEL_STUDIO_URL, LABEL_STUDIO_API_KEY).")
    cmds = ls.add_subparsers(dest="labelstudio_command", required=True, metavar="COMMAND")

    p = cmds.add_parser("config", help="print the labeling config (XML)")
    p.set_defaults(func=cmd_config)

    p = cmds.add_parser("tasks", help="write Label Studio tasks (gold as annotations or pre-annotations)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="tasks file (.json, or .jsonl)")
    _source_args(p)
    p.set_defaults(func=cmd_tasks)

    p = cmds.add_parser("import", help="convert a Label Studio JSON export (or tasks file) into gold files")
    p.add_argument("export", type=Path, metavar="EXPORT.json")
    _import_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal anyway)")
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("agreement", help="pairwise inter-annotator agreement of an export")
    p.add_argument("export", type=Path, metavar="EXPORT.json")
    p.add_argument("--seeds", type=Path, metavar="DIR", help="seed folder (default: the bundled seeds/)")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON")
    p.set_defaults(func=cmd_agreement)

    p = cmds.add_parser("push", help="create/update the project and add the tasks it does not have")
    p.add_argument("--project", default="NewsFacts", metavar="TITLE", help="project title (default NewsFacts)")
    _source_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal anyway)")
    p.set_defaults(func=cmd_push)

    p = cmds.add_parser("pull", help="export the project (JSON snapshot) and import it into gold files")
    p.add_argument("--project", default="NewsFacts", metavar="TITLE", help="project title (default NewsFacts)")
    p.add_argument("--export", type=Path, metavar="FILE", help="also keep the raw export here")
    _import_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown only on a terminal anyway)")
    p.set_defaults(func=cmd_pull)

    p = sub.add_parser("publish", help="upload a built dataset folder to the Hugging Face Hub",
                       description="Upload a folder written by 'newsfacts build' (token from HF_TOKEN).")
    p.add_argument("repo_id", metavar="REPO_ID", help="owner/name of the Hub dataset repository")
    p.add_argument("--dataset", type=Path, default=Path("out/newsfacts"), metavar="DIR",
                   help="the built folder (default: out/newsfacts)")
    p.add_argument("--private", action="store_true", help="create the repository as private")
    p.add_argument("--dry-run", action="store_true", help="check the card and list the files; upload nothing")
    p.set_defaults(func=cmd_publish)
