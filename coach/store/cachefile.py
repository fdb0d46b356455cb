"""Disposable cache files: plain JSON behind a checked header, in the cache folder, never trusted.

A cache only saves time, and anything on disk may have been planted or damaged, so reading one
runs no code and costs no more than its cap. Each file is a one-line ASCII header followed by
a JSON payload:

    coach-cache 1 <kind> <payload length> <sha256 of the payload>\\n{...}

Before anything is decoded the file must be a regular file of ours that nobody else can
write, no bigger than the cap its reader gives, with a header of the right kind whose length
and checksum match the payload. Only then is the payload parsed, by the strict JSON codec, and
the reader checks its shape. A file that fails any step is deleted and rebuilt; it is never
fatal. The checksum catches damage (a torn write, a flipped byte, an edit); it is not a
signature, so what a cache holds must never be able to do more than the files it was made from.

This module also removes what the previous version left in the data folder (a pickled
`playbooks.cache` and marshal copies under `cache/`) without ever reading it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import stat
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from coach.errors import StoreError
from coach.store import jsoncodec, sealing
from coach.store.paths import CACHE, cache_home
from coach.store.storage import make_private_folder, write_atomically

MAGIC = b"coach-cache"
VERSION = 1
MAX_HEADER = 160
"""A header is about 100 bytes; a first line longer than this is not one."""
HARD_LIMIT = 64 * 1024 * 1024
"""No cache may be bigger, whatever its reader allows; `coach doctor` checks up to this."""

PART_SUFFIX = ".rows"
"""Cache parts without a header (see write_part); `coach doctor` leaves them to their index."""

SUBFOLDERS = ("weeks",)
"""Folders of caches inside the cache folder (the week digests: coach/store/digest.py)."""

LEGACY_PLAYBOOKS = "playbooks.cache"
LEGACY_SUFFIX = ".marshal"


def cache_folder(home: Path) -> Path:
    """The cache folder of the data folder `home` (see coach/store/paths.py)."""
    return cache_home(home)


def _header(kind: str, payload: bytes) -> bytes:
    digest = hashlib.sha256(payload).hexdigest()
    return b"%s %d %s %d %s\n" % (MAGIC, VERSION, kind.encode("ascii"), len(payload),
                                  digest.encode("ascii"))


def write_cache(path: Path, kind: str, value: Any) -> None:
    """Save `value` (plain JSON data) as the cache `path`; failing to is never an error."""
    try:
        payload = jsoncodec.encode(value)
    except ValueError:
        return
    write_cache_bytes(path, kind, payload)


def write_cache_bytes(path: Path, kind: str, payload: bytes) -> None:
    """Save a JSON text already encoded (a reader may decode it in parts: see
    coach/store/digest.py) as the cache `path`; failing to is never an error."""
    try:
        make_private_folder(path.parent)
        # No fsync: a copy torn by a power cut fails its checksum and is rebuilt.
        write_atomically(path, _header(kind, payload) + payload, sync=False)
    except StoreError:
        pass  # without the cache the next run is only slower


def _checked_payload(path: Path, kind: str | None, limit: int) -> tuple[bytes | None, str]:
    """The payload of the cache `path` once it passed every check before decoding, or the
    reason it did not (an empty reason: there is no such file)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None, ""
    except OSError as error:
        return None, f"it cannot be opened ({error.strerror})"
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, "it is not a regular file"
        if status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None, "it is not yours alone"
        limit = min(limit, HARD_LIMIT)
        if status.st_size > limit + MAX_HEADER + sealing.OVERHEAD:
            return None, f"it is {status.st_size:,} bytes, more than a cache of it can need"
        raw = file.read(limit + MAX_HEADER + sealing.OVERHEAD + 1)
    try:
        # In an encrypted folder the whole file, header and all, is sealed (storage.py).
        raw = sealing.opened(path, raw)
    except StoreError as error:
        return None, error.reason if isinstance(error, sealing.SealError) else error.message
    end = raw.find(b"\n", 0, MAX_HEADER)
    header = raw[:end + 1] if end != -1 else raw[:MAX_HEADER]
    parts = header.rstrip(b"\n").split(b" ")
    if (not header.endswith(b"\n") or len(parts) != 5 or parts[0] != MAGIC
            or parts[1] != str(VERSION).encode()
            or (kind is not None and parts[2] != kind.encode("ascii"))
            or not parts[3].isdigit()):
        return None, "it has no valid header (written by another version, or damaged)"
    length = int(parts[3])
    if length > limit or len(header) + length != len(raw):
        return None, "its size does not match its header"
    payload = raw[len(header):]
    if len(payload) != length or hashlib.sha256(payload).hexdigest().encode() != parts[4]:
        return None, "its checksum does not match (damaged or edited)"
    return payload, ""


def inspect_cache(path: Path, kind: str | None, limit: int) -> tuple[Any, str]:
    """The decoded payload of the cache `path` and "", or None and why it cannot be used.

    `kind` None accepts a cache of any kind. Nothing is changed on disk.
    """
    payload, reason = _checked_payload(path, kind, limit)
    if payload is None:
        return None, reason
    try:
        value = jsoncodec.decode(payload)
    except ValueError as error:
        return None, f"it is not valid JSON ({error})"
    return (value, "") if value is not None else (None, "it holds nothing")


def discard(path: Path) -> None:
    """Delete a cache file that cannot be used (it is rebuilt); a failure changes nothing."""
    with contextlib.suppress(OSError):
        path.unlink()


