"""Damaged records in the data folder: finding them for `coach doctor`, and a copy before a delete.

A record can be damaged inside a file that parses: written by hand, by another tool, or by an
older Coach that imported whatever it was given. The store skips the ones that would break a
command (validation.read_problem); the doctor lists those, and notes the records that are shown
but would not pass an import's full check. `coach delete ID` removes one, after a copy of its
file is kept in backups/deleted/.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coach.errors import StoreError
from coach.messages import plural
from coach.store import layout
from coach.store.migrations import migrate_record
from coach.store.storage import make_private_folder, read_bytes, read_tables, write_atomically
from coach.store.validation import problems, read_problem

DELETED = "deleted"
"""The folder under backups/ that keeps a copy of each file as it was before a delete."""
DELETED_KEPT = 20
"""How many such copies of each file are kept."""
LISTED = 10
"""The doctor names this many damaged records one by one, then counts the rest."""


@dataclass(frozen=True)
class DamagedRecord:
    """One record that does not fit the schema, where it is, and what is wrong with it."""

    path: Path
    record_id: str | None
    kind: str
    problem: str
    skipped: bool
    """True when the views skip it (it would break them); False when it is only shown oddly."""


def damaged_records(home: Path) -> tuple[list[DamagedRecord], int]:
    """Every damaged reflection and effort event in `home`, and how many records were checked.

    Files that do not parse are left out: the doctor reports them on their own.
    """
    found: list[DamagedRecord] = []
    checked = 0
    for kind, (folder, _) in layout.PARTITIONED.items():
        for path in layout.partitions(home, folder):
            try:
                tables = read_tables(path) or {}
            except StoreError:
                continue
            for stored in tables.get(folder, {}).values():
                checked += 1
                try:
                    record = migrate_record(stored, kind)
                except StoreError:
                    continue  # a newer schema; the doctor says to upgrade
                record_id = record.get("id")
                shown_id = record_id if isinstance(record_id, str) and record_id else None
                if quick := read_problem(record):
                    found.append(DamagedRecord(path, shown_id, kind, quick, True))
                elif full := problems(record):
                    found.append(DamagedRecord(path, shown_id, kind, full[0], False))
    return found, checked


def _fix(damaged: DamagedRecord) -> str:
    if damaged.record_id is None:
        return (f"it has no id, so remove it from {shlex.quote(str(damaged.path))} by hand "
                "(copy the file first), or restore a backup of that file")
    return f"coach delete {shlex.quote(damaged.record_id)}   (a copy of the file is kept first)"


def record_findings(home: Path) -> tuple[list[tuple[str, str, bool]], str]:
    """What the doctor says about the records: (message, fix, is a problem) each, and a line
    for what was fine ("" when something was wrong)."""
    found, checked = damaged_records(home)
    skipped = [damaged for damaged in found if damaged.skipped]
    odd = [damaged for damaged in found if not damaged.skipped]
    findings: list[tuple[str, str, bool]] = []
    for damaged in skipped[:LISTED]:
        name = "reflection" if damaged.kind == "reflection" else "effort entry"
        findings.append((f"{layout.relative(home, damaged.path)}: the {name} "
                         f"{damaged.record_id or '(no id)'} is damaged ({damaged.problem}), so "
                         "Coach leaves it out of everything it shows.", _fix(damaged), True))
    if len(skipped) > LISTED:
        findings.append((f"... and {plural(len(skipped) - LISTED, 'more damaged record')}.",
                         "`coach delete ID` for each", True))
    if odd:
        first = odd[0]
        verb = "does" if len(odd) == 1 else "do"
        findings.append((f"{plural(len(odd), 'record')} {verb} not fit the schema an import checks "
                         f"(docs/records.md), e.g. {first.record_id or '(no id)'} in "
                         f"{layout.relative(home, first.path)}: {first.problem}. Coach shows "
                         "them as best it can.",
                         f"look with `coach show ID`; if one is not yours, {_fix(first)}", False))
    fine = "" if skipped else f"records: all {checked:,} readable"
    return findings, fine


def keep_copy(home: Path, path: Path, now: datetime) -> Path | None:
    """Copy the data file `path` to backups/deleted/ before a record is removed from it.

    The daily backup may predate the record, so a delete keeps its own copy. Returns where it
    went (None when there is no file); the newest DELETED_KEPT copies of each file are kept.
    """
    raw = read_bytes(path)
    if raw is None:
        return None
    where = Path(layout.relative(home, path))
    folder = home / layout.BACKUPS / DELETED / where.parent
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    target = folder / f"{where.stem}.{stamp}.json"
    number = 1
    while target.exists():  # two deletes in one second: keep both copies
        number += 1
        target = folder / f"{where.stem}.{stamp}-{number}.json"
    make_private_folder(folder)
    write_atomically(target, raw)
    copies = sorted(folder.glob(f"{where.stem}.*.json"), reverse=True)
    for old in copies[DELETED_KEPT:]:
        old.unlink(missing_ok=True)
    return target
