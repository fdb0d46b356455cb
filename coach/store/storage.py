"""Private, atomic, UTF-8 data files, and the TinyDB storage built on them.

TinyDB only needs `read()`, `write(data)` and `close()` from a storage, so this module does not
import TinyDB. Each write goes to a temporary file in the same folder, is flushed and fsynced,
and then replaces the old file in one step, so a crash leaves either the old or the new file,
never half of one. A file that does not parse is refused, never replaced. Files are created
0600 and folders 0700, whatever the umask says.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.messages import DOCTOR_HINT
from coach.permissions import ensure_trusted
from coach.store import jsoncodec, sealing

FILE_MODE = 0o600
FOLDER_MODE = 0o700
RECOVERY_HINT = DOCTOR_HINT
_SMALLEST_INT = -(2**63)
_LARGEST_INT = 2**64 - 1
_PLAIN_TYPES = (bool, int, float, str, dict, list, tuple)


class DamagedFile(StoreError):
    """A data file that does not parse or does not hold TinyDB tables; it is left untouched."""

    def __init__(self, path: Path, reason: str, hint: str = RECOVERY_HINT) -> None:
        super().__init__(f"{path} is damaged ({reason}), so Coach will not read or write over it. "
                         f"{hint}")
        self.path = path
        self.reason = reason


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, readable only by their owner.

    Folders that already exist are left as they are (`coach doctor` reports loose ones).
    """
    missing: list[Path] = []
    walker = folder
    while not walker.exists() and walker != walker.parent:
        missing.append(walker)
        walker = walker.parent
    try:
        for path in reversed(missing):
            try:
                path.mkdir(mode=FOLDER_MODE)
            except FileExistsError:
                continue  # another process made it a moment ago
            # mkdir's mode is filtered by the umask; set it exactly.
            os.chmod(path, FOLDER_MODE)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {folder}: {error.strerror}. "
                         "Check its permissions or set COACH_HOME to a folder you own.") from None
    if not folder.is_dir():
        raise StoreError(f"{folder} exists but is not a folder: point COACH_HOME elsewhere.")


def to_json_data(value: Any, where: str = "the value") -> Any:
    """`value` as plain JSON data: dates become ISO text and tuples lists; the rest must be JSON.

    Raises StoreError naming `where` and the place of the first value JSON cannot keep exactly
    (NaN, infinities, sets, bytes, huge integers, text with lone surrogates, other objects).

    >>> to_json_data({"callback": date(2026, 12, 1), "tags": ("a",)})
    {'callback': '2026-12-01', 'tags': ['a']}
    """
    def convert(item: Any) -> Any:
        if isinstance(item, (datetime, date)):
            return item.isoformat()
        if isinstance(item, (list, tuple)):
            return [convert(child) for child in item]
        if isinstance(item, dict):
            return {key: convert(child) for key, child in item.items()}
        return item

    try:
        converted = convert(value)
    except RecursionError:
        raise StoreError(f"Cannot save {where}: it is nested too deeply.") from None
    check_json_safe(converted, where)
    return converted


def _kind_of(item: Any) -> type:
    kind = type(item)
    if kind in _PLAIN_TYPES:
        return kind
    # Subclasses (TinyDB's Document, IntEnum members...) are checked as their base type.
    return next((base for base in _PLAIN_TYPES if isinstance(item, base)), kind)


def _leaf_problem(item: Any, kind: type) -> str | None:
    """Why a value that is not a container cannot be stored, or None if it can."""
    if kind is str:
        if item.isascii():
            return None
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            return ("the text holds characters that are not valid Unicode (lone surrogates); "
                    "retype it")
        return None
    if kind is int:
        return None if _SMALLEST_INT <= item <= _LARGEST_INT else f"{item} is too large to store"
    if kind is float:
        return None if math.isfinite(item) else f"{item} is not a number JSON can store"
    if item is None or kind is bool:
        return None
    return f"a {kind.__name__} is not plain JSON data"


def check_json_safe(value: Any, where: str = "the value") -> None:
    """Refuse values JSON cannot keep exactly (NaN, infinities, sets, dates, other objects)."""
    # A quick pass first, without keeping track of where each value sits: a week's file holds
    # tens of thousands of values. Only when something is wrong is the place worked out.
    stack = [value]
    while stack:
        item = stack.pop()
        kind = _kind_of(item)
        if kind is dict:
            if not all(isinstance(key, str) for key in item):
                break
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif _leaf_problem(item, kind) is not None:
            break
    else:
        return
    _raise_with_place(value, where)


