"""A TinyDB storage that writes atomically, privately and in UTF-8, and never overwrites damage.

TinyDB only needs `read()`, `write(data)` and `close()` from a storage, so this class does not
import TinyDB. Each write goes to a temporary file in the same folder, is flushed and fsynced,
and then replaces the old file in one step, so a crash leaves either the old or the new file,
never half of one. A file that does not parse is refused, not replaced.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.errors import StoreError

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and parents) readable only by its owner; an existing one is left as is."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(
            f"{folder} exists but is not a folder: point COACH_HOME elsewhere."
        ) from None
    except OSError as error:
        raise StoreError(
            f"Cannot create the data folder {folder}: {error.strerror}. "
            "Check its permissions or set COACH_HOME to a folder you own."
        ) from None
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a folder: point COACH_HOME elsewhere.")


def check_json_safe(value: Any, where: str = "value") -> None:
    """Refuse values JSON cannot keep exactly (NaN, infinities, sets, dates, other objects)."""
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"Cannot save {where}: {value} is not a number JSON can store.")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_json_safe(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise StoreError(f"Cannot save {where}: the key {key!r} is not text.")
            check_json_safe(item, f"{where}.{key}")
        return
    raise StoreError(f"Cannot save {where}: a {type(value).__name__} is not plain JSON data.")


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


def write_atomically(
    path: Path, text: str, *, hooks: dict[str, Callable[..., Any]] | None = None
) -> None:
    """Replace `path` with `text` (UTF-8) in one atomic step, with owner-only permissions.

    `hooks` lets tests inject failures into write, fsync and replace.
    """
    calls = {"write": os.write, "fsync": os.fsync, "replace": os.replace, **(hooks or {})}
    data = text.encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        os.fchmod(descriptor, FILE_MODE)
        view = memoryview(data)
        while view:
            written = calls["write"](descriptor, view)
            view = view[written:]
        calls["fsync"](descriptor)
        os.close(descriptor)
        descriptor = -1
        calls["replace"](temporary, path)
    except BaseException as error:
        if descriptor != -1:
            os.close(descriptor)
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise StoreError(
                f"Could not save {path.name}: {error.strerror or error}. "
                "Nothing was changed; check free disk space and permissions."
            ) from None
        raise
    _fsync_folder(path.parent)


def read_json_file(path: Path) -> Any:
    """Parse a data file, or raise StoreError naming the file (None if it does not exist)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}. Check its permissions.") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StoreError(
            f"{path} is damaged (it is not valid JSON), so Coach will not write over it. "
            "Run `coach doctor` to see how to recover it."
        ) from None


class AtomicJSONStorage:
    """TinyDB storage for one JSON file: atomic, private, UTF-8, and refusing damaged files."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        data = read_json_file(self.path)
        if data is not None and not isinstance(data, dict):
            raise StoreError(
                f"{self.path} is damaged (it is not a JSON object), so Coach will not write over it. "
                "Run `coach doctor` to see how to recover it."
            )
        return data

    def write(self, data: dict[str, Any]) -> None:
        check_json_safe(data, self.path.name)
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        write_atomically(self.path, text)

    def close(self) -> None:
        """Nothing stays open between calls."""
