"""The data folder's trust boundary: what the Store checks on opening, and what doctor reports.

Opening a store checks the folder and its record folders (a few stats); each data file is
checked as it is opened (the stat of the open file, which costs nothing), so a start never
looks at thousands of weekly files. `coach doctor` checks everything at once, and also proves
that the folder can really be written to, by writing and removing a small file.
"""

from __future__ import annotations

import errno
import os
import shlex
import tempfile
from pathlib import Path

from coach.errors import UntrustedPath
from coach.permissions import PLAYBOOKS, ensure_trusted, playbook_paths, problem_with
from coach.store import layout

PRIVATE_FOLDERS = (layout.REFLECTIONS, layout.EFFORT, layout.BACKUPS)
"""Folders of Coach's own inside the data folder, checked whenever a store is opened."""
SHOWN = 5
"""Doctor names this many untrusted paths one by one, and sums up the rest."""
PROBE_BYTES = 4096


def check_folder(home: Path) -> None:
    """Refuse a data folder, or one of its record folders, that is not the rep's alone."""
    ensure_trusted(home, private=True)
    for name in PRIVATE_FOLDERS:
        ensure_trusted(home / name, private=True)


def _untrusted(home: Path) -> list[UntrustedPath]:
    """Every path Coach would refuse to use in the data folder (the doctor's full look)."""
    private = [home, *(home / name for name in PRIVATE_FOLDERS)]
    files = [*layout.data_files(home), home / "config.toml"]
    found: list[UntrustedPath] = []
    for paths, is_private in ((private, True), (files, False),
                              (playbook_paths(home / PLAYBOOKS), False)):
        for path in paths:
            try:
                status = os.stat(path)
            except OSError:
                continue
            problem = problem_with(path, status, private=is_private)
            if problem is not None:
                found.append(problem)
    return found


def trust_findings(home: Path) -> list[tuple[str, str]]:
    """Each path Coach would refuse, as (what is wrong, the fix), for `coach doctor`."""
    found = _untrusted(home)
    findings = [(f"{problem.path}: {problem.problem}; Coach refuses to use it until it is fixed.",
                 problem.fix) for problem in found[:SHOWN]]
    rest = found[SHOWN:]
    if rest:
        quoted = shlex.quote(str(home))
        findings.append((f"{len(rest)} more item(s) in {home} have the same kind of problem, "
                         f"e.g. {rest[0].path}.", f"chmod -R go-w {quoted}"
                         + (f" && sudo chown -R $USER {quoted}"
                            if any("another user" in p.problem for p in rest) else "")))
    return findings


def write_problem(home: Path) -> tuple[str, str] | None:
    """Whether a small file can really be written, synced and removed in the data folder.

    Returns (what is wrong, the fix), or None when it can. A folder that looks fine can still be
    on a read-only or full disk, and every save would then fail.
    """
    quoted = shlex.quote(str(home))
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".doctor.", suffix=".tmp", dir=home)
    except OSError as error:
        return _explained(home, error, quoted)
    try:
        try:
            os.write(descriptor, b"\0" * PROBE_BYTES)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
            os.unlink(temporary)
    except OSError as error:
        return _explained(home, error, quoted)
    return None


def _explained(home: Path, error: OSError, quoted: str) -> tuple[str, str]:
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"Coach cannot save in {home}: the disk is full ({reason}).",
                f"free some space on that disk (`df -h {quoted}` shows how much is left)")
    if error.errno == errno.EROFS:
        return (f"Coach cannot save in {home}: the disk is mounted read-only.",
                "mount it read-write, or set COACH_HOME to a folder on another disk")
    return (f"Coach cannot save in {home}: {reason}.", f"chmod u+rwx {quoted}")
