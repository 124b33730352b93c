"""Publishing a built dataset folder to the Hugging Face Hub (``newsfacts publish``).

The folder is what ``newsfacts build`` writes (``README.md`` card and ``data/*.parquet``). Before
anything is sent, the card is parsed with ``huggingface_hub.DatasetCard`` and its metadata must
carry what the Hub shows and filters on: ``license``, ``language``, ``task_categories``,
``size_categories``, ``pretty_name`` and ``configs`` whose data files exist in the folder. The
upload uses ``HfApi.create_repo`` (``exist_ok``) and ``upload_folder``, with the token from
``$HF_TOKEN`` (never printed). ``dry_run`` does every check, lists the files and sends nothing.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

REQUIRED = ("license", "language", "task_categories", "size_categories", "pretty_name", "configs")
TOKEN_ENV = "HF_TOKEN"


@dataclass
class PublishResult:
    repo_id: str
    files: list[tuple[str, int]]
    dry_run: bool
    url: str | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = (f"dry run: would upload {len(self.files)} file(s) to the dataset repository {self.repo_id}"
                if self.dry_run else f"uploaded {len(self.files)} file(s) to {self.url}")
        lines = [head, *(f"  {name}  ({size:,} bytes)" for name, size in self.files)]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def check_card(folder: Path) -> tuple[dict, list[tuple[str, int]]]:
    """Parse and check the card of a built folder; returns its metadata and the files to upload."""
    from huggingface_hub import DatasetCard

    readme = folder / "README.md"
    if not folder.is_dir():
        raise InputError("no such folder; build it first with 'newsfacts build --out DIR'", file=folder)
    if not readme.is_file():
        raise InputError("no dataset card README.md: not a folder written by 'newsfacts build'", file=folder)
    hub_log = logging.getLogger("huggingface_hub.repocard")
    level = hub_log.level
    hub_log.setLevel(logging.ERROR)  # a card without metadata is refused below, in one message
    try:
        card = DatasetCard.load(readme)
    except Exception as exc:  # malformed YAML front matter and the like
        raise InputError(f"the dataset card does not parse: {' '.join(str(exc).split())}", file=readme) from None
    finally:
        hub_log.setLevel(level)
    meta = card.data.to_dict()
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise InputError(f"the card's metadata lacks {', '.join(missing)} (the Hub needs them)", file=readme)
    files = sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    names = [name for name, _ in files]
    for k, config in enumerate(meta["configs"]):
        for spec in config.get("data_files", []):
            patterns = spec.get("path") if isinstance(spec, dict) else spec
            for pattern in [patterns] if isinstance(patterns, str) else patterns or []:
                if not fnmatch.filter(names, pattern):
                    raise InputError(f"configs[{k}]: data file pattern {pattern!r} matches no file in the folder",
                                     file=readme)
    from ..dataset.sources import load_gold

    with load_gold(folder):  # the data files read back as the benchmark reads them (InputError if not)
        pass
    return meta, files


def publish(repo_id: str, folder: str | os.PathLike[str], *, private: bool = False,
            dry_run: bool = False) -> PublishResult:
    """Check a built folder's card and upload the folder as the Hub dataset ``repo_id``.

    Parameters
    ----------
    repo_id : str
        ``owner/name`` of the dataset repository (created if missing).
    folder : path
        A folder written by ``newsfacts build``.
    private : bool
        Create the repository as private.
    dry_run : bool
        Check and list only; nothing is sent and no token is needed.

    Examples
    --------
    >>> import tempfile
    >>> from newsfacts.dataset.gold import load_documents
    >>> from newsfacts.dataset.hub import build
    >>> folder = tempfile.mkdtemp() + "/newsfacts"
    >>> _ = build(load_documents(), folder)
    >>> result = publish("someone/newsfacts", folder, dry_run=True)
    >>> [name for name, _ in result.files]
    ['README.md', 'data/test-00000-of-00001.parquet']
    """
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(repo_id)
    except Exception as exc:
        raise InputError(f"repository id {repo_id!r}: {exc}") from None
    if "/" not in repo_id:
        raise InputError(f"repository id {repo_id!r}: give owner/name")
    path = Path(folder)
    meta, files = check_card(path)
    result = PublishResult(repo_id, files, dry_run)
    text = (path / "README.md").read_text(encoding="utf-8")
    if "TODO" in text or "<fill" in text.lower():
        result.notes.append("the card still has placeholders to fill (TODO)")
    if dry_run:
        return result
    token = os.environ.get(TOKEN_ENV)
    if not token:
        raise InputError(f"set {TOKEN_ENV} to a Hugging Face token with write access (or use --dry-run)")
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    try:
        url = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(folder_path=str(path), repo_id=repo_id, repo_type="dataset",
                          commit_message="Publish NewsFacts dataset", ignore_patterns=[".*"])
    except Exception as exc:  # network, permission, offline mode: one message, never the token
        raise InputError(f"upload to {repo_id} failed: {type(exc).__name__}: {exc}") from None
    result.url = str(url)
    return result
