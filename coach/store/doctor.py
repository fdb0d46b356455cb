"""Checking a data folder: permissions, files that parse, backups, the schema version, the lock.

It only reads (and writes and removes one small file, to prove a save would work): every
finding says what is wrong and what to type to fix it, and the rep decides. Problems put the data at risk or stop Coach from working; notes need no action.
"""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import StoreError
from coach.store import layout
from coach.store.backups import SNAPSHOTS, backup_day, latest_backup
from coach.store.cachefile import check_caches
from coach.store.config import config_findings
from coach.store.damage import record_findings
from coach.store.locking import FolderLock
from coach.store.migrations import record_version
from coach.store.records import SCHEMA
from coach.store.storage import DamagedFile, parse_tables, read_bytes
from coach.store.trust import trust_findings, write_problem

LOCK_WAIT_SECONDS = 2.0
"""A save holds the lock for milliseconds; one held this long is stuck."""

SKIPPED_FOLDERS = ("playbooks",)
"""Folders the rep manages by hand, left out of the permission check."""


@dataclass(frozen=True)
class Finding:
    """One thing the doctor noticed, and what to do about it."""

    message: str
    fix: str = ""
    problem: bool = True


@dataclass
class Examination:
    """Everything the doctor found: the problems and notes, and what was fine."""

    home: Path
    findings: list[Finding] = field(default_factory=list)
    fine: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.problem]

    def add(self, message: str, fix: str = "", problem: bool = True) -> None:
        self.findings.append(Finding(message, fix, problem))


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))


def _walk(home: Path, exam: Examination) -> list[Path]:
    """Every file and folder under `home` (not the rep's playbooks), reporting unreadable ones."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        exam.add(f"Cannot look inside {error.filename}: {error.strerror}.",
                 f"chmod 700 {shlex.quote(str(error.filename))}")

    for folder, folders, files in os.walk(home, onerror=unreadable):
        base = Path(folder)
        if base == home:
            folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
        found += [base / name for name in folders + files]
    return found


def _check_permissions(exam: Examination, paths: list[Path]) -> None:
    home = exam.home
    loose: list[Path] = []
    foreign: list[Path] = []
    for path in [home, *paths]:
        try:
            status = path.lstat()
        except OSError:
            continue
        if status.st_uid != os.getuid():
            foreign.append(path)
        if stat.S_ISLNK(status.st_mode):
            continue
        if stat.S_IMODE(status.st_mode) & 0o077:
            loose.append(path)
    if foreign:
        exam.add(f"{len(foreign)} item(s) in {home} belong to another user, e.g. {foreign[0]} "
                 "(often the result of running coach with sudo); Coach cannot safely change them.",
                 f"sudo chown -R {os.getuid()} {_quoted(home)}")
    if loose:
        shown = ", ".join(str(path) for path in loose[:3])
        more = f" and {len(loose) - 3} more" if len(loose) > 3 else ""
        exam.add(f"{len(loose)} item(s) can be read or changed by other users: {shown}{more}.",
                 f"chmod -R go-rwx {_quoted(home)}")
    if not loose and not foreign:
        exam.fine.append("permissions: everything is yours alone (folders 0700, files 0600)")


def _restore_advice(home: Path, path: Path) -> str:
    aside = path.with_name(path.name + ".damaged")
    backup = latest_backup(home, path)
    good = None
    if backup is not None:
        try:
            parse_tables(backup, read_bytes(backup) or b"")
            good = backup
        except DamagedFile:
            good = None
    if good is not None:
        return (f"mv {_quoted(path)} {_quoted(aside)} && cp {_quoted(good)} {_quoted(path)}   "
                f"(restores the backup taken {backup_day(good)}; what changed in that file since "
                "then is lost, but stays readable in the .damaged copy)")
    if path.name == f"{layout.META}.json":
        return f"mv {_quoted(path)} {_quoted(aside)}   (Coach writes a new one when it next runs)"
    return (f"mv {_quoted(path)} {_quoted(aside)}   (there is no good backup; Coach starts that "
            "file afresh, and what it held can be copied back by hand from the .damaged copy)")


def _check_files(exam: Examination) -> dict[Path, int]:
    """Every data file parses and holds records this Coach can read; returns each file's size."""
    home = exam.home
    sizes: dict[Path, int] = {}
    damaged = newer = older = 0
    for path in layout.data_files(home):
        try:
            raw = read_bytes(path) or b""
            tables = parse_tables(path, raw)
        except DamagedFile as damage:
            damaged += 1
            exam.add(f"{path} is damaged ({damage.reason}); Coach refuses to read or change it.",
                     _restore_advice(home, path))
            continue
        except OSError as error:
            exam.add(f"Cannot read {path}: {error.strerror}.", f"chmod 600 {_quoted(path)}")
            continue
        sizes[path] = len(raw)
        table = tables.get(layout.table_name(home, path), {})
        for record in table.values():
            try:
                version = record_version(record)
            except StoreError:
                version = SCHEMA + 1  # a version that is not a number cannot be read either
            newer += version > SCHEMA
            older += version < SCHEMA and layout.table_name(home, path) != layout.STATE
    if newer:
        exam.add(f"{newer} record(s) were written by a newer Coach (schema above {SCHEMA}).",
                 "Upgrade Coach before using this folder.")
    if older:
        exam.add(f"{older} record(s) use an older schema; Coach migrates them the next time it "
                 "opens the folder, after a snapshot backup.", problem=False)
    for folder, _ in layout.PARTITIONED.values():
        directory = home / folder
        if directory.is_dir():
            leftovers = sorted(directory.glob(".*.tmp"))
            known = set(layout.partitions(home, folder))
            strays = [path for path in directory.iterdir()
                      if not path.name.startswith(".") and path not in known]
            if leftovers:
                exam.add(f"{len(leftovers)} unfinished write(s) from a crash in {directory}; the "
                         "real files are intact and Coach removes each when it next saves that file.",
                         f"rm {' '.join(_quoted(path) for path in leftovers[:5])}", problem=False)
            if strays:
                exam.add(f"{len(strays)} file(s) in {directory} are not Coach's and are ignored, "
                         f"e.g. {strays[0].name}.", problem=False)
    if not damaged:
        exam.fine.append(f"data: all {len(sizes)} data file(s) parse")
    return sizes


