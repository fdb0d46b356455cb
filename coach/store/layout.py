"""Where each file lives in the data folder, and which files hold the rep's records.

    meta.json                   the schema version of the folder
    reflections/2026-W47.json   finished reflections, one TinyDB file per ISO week
    effort/2026-W47.json        effort events, one TinyDB file per ISO week
    drafts.json                 unfinished conversations (small, rewritten often)
    state.json                  small state: which response variant comes next, callback states
    backups/                    rotated copies (see coach/store/backups.py)
    cache/                      disposable caches, only when the folder is $COACH_HOME
                                (see coach/store/paths.py; never backed up or exported)
    .lock                       held around every read-modify-write, across processes

Partitioning by week keeps the cost of a save flat however many years of history there are: a
save rewrites one small file, never the whole history.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from coach.errors import StoreError

REFLECTIONS = "reflections"
EFFORT = "effort"
DRAFTS = "drafts"
STATE = "state"
META = "meta"
BACKUPS = "backups"
LOCK = ".lock"

PARTITIONED = {"reflection": (REFLECTIONS, "finished"), "effort": (EFFORT, "at")}
"""For each partitioned record kind: its folder, and the timestamp field that picks its week."""

SINGLE_FILES = (META, DRAFTS, STATE)
"""Data files that are not partitioned; each holds one TinyDB table of the same name."""


def week_of(stamp: str) -> str:
    """The ISO week partition name of an ISO timestamp, e.g. '2026-W47'.

    >>> week_of("2026-11-20T10:30:00+01:00")
    '2026-W47'
    """
    try:
        year, week, _ = datetime.fromisoformat(stamp).isocalendar()
    except (TypeError, ValueError):
        raise StoreError(f"Cannot file a record dated {stamp!r}: it is not an ISO timestamp.") from None
    return f"{year}-W{week:02d}"


def single_file(home: Path, name: str) -> Path:
    """The path of one of the SINGLE_FILES, e.g. drafts.json."""
    return home / f"{name}.json"


def partition_of(home: Path, kind: str, record: dict[str, object]) -> Path:
    """The weekly file a reflection or effort event belongs in."""
    folder, field = PARTITIONED[kind]
    return home / folder / f"{week_of(str(record.get(field)))}.json"


def partitions(home: Path, folder: str, since: datetime | None = None) -> list[Path]:
    """The weekly files of one folder, oldest first; only those that can hold `since` or later."""
    directory = home / folder
    if not directory.is_dir():
        return []
    # Sorted by name (the ISO week sorts as text); os.scandir, since years of weeks are
    # thousands of files and pathlib's glob and comparisons would cost more than reading some.
    with os.scandir(directory) as entries:
        names = sorted(entry.name for entry in entries
                       if entry.name.endswith(".json") and "-W" in entry.name
                       and not entry.name.startswith("."))
    found = [directory / name for name in names]
    if since is None:
        return found
    # A record is filed by the week of its own local time, which can be up to a day away from
    # `since` in another time zone, so start two days early and let the caller filter exactly.
    first = f"{week_of((since - timedelta(days=2)).isoformat())}.json"
    return [path for path in found if path.name >= first]


def data_files(home: Path) -> list[Path]:
    """Every TinyDB file that holds the rep's data, in a stable order."""
    files = [single_file(home, name) for name in SINGLE_FILES]
    files = [path for path in files if path.exists()]
    for folder, _ in PARTITIONED.values():
        files += partitions(home, folder)
    return files


def table_name(home: Path, path: Path) -> str:
    """The table a data file holds: its folder name for partitions, its stem otherwise."""
    return path.stem if path.parent == home else path.parent.name


def relative(home: Path, path: Path) -> str:
    """A data file's path inside the data folder, for messages and backups."""
    try:
        return path.relative_to(home).as_posix()
    except ValueError:
        return str(path)
