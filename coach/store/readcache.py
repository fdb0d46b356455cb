"""A disposable copy of each weekly partition in Python's marshal format, for fast full reads.

Reading five years of history means tens of megabytes of JSON, and parsing that takes longer
than a rep should wait. Loading the same records from marshal, with repeated text (questions,
choice labels, keys) stored once, is several times faster. The JSON partitions stay the only
source of truth: each cached copy records the size, times and inode of the JSON file it was
made from, and is used only while they still match, which any write (always a new file) or
edit changes. A cache that is missing, stale, unreadable or from another Python version is
ignored and rebuilt, so deleting cache/ is always safe. Writers never touch it; the next reader
of a changed partition refreshes its copy.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.permissions import ensure_trusted
from coach.store.layout import CACHE, relative
from coach.store.storage import make_private_folder, parse_tables, write_atomically

FORMAT = 1
_TAG = (FORMAT, sys.implementation.cache_tag, marshal.version)

Signature = tuple[int, int, int, int, int]


def cache_path(home: Path, path: Path) -> Path:
    """Where the cached copy of the partition `path` lives."""
    return home / CACHE / f"{relative(home, path)}.marshal"


def _signature(status: os.stat_result) -> Signature:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _shared_text(value: Any, pool: dict[str, str]) -> Any:
    """`value` with equal strings replaced by one object, so marshal writes each only once."""
    kind = type(value)
    if kind is str:
        return pool.setdefault(value, value)
    if kind is dict:
        return {pool.setdefault(key, key): _shared_text(item, pool) for key, item in value.items()}
    if kind is list:
        return [_shared_text(item, pool) for item in value]
    return value


def _load(cache: Path, signature: Signature) -> list[dict[str, Any]] | None:
    try:
        with cache.open("rb") as file:
            status = os.fstat(file.fileno())
            # Only trust a copy that this user wrote and nobody else could have changed.
            if status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None
            content = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (type(content) is tuple and len(content) == 3 and content[0] == _TAG
            and content[1] == signature and type(content[2]) is list):
        return content[2]
    return None


def _save(cache: Path, signature: Signature, records: list[dict[str, Any]]) -> None:
    try:
        make_private_folder(cache.parent)
        # No fsync: a copy torn by a power cut fails the checks in _load and is rebuilt.
        write_atomically(cache, marshal.dumps((_TAG, signature, _shared_text(records, {}))),
                         sync=False)
    except (StoreError, ValueError):
        pass  # The cache only saves time; without it the next read parses the JSON again.


def read_records(home: Path, path: Path, table: str) -> list[dict[str, Any]]:
    """The records of the table `table` in the partition `path`, from the cache if it is current.

    Raises DamagedFile (and caches nothing) if the JSON has to be read and does not parse.
    """
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}. Check its permissions.") from None
    with file:
        # The signature comes from the open file, so it describes exactly the bytes read below
        # even if a writer replaces the file in the meantime.
        status = os.fstat(file.fileno())
        ensure_trusted(path, status)
        signature = _signature(status)
        cache = cache_path(home, path)
        records = _load(cache, signature)
        if records is not None:
            return records
        raw = file.read()
    records = list(parse_tables(path, raw).get(table, {}).values())
    _save(cache, signature, records)
    return records
