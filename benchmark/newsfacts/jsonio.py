"""Reading and writing files: typed JSON decoding with file/line/field errors, atomic writes.

Every reader here raises :class:`~newsfacts.errors.InputError` naming the file, the line and
the field (``entities[3].start``) of the first thing it cannot use; every writer writes to a
temporary file beside the target and renames it, so a failure never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

import msgspec

from .errors import InputError

T = TypeVar("T")

_PATH_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_WS = " \t\r\n"
BOM = b"\xef\xbb\xbf"  # UTF-8 byte-order mark: some editors write one; readers drop it
_NON_FINITE = re.compile(rb"-?(NaN|Infinity)")


def open_binary(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file for binary reading, or raise InputError if it is missing or unreadable."""
    try:
        return open(path, "rb")  # noqa: SIM115 -- the caller closes it
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None


def list_dir(path: str | os.PathLike[str]) -> list[Path]:
    """The entries of a directory, or InputError if it cannot be read (``glob`` would say nothing)."""
    try:
        with os.scandir(path) as entries:
            return [Path(e.path) for e in entries]
    except FileNotFoundError:
        raise InputError("no such directory", file=path) from None
    except NotADirectoryError:
        raise InputError("not a directory", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read directory: {exc.strerror}", file=path) from None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a whole file, or raise InputError if it is missing or unreadable."""
    with open_binary(path) as f:
        try:
            return f.read()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=path) from None


def decode_utf8(data: bytes, path: str | os.PathLike[str], first_line: int = 1) -> str:
    """Decode UTF-8 (a leading BOM is dropped), or raise InputError naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", file=path, line=line) from None
    return text[1:] if text.startswith("\ufeff") else text


def field_path(msgspec_path: str) -> str | None:
    """``$.entities[3].start`` -> ``entities[3].start``; ``$`` -> None."""
    path = msgspec_path.strip()
    if path in ("", "$"):
        return None
    return path[2:] if path.startswith("$.") else path.lstrip("$")


def split_validation_error(exc: msgspec.ValidationError) -> tuple[str, str | None]:
    """Split msgspec's ``"Expected `int`, got `str` - at `$.a[0].b`"`` into message and field."""
    text = str(exc)
    message, sep, at = text.rpartition(" - at `")
    if not sep:
        return text, None
    return message, field_path(at.rstrip("`"))


def json_path_line(text: str, field: str | None) -> int | None:
    """The 1-based line where the value at ``field`` (``entities[3].start``) begins in ``text``.

    Returns the line of the deepest part of the path that exists, so an error about a missing
    key points at the object that lacks it. Returns None if ``text`` is not JSON.

    >>> json_path_line('{\\n "a": [\\n  1,\\n  {"b": 2}\\n ]\\n}', "a[1].b")
    4
    """
    parts: list[str | int] = []
    for key, index in _PATH_PART.findall("." + field if field and not field.startswith("[") else field or ""):
        parts.append(key if key else int(index))
    decoder = json.JSONDecoder()

    def skip_ws(i: int) -> int:
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    try:
        i = skip_ws(0)
        for part in parts:
            if isinstance(part, str):
                if text[i] != "{":
                    break
                i = skip_ws(i + 1)
                found = False
                while text[i] != "}":
                    key, i = decoder.raw_decode(text, i)
                    i = skip_ws(skip_ws(i) + 1)  # past the colon
                    if key == part:
                        found = True
                        break
                    _, i = decoder.raw_decode(text, i)
                    i = skip_ws(i)
                    if text[i] == ",":
                        i = skip_ws(i + 1)
                if not found:
                    break
            else:
                if text[i] != "[":
                    break
                i = skip_ws(i + 1)
                n = 0
                while text[i] != "]" and n < part:
                    _, i = decoder.raw_decode(text, i)
                    i = skip_ws(i)
                    if text[i] == ",":
                        i = skip_ws(i + 1)
                    n += 1
                if n < part or text[i] == "]":
                    break
    except (ValueError, IndexError, RecursionError):  # RecursionError: a value nested too deeply
        return None
    return text.count("\n", 0, i) + 1


NON_FINITE_MESSAGE = "not a finite number (JSON has no NaN or Infinity; the largest is about 1.8e308)"


def _find_field(data: bytes, bad: Callable[[object], bool]) -> str | None:
    """The field path of the first value (or key) for which ``bad`` is true; None if none or no JSON.

    Only called on data already known to be bad, to name the field: Python's json module reads
    what msgspec rejects outright (NaN, Infinity, invalid UTF-8 escaped as surrogates). Data
    nested too deeply for it (or for the walk) gives None: the message then names the line alone.
    """

    def walk(value: object, path: str) -> str | None:
        if bad(value):
            return path
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for k, v in items:
            sub = f"{path}[{k}]" if isinstance(k, int) else f"{path}.{k}" if path else k
            if bad(k):
                return sub
            found = walk(v, sub)
            if found is not None:
                return found
        return None

    try:
        return walk(json.loads(data.decode("utf-8", "surrogateescape")), "") or None
    except (ValueError, RecursionError):
        return None


def _is_non_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _has_bad_byte(value: object) -> bool:
    """A string holding a byte that is not UTF-8 (decoded with surrogateescape)."""
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