def _check_backups(exam: Examination, files: list[Path]) -> None:
    home = exam.home
    missing = [path for path in files if latest_backup(home, path) is None]
    newest = max((backup_day(backup) for path in files
                  if (backup := latest_backup(home, path)) is not None), default=None)
    if missing:
        exam.add(f"{len(missing)} data file(s) have no backup yet, e.g. {missing[0]}. Coach copies "
                 "every changed file once a day, the next time it runs.", problem=False)
    if files and newest is not None:
        exam.fine.append(f"backups: the newest is from {newest} (kept in {home / layout.BACKUPS})")
    snapshots = home / layout.BACKUPS / SNAPSHOTS
    if snapshots.is_dir() and any(snapshots.iterdir()):
        exam.add(f"Pre-migration snapshots are kept in {snapshots}; delete them once you are "
                 "happy with the migrated data.", problem=False)


def _check_schema(exam: Examination, has_data: bool) -> None:
    meta = layout.single_file(exam.home, layout.META)
    try:
        tables = parse_tables(meta, read_bytes(meta) or b"") if meta.exists() else None
    except DamagedFile:
        return  # already reported with the other files
    version = None
    for record in (tables or {}).get(layout.META, {}).values():
        if record.get("id") == "folder" and isinstance(record.get("schema"), int):
            version = record["schema"]
    if version is None:
        if has_data:
            exam.add("The folder predates schema versions; Coach migrates it the next time it "
                     "opens it, after a snapshot backup.", problem=False)
        return
    if version > SCHEMA:
        exam.add(f"The folder is at schema {version}, newer than this Coach ({SCHEMA}).",
                 "Upgrade Coach; until then, do not use this version with this folder.")
    elif version < SCHEMA:
        exam.add(f"The folder is at schema {version}; Coach migrates it to {SCHEMA} the next time "
                 "it opens it, after a snapshot backup.", problem=False)
    else:
        exam.fine.append(f"schema: version {version}, the current one")


def _check_lock(exam: Examination) -> None:
    path = exam.home / layout.LOCK
    if not path.exists():
        exam.fine.append("lock: free")
        return
    try:
        stuck = FolderLock(path, timeout=LOCK_WAIT_SECONDS).is_stuck()
    except OSError as error:
        exam.add(f"Cannot use the lock {path}: {error.strerror}.",
                 f"rm {_quoted(path)}   (only while no coach is running; it is recreated)")
        return
    if stuck:
        exam.add(f"Another process has held the lock {path} for over {LOCK_WAIT_SECONDS:g}s. "
                 "A save takes milliseconds, so it is probably stuck.",
                 f"find it with `fuser -v {_quoted(path)}` (or `lsof {_quoted(path)}`) and end "
                 "it, or close your other coach windows. If no coach runs anywhere and the lock "
                 f"stays (a file system without real locks), remove it: rm {_quoted(path)}")
    else:
        exam.fine.append("lock: free")


def _check_trust(exam: Examination) -> None:
    """What would make Coach refuse the folder (coach/store/trust.py), and whether it can save."""
    for message, fix in trust_findings(exam.home):
        exam.add(message, fix)
    problem = write_problem(exam.home)
    if problem is None:
        exam.fine.append("writing: a test file was saved and removed")
    else:
        exam.add(*problem)


def _check_config(exam: Examination) -> None:
    """The settings file: it parses within its bounds, each value checks out, no stray keys."""
    findings, fine = config_findings(exam.home)
    exam.findings += [Finding(*finding) for finding in findings]
    exam.fine += [fine] if fine else []


def examine(home: Path) -> Examination:
    """Check the data folder at `home` without changing anything in it."""
    exam = Examination(home)
    if not home.exists():
        exam.add(f"There is no data folder at {home} yet; Coach creates it the first time it saves.",
                 problem=False)
        return exam
    if not home.is_dir():
        exam.add(f"{home} is not a folder.", "point COACH_HOME at a folder (or remove the file)")
        return exam
    paths = _walk(home, exam)
    _check_permissions(exam, paths)
    _check_trust(exam)
    _check_config(exam)
    sizes = _check_files(exam)
    findings, fine = record_findings(home)  # damaged records inside files that parse
    exam.findings += [Finding(*finding) for finding in findings]
    exam.fine += [fine] if fine else []
    _check_backups(exam, list(sizes))
    _check_schema(exam, bool(sizes))
    _check_lock(exam)
    check_caches(exam)
    return exam