def write_part(path: Path, data: bytes) -> None:
    """Save a part of a cache that has no header of its own: the cache whose index vouches
    for it (with its size and checksums) is written after it. Failing to is never an error."""
    try:
        make_private_folder(path.parent)
        write_atomically(path, data, sync=False)
    except StoreError:
        pass


def open_part(path: Path, size: int, limit: int) -> BinaryIO:
    """A cache part (see write_part) opened for reading, once it is a regular file of ours
    that nobody else can write, of the `size` its index gives (or that plus the sealing, in an
    encrypted folder); StoreError otherwise. Its reader checks the bytes it reads."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = -1
    try:
        descriptor = os.open(path, flags)
        status = os.fstat(descriptor)
    except OSError as error:
        if descriptor != -1:
            os.close(descriptor)
        raise StoreError(f"{path} cannot be read ({error.strerror})") from None
    expected = size + sealing.OVERHEAD if sealing.seals(path) else size
    if (not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid()
            or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or size > limit
            or status.st_size != expected):
        os.close(descriptor)
        raise StoreError(f"{path} is not the cache part its index describes")
    return os.fdopen(descriptor, "rb")


def read_cache_bytes(path: Path, kind: str, limit: int) -> bytes | None:
    """The payload of the cache `path` once it passed every check before decoding, or None;
    a cache that fails a check is deleted. The caller decodes it, and checks what it holds."""
    payload, reason = _checked_payload(path, kind, limit)
    if payload is None and reason:
        discard(path)
    return payload


def read_cache(path: Path, kind: str, limit: int) -> Any:
    """The decoded payload of the cache `path`, or None; a cache that fails a check is deleted."""
    value, reason = inspect_cache(path, kind, limit)
    if value is None and reason:
        discard(path)
    return value


def legacy_files(home: Path) -> list[Path]:
    """What the previous version's caches left in the data folder `home`; never to be read."""
    found: list[Path] = []
    pickled = home / LEGACY_PLAYBOOKS
    if pickled.is_symlink() or pickled.exists():
        found.append(pickled)
    old = home / CACHE
    if old.is_dir() and not old.is_symlink():
        for folder, folders, files in os.walk(old):
            if Path(folder) == cache_folder(home):
                folders[:] = [name for name in folders if name not in SUBFOLDERS]  # today's caches
            # Temporary files of an interrupted write are named ".<name>.marshal.<random>.tmp".
            found += [Path(folder) / name for name in sorted(files)
                      if name.endswith(LEGACY_SUFFIX) or (LEGACY_SUFFIX + ".") in name]
    return found


def remove_legacy(home: Path) -> None:
    """Delete the previous version's caches from `home`, unread, and their emptied folders."""
    for path in legacy_files(home):
        discard(path)
    old, current = home / CACHE, cache_folder(home)
    if old.is_dir() and not old.is_symlink():
        # Only emptied folders go (deepest first); whatever else is there stays where it is.
        for folder, _, _ in sorted(os.walk(old), key=lambda entry: -len(entry[0])):
            if Path(folder) != current:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)



class Examination(Protocol):
    """The part of `coach doctor`'s examination (coach/store/doctor.py) the cache check uses."""

    home: Path
    fine: list[str]

    def add(self, message: str, fix: str = "", problem: bool = True) -> None: ...


def check_caches(exam: Examination) -> None:
    """Tell `coach doctor` about the caches of the data folder: each file that fails its checks,
    and what an older Coach left behind.

    Every file in the cache folder goes through the checks a reader makes before it decodes
    anything, and is decoded only if it passes them; nothing is changed. A bad cache is a note,
    not a problem: it is never trusted and is rebuilt by itself.
    """
    folder = cache_folder(exam.home)
    try:
        names = sorted(os.listdir(folder)) if folder.is_dir() and not folder.is_symlink() else []
    except OSError as error:
        exam.add(f"Cannot look inside the cache folder {folder}: {error.strerror}.",
                 f"nothing is lost by deleting it: rm -r {shlex.quote(str(folder))}")
        return
    unusable = 0
    paths = [folder / name for name in names]
    for subfolder in SUBFOLDERS:
        inside = folder / subfolder
        if inside.is_dir() and not inside.is_symlink():
            with contextlib.suppress(OSError):
                paths += sorted(inside.iterdir())
    for path in paths:
        name = path.name
        if (name.startswith(".") and name.endswith(".tmp")) or path.is_dir() or name.endswith(
                PART_SUFFIX):
            continue  # a write in progress, or the previous version's folders (below)
        value, reason = inspect_cache(path, None, HARD_LIMIT)
        if value is not None and type(value) not in (dict, list):
            reason = "it does not hold what a cache holds"
        if reason:
            unusable += 1
            exam.add(f"The cache {path} cannot be used: {reason}. Coach does not trust it and "
                     "rebuilds it when it next needs it.",
                     f"nothing to do; or delete it now: rm {shlex.quote(str(path))}", problem=False)
    leftovers = legacy_files(exam.home)
    if leftovers:
        shown = " ".join(shlex.quote(str(path)) for path in leftovers[:5])
        exam.add(f"{len(leftovers)} cache file(s) from an older Coach are left in the data folder, "
                 f"e.g. {leftovers[0]}. They are never read, and Coach removes them the next "
                 "time it opens the folder.", f"nothing to do; or delete them now: rm {shown}",
                 problem=False)
    if not unusable and not leftovers:
        exam.fine.append(f"caches: every file in {folder} passes its checks")
