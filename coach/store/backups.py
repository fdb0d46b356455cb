"""Rotated backups of the data files: a daily copy of each file that changed, and a full snapshot
before a migration.

    backups/reflections/2026-W47.2026-11-20.json   the week's file as it was before the first
                                                   change on 20 November
    backups/drafts.2026-11-20.json
    backups/snapshots/2026-11-20T103000-before-schema-1/...   every data file, before a migration

A file is copied before its first change of a day, and once a day a sweep copies every file
that changed since its newest backup, so each file has a copy of how it stood at the end of its
last day of changes. A backup is taken only of a file that parses, so a damaged file never
pushes good backups out of the rotation. The callers hold the store's lock.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime
from pathlib import Path

from coach.errors import StoreError
from coach.store.layout import BACKUPS, relative
from coach.store.storage import (
    DamagedFile,
    make_private_folder,
    parse_tables,
    read_bytes,
    write_atomically,
)

DAILY_KEPT = 7
"""How many daily backups of each file are kept."""

SNAPSHOTS_KEPT = 3
"""How many pre-migration snapshots are kept."""

SNAPSHOTS = "snapshots"
SWEEP_MARKER = "last-sweep"
PARTIAL = ".partial-"
"""The name of a snapshot folder starts so while it is being written."""
_DAY = re.compile(r"\.(\d{4}-\d{2}-\d{2})\.json$")


def _backup_folder(home: Path, path: Path) -> Path:
    parent = Path(relative(home, path)).parent
    return home / BACKUPS / parent


def daily_backup_path(home: Path, path: Path, day: date) -> Path:
    """Where the backup of `path` taken on `day` goes."""
    return _backup_folder(home, path) / f"{path.stem}.{day.isoformat()}.json"


def backups_of(home: Path, path: Path) -> list[Path]:
    """The daily backups of one data file, newest first."""
    folder = _backup_folder(home, path)
    if not folder.is_dir():
        return []
    found = [item for item in folder.glob(f"{path.stem}.*.json") if _DAY.search(item.name)
             and item.name[: -len(".YYYY-MM-DD.json")] == path.stem]
    return sorted(found, reverse=True)


def _newest_in(folder: Path) -> dict[str, Path]:
    """The newest daily backup in `folder` of each file, by the file's stem."""
    newest: dict[str, Path] = {}
    if not folder.is_dir():
        return newest
    for item in folder.iterdir():
        match = _DAY.search(item.name)
        if match:
            stem = item.name[: match.start()]
            if stem not in newest or item.name > newest[stem].name:
                newest[stem] = item
    return newest


def latest_backup(home: Path, path: Path) -> Path | None:
    """The newest daily backup of `path`, if there is one."""
    found = backups_of(home, path)
    return found[0] if found else None


def backup_day(backup: Path) -> str:
    """The day a daily backup was taken, as written in its name."""
    match = _DAY.search(backup.name)
    return match.group(1) if match else "?"


def take_daily_backup(home: Path, path: Path, today: date) -> Path | None:
    """Copy `path` into the backups if it has not been copied today; keep the newest DAILY_KEPT.

    Raises DamagedFile, and copies nothing, if the file does not parse. Returns the new backup.
    """
    target = daily_backup_path(home, path, today)
    if target.exists():
        return None
    raw = read_bytes(path)
    if raw is None:
        return None
    parse_tables(path, raw)
    make_private_folder(target.parent)
    write_atomically(target, raw)
    for old in backups_of(home, path)[DAILY_KEPT:]:
        old.unlink(missing_ok=True)
    return target


def sweep(home: Path, files: list[Path], today: date) -> int:
    """Back up every file that changed since its newest backup; at most once a day.

    Returns how many files were copied. Damaged files are skipped (reading them reports them).
    """
    if swept_on(home) == today:
        return 0
    copied = 0
    # One listing per backup folder: asking for each file's backups in turn would list the
    # folder once per file, and it holds a week's worth of copies of every file.
    newest_by_folder: dict[Path, dict[str, Path]] = {}
    for path in files:
        folder = _backup_folder(home, path)
        if folder not in newest_by_folder:
            newest_by_folder[folder] = _newest_in(folder)
        newest = newest_by_folder[folder].get(path.stem)
        try:
            if newest is not None and newest.stat().st_mtime >= path.stat().st_mtime:
                continue
            if take_daily_backup(home, path, today) is not None:
                copied += 1
        except (DamagedFile, OSError):
            continue
    marker = home / BACKUPS / SWEEP_MARKER
    make_private_folder(marker.parent)
    write_atomically(marker, today.isoformat())
    return copied


def swept_on(home: Path) -> date | None:
    """The day of the last backup sweep, if there was one."""
    try:
        return date.fromisoformat((home / BACKUPS / SWEEP_MARKER).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def take_snapshot(home: Path, files: list[Path], label: str, now: datetime) -> Path:
    """Copy every file in `files` into a new snapshot folder; keep the newest SNAPSHOTS_KEPT.

    The copies are written into a hidden folder and renamed into place once all are there, so
    a snapshot that fails (a full disk) leaves nothing behind: its partial copy is removed on
    the error, and one left by a killed process is removed by the next snapshot. The caller
    holds the store's lock, so no other snapshot is being written meanwhile.
    """
    root = home / BACKUPS / SNAPSHOTS
    folder = root / f"{now.strftime('%Y-%m-%dT%H%M%S')}-{label}"
    make_private_folder(root)
    for leftover in root.glob(f"{PARTIAL}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    partial = root / f"{PARTIAL}{folder.name}"
    try:
        make_private_folder(partial)
        for path in files:
            raw = read_bytes(path)
            if raw is None:
                continue
            target = partial / relative(home, path)
            make_private_folder(target.parent)
            write_atomically(target, raw)
        if folder.exists():  # a snapshot taken in the same second: this one is newer
            shutil.rmtree(folder)
        os.rename(partial, folder)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise StoreError(f"Could not take a snapshot in {root}: {error.strerror or error}. "
                             "Nothing was kept; check free disk space and permissions.") from None
        raise
    for old in snapshots(home)[SNAPSHOTS_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def snapshots(home: Path) -> list[Path]:
    """The pre-migration snapshots, newest first (not one still being written)."""
    root = home / BACKUPS / SNAPSHOTS
    if not root.is_dir():
        return []
    return sorted((item for item in root.iterdir()
                   if item.is_dir() and not item.name.startswith(PARTIAL)), reverse=True)