def _utf8_error(data: bytes, *, file: str | os.PathLike[str], line: int | None) -> InputError | None:
    """The error for ``data`` that is not UTF-8, naming line (or column) and field; None if it is UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = f"byte 0x{data[exc.start]:02x}"
        if line is None:  # a whole file: the line of the bad byte
            at, where = data.count(b"\n", 0, exc.start) + 1, byte
        else:  # one line of a JSON Lines file: the column within it
            at, where = line, f"{byte} at column {exc.start + 1}"
        return InputError(f"not valid UTF-8 ({where})", file=file, line=at, field=_find_field(data, _has_bad_byte))
    return None


def decode(data: bytes, type_: type[T], *, file: str | os.PathLike[str], line: int | None = None) -> T:
    """Decode one JSON document into ``type_``; errors name the file, the line and the field.

    ``line`` is the line of ``data`` within the file (for JSON Lines); when None, ``data`` is a
    whole file and the line is found from the field's position in it. A UTF-8 byte-order mark
    at the start of the file (``line`` None or 1) is ignored.
    """
    if line in (None, 1) and data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return msgspec.json.decode(data, type=type_)
    except RecursionError:  # msgspec skipping a value nested deeper than Python's recursion limit
        raise InputError("JSON nested too deeply", file=file, line=line) from None
    except UnicodeDecodeError:
        raise _utf8_error(data, file=file, line=line) or InputError("not valid UTF-8", file=file, line=line) \
            from None
    except msgspec.ValidationError as exc:
        message, field = split_validation_error(exc)
        if message == "Number out of range":  # 1e999: JSON allows it, a float cannot hold it
            message = NON_FINITE_MESSAGE
        if line is None:
            line = json_path_line(decode_utf8(data, file), field)
        raise InputError(message, file=file, line=line, field=field) from None
    except msgspec.DecodeError as exc:
        utf8 = _utf8_error(data, file=file, line=line)
        if utf8 is not None:  # the better message
            raise utf8 from None
        text = data.decode("utf-8")
        msg = str(exc)
        m = re.search(r"\(byte (\d+)\)", msg)
        pos = int(m.group(1)) if m else None
        at, field = line, None
        if pos is not None and line is None:
            at = data.count(b"\n", 0, pos) + 1
        if not text.strip():
            msg = "empty, expected a JSON object"
        elif pos is not None and any(_NON_FINITE.match(data, k) for k in (pos - 1, pos) if k >= 0):
            msg = NON_FINITE_MESSAGE
            field = _find_field(data, _is_non_finite)
        elif msg.startswith("JSON is malformed: "):
            msg = "malformed JSON: " + msg[len("JSON is malformed: "):]
        raise InputError(msg, file=file, line=at, field=field) from None


def _tmp_beside(path: Path, suffix: str = "") -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix + ".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def output_path(path: str | os.PathLike[str], *, inputs: Iterable[object] = ()) -> Path:
    """Check where an output file may go; returns the path to replace.

    It must be a regular file or not exist yet (a symbolic link is followed to its file), in a
    directory that exists, and must not be one of ``inputs`` (``--json`` onto the predictions
    would destroy them). Devices, directories and FIFOs are refused: a rename would replace
    ``/dev/null`` with a file.
    """
    text = os.fspath(path)
    if not text:
        raise InputError("empty output path")
    target = Path(os.path.realpath(text)) if os.path.islink(text) else Path(text)
    parent = target.parent
    if not parent.is_dir():
        raise InputError("the directory of this output file does not exist" if not parent.exists()
                         else "the directory of this output file is not a directory", file=path)
    if target.exists():
        if not target.is_file():
            raise InputError("exists and is not a regular file; give a file path", file=path)
        for other in inputs:
            if other is not None and os.fspath(other) and os.path.exists(os.fspath(other)) \
                    and os.path.samefile(target, os.fspath(other)):
                raise InputError(f"is also an input ({other}): refusing to overwrite it", file=path)
    return target


def atomic_write(path: str | os.PathLike[str], data: bytes | str | Iterable[bytes], *,
                 inputs: Iterable[object] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing.

    ``data`` may also be an iterable of byte chunks, written as they come (a large file is then
    never whole in memory); an exception while producing them leaves ``path`` untouched.
    Raises InputError (nothing written) for a path :func:`output_path` refuses or a write that fails.
    """
    target = output_path(path, inputs=inputs)
    try:
        tmp = _tmp_beside(target)
    except OSError as exc:
        raise InputError(f"cannot write in this directory: {exc.strerror}", file=path) from None
    try:
        if isinstance(data, (str, bytes)):
            tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        else:
            with open(tmp, "wb") as f:
                for chunk in data:
                    f.write(chunk)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", file=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_many(files: Sequence[tuple[str | os.PathLike[str], str | bytes]], *,
                      inputs: Iterable[object] = ()) -> None:
    """Write many files of one directory, each atomically: every target is checked first.

    The files are written into one temporary directory beside the targets and then renamed into
    place, which costs a fraction of :func:`atomic_write` per file (one check per target, no
    temporary file per file). A refused target raises InputError before anything is written.
    """
    targets = [output_path(path, inputs=inputs) for path, _ in files]
    if not targets:
        return
    inputs = list(inputs)
    parent = targets[0].parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".newsfacts-", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(f"cannot write in this directory: {exc.strerror}", file=parent) from None
    try:
        staged = []
        for k, (target, (_, data)) in enumerate(zip(targets, files)):
            if target.parent != parent:
                atomic_write(target, data, inputs=inputs)
                continue
            path = tmp / str(k)
            with open(path, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(path, 0o644)
            staged.append((path, target))
        for path, target in staged:
            os.replace(path, target)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=parent) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a directory in a temporary sibling, then swap it into place.

    On an exception the temporary directory is removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old / target.name)
            os.replace(tmp, target)
            shutil.rmtree(old)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a million acyclic records.

    Every few hundred allocations the collector would rescan the growing heap of tracked
    tuples, dicts and records, a third of the read time for 10,000 documents (msgspec's docs
    give the same advice for large decodes). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