def _raise_with_place(value: Any, where: str) -> None:
    places: list[tuple[Any, str]] = [(value, "")]
    while places:
        item, place = places.pop()
        at = f" (at {place.lstrip('.')})" if place else ""
        kind = _kind_of(item)
        # Children go on the stack last first, so the first problem in reading order is named.
        if kind is dict:
            for key in item:
                if not isinstance(key, str):
                    raise StoreError(f"Cannot save {where}{at}: the key {key!r} is not text.")
            places.extend((child, f"{place}.{key}") for key, child in reversed(item.items()))
        elif kind is list or kind is tuple:
            places.extend((item[index], f"{place}[{index}]") for index in reversed(range(len(item))))
        else:
            problem = _leaf_problem(item, kind)
            if problem is not None:
                raise StoreError(f"Cannot save {where}{at}: {problem}.")


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Some platforms cannot open folders; the rename itself is still atomic.
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_atomically(path: Path, data: bytes | str | Iterable[bytes], *, sync: bool = True,
                     hooks: dict[str, Callable[..., Any]] | None = None) -> None:
    """Replace `path` with `data` (text is written as UTF-8; chunks one after the other, for a
    file too big to build in memory first) in one atomic step, owner-only.

    `sync=False` skips the fsyncs, for files that can be rebuilt (caches). `hooks` lets
    tests inject failures into "write", "fsync" and "replace". On any failure the previous file
    is untouched, the temporary file is removed, and StoreError says what failed.
    """
    calls: dict[str, Callable[..., Any]] = {
        "write": os.write, "fsync": os.fsync, "replace": os.replace, **(hooks or {})}
    # In an encrypted folder every file is sealed here, on its way out (coach/store/sealing.py);
    # a sealed file is one AEAD message, so chunks are joined first.
    if isinstance(data, (str, bytes)):
        payload = data.encode("utf-8") if isinstance(data, str) else data
        chunks: Iterable[bytes] = [sealing.sealed(path, payload)]
    else:
        chunks = [sealing.sealed(path, b"".join(data))] if sealing.seals(path) else data
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                                 dir=path.parent)
    except OSError as error:
        raise StoreError(f"Could not save {path}: {error.strerror or error}. "
                         "Check that the folder exists and is yours.") from None
    try:
        os.fchmod(descriptor, FILE_MODE)
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                written = calls["write"](descriptor, view)
                view = view[written:]
        if sync:
            calls["fsync"](descriptor)
        os.close(descriptor)
        descriptor = -1
        calls["replace"](temporary, path)
    except BaseException as error:
        if descriptor != -1:
            os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise StoreError(f"Could not save {path}: {error.strerror or error}. Nothing was "
                             "changed; check free disk space and permissions.") from None
        raise
    if sync:
        _fsync_folder(path.parent)


def temporary_files(path: Path) -> list[Path]:
    """Temporary files `write_atomically` left next to `path` (only a crash leaves them)."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


MAX_DATA_FILE_BYTES = 64 * 1024 * 1024
"""Far more than a week of reflections ever holds; a bigger file was not written by Coach."""


def read_bytes(path: Path, *, trusted: bool = False) -> bytes | None:
    """The content of a data file (opened, if its folder is encrypted), or None if there is none.

    With `trusted`, the opened file must be the rep's alone (coach/permissions.py), or
    UntrustedPath is raised; the check uses the open file's own stat, so it costs nothing.
    A file larger than MAX_DATA_FILE_BYTES is DamagedFile before it is read, so a planted or
    runaway file cannot make a command take minutes or all the memory.
    """
    read = _read(path, trusted)
    return None if read is None else read[0]


def read_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """Like `read_bytes(path, trusted=True)`, with the status of the very file that was read
    (derived caches record it, to notice when the file changes)."""
    return _read(path, True)


def _read(path: Path, trusted: bool) -> tuple[bytes, os.stat_result] | None:
    try:
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            if trusted:
                ensure_trusted(path, status)
            check_size(path, status.st_size)
            raw = file.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder where Coach expects a data file. Move it away.") from None
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}. Check its permissions.") from None
    try:
        # A sealed file is opened here, on its way in; a plain one passes as it is.
        return sealing.opened(path, raw), status
    except sealing.SealError as error:
        raise DamagedFile(path, error.reason) from None


def check_size(path: Path, size: int) -> None:
    """DamagedFile if a data file of `size` bytes is too big to be Coach's own."""
    if size > MAX_DATA_FILE_BYTES:
        raise DamagedFile(path, f"it is {size // (1024 * 1024)} MB, more than the "
                                f"{MAX_DATA_FILE_BYTES // (1024 * 1024)} MB Coach ever writes to one file")


def parse_tables(path: Path, raw: bytes) -> dict[str, Any]:
    """The TinyDB tables a data file holds, or DamagedFile saying what is wrong with it."""
    try:
        data = jsoncodec.decode(raw)
    except ValueError as error:
        raise DamagedFile(path, f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise DamagedFile(path, "it holds JSON, but not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedFile(path, f"the table '{name}' is not an object")
        for key, document in table.items():
            if not key.isdigit() or not isinstance(document, dict):
                raise DamagedFile(path, f"the table '{name}' has a broken entry '{key[:20]}'")
    return data


def read_tables(path: Path) -> dict[str, Any] | None:
    """The tables of a data file, None if it does not exist, DamagedFile if it does not parse.

    The Store reads every data file through here, so a file someone else could have changed
    is refused (UntrustedPath) before it is parsed or written over."""
    raw = read_bytes(path, trusted=True)
    return None if raw is None else parse_tables(path, raw)


class AtomicJSONStorage:
    """TinyDB storage for one JSON file: atomic, private, UTF-8, and refusing damaged files.

    TinyDB reads the whole file for every step of an operation (an insert reads it three
    times) and this storage checks every value before it writes. A caller that holds the lock
    for the storage's whole life, and has checked the values it adds, can say so:
    `hold_reads=True` parses the file once and hands TinyDB the same tables afterwards (they
    stay exactly what is on disk, since nobody else can write meanwhile), and
    `values_checked=True` skips the walk over everything already in the file, which was valid
    JSON when it was read. Both keep the cost of a save low however big the file.
    """

    def __init__(self, path: str | Path, *, hold_reads: bool = False,
                 values_checked: bool = False, **_: Any) -> None:
        self.path = Path(path)
        self.hold_reads = hold_reads
        self.values_checked = values_checked
        self._held: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._held is not None:
            return self._held
        tables = read_tables(self.path)
        if self.hold_reads:
            self._held = tables
        return tables

    def write(self, data: dict[str, Any]) -> None:
        if not self.values_checked:
            check_json_safe(data, self.path.name)
        try:
            text = jsoncodec.encode(data)
        except ValueError as error:
            raise StoreError(f"Cannot save to {self.path.name}: {error}.") from None
        write_atomically(self.path, text)
        if self.hold_reads:
            self._held = data

    def close(self) -> None:
        """Nothing stays open between calls."""
