"""Opening a data folder: one an older Coach wrote is migrated, and each file gets its backups.

The folder's schema version is in meta.json. A migration first checks every file, so a damaged
one stops it before anything changes, and takes a snapshot of them all; each record carries its
version, so an interrupted migration resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.store import layout
from coach.store.backups import sweep, swept_on, take_snapshot
from coach.store.cachefile import remove_legacy
from coach.store.migrations import migrate_record, needs_migration
from coach.store.reading import TABLE_KINDS, Reader
from coach.store.records import SCHEMA
from coach.store.storage import AtomicJSONStorage, read_tables

Locked = Callable[[], AbstractContextManager[None]]
"""Holds the folder's lock while its context lasts (re-entrant within the process)."""
Put = Callable[[Path, dict[str, Any], str], None]
"""Saves a record (in a file; a kind of record, for messages) in place of any with its id."""
Changed = Callable[[Path], None]
"""Brings what is derived from a data file up to date after it changed."""


def schema_version(reader: Reader) -> int | None:
    """The schema version recorded in meta.json (None for a folder from before versions)."""
    for record in reader.read_table(layout.single_file(reader.home, layout.META)):
        if record.get("id") == "folder" and isinstance(record.get("schema"), int):
            return int(record["schema"])
    return None


def open_folder(reader: Reader, locked: Locked, put: Put, changed: Changed) -> None:
    """Bring the folder to the current schema if an older Coach wrote it, then make sure
    every file has a recent backup."""
    if schema_version(reader) != SCHEMA:
        _upgrade(reader, locked, put, changed)
    home = reader.home
    # The previous version kept caches here that ran code when read; they go, unread.
    remove_legacy(home)
    today = date.today()
    if swept_on(home) != today:
        try:
            with locked():
                sweep(home, layout.data_files(home), today)
        except StoreError:
            # A folder that cannot be written to can still be read; `coach doctor`
            # reports the missing backups.
            pass


def _upgrade(reader: Reader, locked: Locked, put: Put, changed: Changed) -> None:
    with locked():
        version = schema_version(reader)
        if version == SCHEMA:
            return  # another process migrated it while we waited
        if version is not None and version > SCHEMA:
            raise StoreError(
                f"{reader.home} was written by a newer Coach (schema {version}; this one knows "
                f"up to {SCHEMA}). Upgrade Coach; your data has not been changed.")
        _migrate(reader, changed)
        put(layout.single_file(reader.home, layout.META),
            {"id": "folder", "schema": SCHEMA,
             "migrated": datetime.now().astimezone().isoformat(timespec="seconds")},
            "folder record")


def _migrate(reader: Reader, changed: Changed) -> None:
    """Bring every record up to SCHEMA, after a snapshot of every file (called under the lock).

    Every file is checked first, so a damaged one stops the migration before anything
    changes; and every record carries its version, so an interrupted migration resumes.
    """
    home = reader.home
    files = [path for path in layout.data_files(home)
             if layout.table_name(home, path) in TABLE_KINDS]
    stale: list[Path] = []
    with reader.damage_explained():
        for path in files:
            records = reader.read_table(path)
            if any(needs_migration(record) for record in records):
                stale.append(path)
    if not stale:
        return
    take_snapshot(home, layout.data_files(home), f"before-schema-{SCHEMA}", datetime.now())
    for path in stale:
        name = layout.table_name(home, path)
        with reader.damage_explained():
            tables = read_tables(path) or {}
        tables[name] = {key: migrate_record(record, TABLE_KINDS[name])
                        for key, record in tables.get(name, {}).items()}
        AtomicJSONStorage(path).write(tables)
        changed(path)
