"""The Label Studio server client: push tasks, pull the annotated export. The only label_studio_sdk import.

The server is ``$LABEL_STUDIO_URL`` and the token ``$LABEL_STUDIO_API_KEY`` (a personal access
token or a legacy token); neither is ever printed or written, and no message quotes the token.

* :meth:`Server.project` finds the project by title, or creates it with the labeling config of
  :mod:`newsfacts.labelstudio.config`; an existing project whose config differs gets the new one.
* :meth:`Server.push` is idempotent on ``data.doc_id``: it lists the project's tasks and imports
  only the documents it does not have yet. A task already there is never touched, so annotators'
  work (and unsaved drafts, which an update of a task's annotations would drop) is safe; to
  replace a task's gold, delete the task in Label Studio first.
* :meth:`Server.export` creates a JSON snapshot export of every task (annotations with their
  ids, relations and per-region results), waits for it and returns it, as written to a file
  by :func:`pull`.

Failures become :class:`~newsfacts.errors.InputError` naming the URL: unreachable server, a
token the server refuses, an export that fails.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..jsonio import atomic_write
from ..progress import bar
from . import config as C

DEFAULT_PROJECT = "NewsFacts"
URL_ENV, TOKEN_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
EXPORT_TIMEOUT = 300.0  # seconds to wait for a snapshot export
_PAGE = 100


@dataclass
class PushResult:
    """What a push did: the project, the documents it added and those it found already there."""

    project_id: int
    added: list[str]
    kept: list[str]


class Server:
    """A connection to one Label Studio server (see the module docstring).

    Examples
    --------
    >>> Server(url="", token="x")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: set LABEL_STUDIO_URL to the server's address (e.g. http://127.0.0.1:8080)
    """

    def __init__(self, url: str | None = None, token: str | None = None, *, timeout: float = 60.0) -> None:
        url = url if url is not None else os.environ.get(URL_ENV)
        token = token if token is not None else os.environ.get(TOKEN_ENV)
        if not url:
            raise InputError(f"set {URL_ENV} to the server's address (e.g. http://127.0.0.1:8080)")
        if not token:
            raise InputError(f"set {TOKEN_ENV} to your Label Studio access token (Account & Settings)")
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{URL_ENV}={url!r}: expected an http:// or https:// address")
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        self._client = LabelStudio(base_url=self.url, api_key=token, timeout=timeout)

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run one API call; connection failures and refusals become InputError naming the URL."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        try:
            return fn()
        except ApiError as exc:
            if exc.status_code in (401, 403):
                raise InputError(f"{self.url}: the server refused the token in {TOKEN_ENV} "
                                 f"(HTTP {exc.status_code}) while trying to {what}") from None
            raise InputError(f"{self.url}: could not {what}: HTTP {exc.status_code}: "
                             f"{_short(exc.body)}") from None
        except httpx.HTTPError as exc:
            raise InputError(f"{self.url}: cannot reach Label Studio ({type(exc).__name__}: {exc}) "
                             f"while trying to {what}; is the server running? (python3 scripts/dev.py labelstudio)") \
                from None
        except Exception as exc:  # the SDK wraps some failures (e.g. a JWT refresh) in its own types
            text = str(exc)
            if "401" in text or "403" in text:
                raise InputError(f"{self.url}: the server refused the token in {TOKEN_ENV} while trying to {what}") \
                    from None
            if "Connect" in type(exc).__name__ or "connect" in text.lower():
                raise InputError(f"{self.url}: cannot reach Label Studio while trying to {what}") from None
            raise

    def project(self, title: str = DEFAULT_PROJECT, *, create: bool = True) -> int:
        """The id of the project ``title``, created (or its config updated) with the NewsFacts config.

        With ``create`` False a missing project is an error and an existing one is left as it is.
        """
        label_config = C.labeling_config()
        projects = self._call("list projects", lambda: list(self._client.projects.list(title=title)))
        for p in projects:
            if p.title == title:
                if create and (p.label_config or "").strip() != label_config.strip():
                    self._call("update the labeling config",
                               lambda: self._client.projects.update(id=p.id, label_config=label_config))
                return p.id
        if not create:
            raise InputError(f"{self.url}: no project titled {title!r} (push creates it)")
        created = self._call("create the project", lambda: self._client.projects.create(
            title=title, label_config=label_config,
            description="NewsFacts gold: entities with clusters, quotes, numeric facts"))
        return created.id

    def doc_ids(self, project_id: int) -> dict[str, int]:
        """``data.doc_id`` -> task id for every task of the project."""
        def fetch() -> dict[str, int]:
            found: dict[str, int] = {}
            for task in self._client.tasks.list(project=project_id, fields="task_only", page_size=_PAGE):
                data = task.data or {}
                if isinstance(data.get("doc_id"), str):
                    found.setdefault(data["doc_id"], task.id)
            return found
        return self._call("list the project's tasks", fetch)

    def push(self, tasks: Sequence[dict[str, Any]], title: str = DEFAULT_PROJECT, *,
             progress: bool = False) -> PushResult:
        """Import the tasks whose ``data.doc_id`` the project does not have; leave the others alone.

        ``progress``: a bar on stderr over the batches sent, shown only when stderr is a terminal.
        """
        project_id = self.project(title)
        have = self.doc_ids(project_id)
        new = [t for t in tasks if t["data"]["doc_id"] not in have]
        kept = [t["data"]["doc_id"] for t in tasks if t["data"]["doc_id"] in have]
        for k in bar(range(0, len(new), 500), desc="push", unit="batch", enabled=progress):
            chunk = new[k:k + 500]
            self._call("import tasks", lambda: self._client.projects.import_tasks(
                id=project_id, request=chunk, return_task_ids=True))
        return PushResult(project_id, [t["data"]["doc_id"] for t in new], kept)

    def export(self, title: str = DEFAULT_PROJECT) -> list[dict[str, Any]]:
        """A JSON snapshot export of every task of the project (annotations with ids and relations)."""
        project_id = self.project(title, create=False)
        exports = self._client.projects.exports
        snap = self._call("create a snapshot export", lambda: exports.create(
            id=project_id, title="newsfacts pull",
            task_filter_options={"only_with_annotations": False},
            serialization_options={"annotations__completed_by": {"only_id": True}}))
        deadline = time.monotonic() + EXPORT_TIMEOUT
        while True:
            state = self._call("read the export's status", lambda: exports.get(id=project_id, export_pk=snap.id))
            status = str(getattr(state, "status", "") or "")
            if status == "completed":
                break
            if status == "failed":
                raise InputError(f"{self.url}: the snapshot export of project {title!r} failed")
            if time.monotonic() > deadline:
                raise InputError(f"{self.url}: the snapshot export did not finish in {EXPORT_TIMEOUT:.0f} s")
            time.sleep(0.5)
        data = self._call("download the export", lambda: b"".join(
            exports.download(id=project_id, export_pk=snap.id, export_type="JSON")))
        try:
            tasks = json.loads(data)
        except ValueError:
            raise InputError(f"{self.url}: the export is not JSON") from None
        if not tasks:
            raise InputError(f"{self.url}: project {title!r} has no tasks (push some first)")
        return tasks


def _short(body: Any, limit: int = 300) -> str:
    text = body if isinstance(body, str) else json.dumps(body, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


def write_export(path: str | os.PathLike[str], tasks: list[dict[str, Any]]) -> Path:
    """Keep an export as a JSON file (what ``newsfacts labelstudio import`` reads)."""
    atomic_write(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    return Path(path)
