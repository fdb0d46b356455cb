"""Whether a file or folder Coach reads is the rep's own: owned by them, writable by nobody else.

This is the rule ssh applies to ~/.ssh. Coach reads its records, settings and the rep's own
playbooks from the data folder; if another user owns one of them, or could write to it, that
user could change what Coach shows or saves, so Coach refuses to use it and says how to fix it.
Coach's own files are created owner-only (0600 files, 0700 folders), so only a hand-made change
trips this check. The store and the playbook library both call it; it imports nothing of theirs.

A group-writable path is accepted when the group is the owner's private group (the usual setup
on Debian and Ubuntu, where a user's umask is 002 and their group holds only them): nobody else
can write through it. Windows has no POSIX owners or modes, so there the check is skipped.
"""

from __future__ import annotations

import os
import shlex
import stat
from functools import lru_cache
from pathlib import Path

from coach.errors import UntrustedPath

CHECKED = os.name == "posix" and hasattr(os, "getuid")

PLAYBOOKS = "playbooks"
"""The rep's own playbooks, in the data folder."""
RULES = "rules"
"""The rep's own rules, inside their playbooks folder."""
PLAYBOOK_SUFFIXES = (".yaml", ".yml")


@lru_cache(maxsize=8)
def _private_group(gid: int, uid: int) -> bool:
    """Whether the group `gid` holds nobody but the user `uid` (its only member, as ssh checks)."""
    import grp
    import pwd

    try:
        group = grp.getgrgid(gid)
        owner = pwd.getpwuid(uid).pw_name
    except KeyError:
        return False
    if any(member != owner for member in group.gr_mem):
        return False
    primary = [user.pw_uid for user in pwd.getpwall() if user.pw_gid == gid]
    if any(other != uid for other in primary):
        return False
    return bool(primary or group.gr_mem)


def problem_with(path: Path, status: os.stat_result, *, private: bool = False
                 ) -> UntrustedPath | None:
    """Why `path` (whose stat is `status`) cannot be trusted, with the fix; None if it can.

    `private` marks Coach's own folders, whose fix makes them owner-only (chmod 700); for files
    and the rep's playbook folders the fix only takes away the others' write permission.
    """
    if not CHECKED:
        return None
    uid = os.getuid()
    quoted = shlex.quote(str(path))
    wrong: list[str] = []
    fixes: list[str] = []
    if status.st_uid != uid:
        wrong.append("it belongs to another user")
        # $USER is left for the rep's shell to fill in, before sudo runs.
        fixes.append(f"{'' if uid == 0 else 'sudo '}chown $USER {quoted}")
    others_write = status.st_mode & stat.S_IWOTH
    group_write = status.st_mode & stat.S_IWGRP and not _private_group(status.st_gid, uid)
    if others_write or group_write:
        wrong.append("other users can write to it")
        folder = stat.S_ISDIR(status.st_mode)
        fixes.append(f"chmod 700 {quoted}" if folder and private else f"chmod go-w {quoted}")
    if not wrong:
        return None
    return UntrustedPath(str(path), " and ".join(wrong), " && ".join(fixes))


def ensure_trusted(path: Path, status: os.stat_result | None = None, *,
                   private: bool = False) -> None:
    """Raise UntrustedPath if `path` is not the rep's alone; a missing path is fine.

    Pass the `status` of a file already opened (os.fstat), so the check costs nothing and is
    about exactly the file that is read.
    """
    if not CHECKED:
        return
    if status is None:
        try:
            status = os.stat(path)
        except OSError:
            return  # missing or unreadable: the read that follows says so
    found = problem_with(path, status, private=private)
    if found is not None:
        raise found


def playbook_paths(folder: Path) -> list[Path]:
    """The rep's playbook folder, its playbook files, and its rules/ folder and files."""
    found: list[Path] = []
    for place in (folder, folder / RULES):
        if not place.is_dir():
            continue
        found.append(place)
        found += sorted(path for path in place.iterdir()
                        if path.suffix in PLAYBOOK_SUFFIXES and path.is_file())
    return found


def ensure_playbooks_trusted(folder: Path) -> None:
    """Refuse the rep's playbook folder if any part of it is not theirs alone.

    A playbook decides what Coach asks and says, so one that someone else could edit is refused
    like a data file. The folder holds a handful of files, so checking them all is cheap.
    """
    for path in playbook_paths(folder):
        ensure_trusted(path)
