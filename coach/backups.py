"""Rotated backups of the data files: a copy before the first change of each day, and a full
snapshot before a migration.

    backups/reflections/2026-W47.2026-11-20.json   the week's file as it was before the first
                                                   change on 20 November
    backups/drafts.2026-11-20.json
    backups/snapshots/2026-11-20T103000-before-schema-1/...   every data file, before a migration

A daily backup is taken only of a file that parses, so a damaged file never pushes good backups
out of the rotation. The callers hold the store's lock.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

from coach.layout import BACKUPS, relative
from coach.storage import make_private_folder, parse_tables, read_bytes, write_atomically

DAILY_KEPT = 7
"""How many daily backups of each file are kept."""

SNAPSHOTS_KEPT = 3
"""How many pre-migration snapshots are kept."""

SNAPSHOTS = "snapshots"
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


def take_snapshot(home: Path, files: list[Path], label: str, now: datetime) -> Path:
    """Copy every file in `files` into a new snapshot folder; keep the newest SNAPSHOTS_KEPT."""
    root = home / BACKUPS / SNAPSHOTS
    folder = root / f"{now.strftime('%Y-%m-%dT%H%M%S')}-{label}"
    for path in files:
        raw = read_bytes(path)
        if raw is None:
            continue
        target = folder / relative(home, path)
        make_private_folder(target.parent)
        write_atomically(target, raw)
    make_private_folder(folder)
    for old in sorted((item for item in root.iterdir() if item.is_dir()), reverse=True)[SNAPSHOTS_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def snapshots(home: Path) -> list[Path]:
    """The pre-migration snapshots, newest first."""
    root = home / BACKUPS / SNAPSHOTS
    if not root.is_dir():
        return []
    return sorted((item for item in root.iterdir() if item.is_dir()), reverse=True)
