"""`coach doctor`: finds what is wrong with the data folder, says how to fix it, changes nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_app, run_coach
from sample_records import MONDAY, reflection

from coach.cli import main
from coach.errors import StoreError
from coach.store import doctor
from coach.store.locking import FolderLock
from coach.store.store import Store


def coach_doctor(home: Path) -> tuple[int, str]:
    app = make_app(home)
    code = main(["doctor"], app)
    return code, app.stdout.getvalue()  # type: ignore[attr-defined]


def tree(home: Path) -> dict[str, tuple[int, bytes]]:
    """Every path under `home` with its mode and content, to show nothing changed."""
    return {str(path.relative_to(home)): (path.stat().st_mode,
                                          b"" if path.is_dir() else path.read_bytes())
            for path in sorted(home.rglob("*"))}


@pytest.fixture
def used(home: Path) -> Store:
    """A folder after a few days of use: two saves in one week, so a backup exists."""
    store = Store(home)
    store.add_reflection(reflection(finished=MONDAY, record_id="first"))
    store.add_reflection(reflection(finished=MONDAY, record_id="second"))
    store.reflections()
    return store


def test_a_healthy_folder_passes(used: Store) -> None:
    code, out = coach_doctor(used.home)
    assert code == 0
    assert out.strip().endswith("No problems found.")
    for area in ("permissions:", "data:", "backups:", "schema: version 1", "lock: free"):
        assert area in out


def test_a_missing_folder_is_a_note_and_is_not_created(tmp_path: Path) -> None:
    code, out = coach_doctor(tmp_path / "nothing")
    assert code == 0 and "no data folder" in out
    assert not (tmp_path / "nothing").exists()


def test_loose_permissions_are_a_problem_with_a_fix(used: Store) -> None:
    partition = used.home / "reflections" / "2026-W47.json"
    partition.chmod(0o644)
    (used.home / "effort").mkdir(mode=0o755)
    (used.home / "effort").chmod(0o755)
    before = tree(used.home)
    code, out = coach_doctor(used.home)
    assert code == 1
    assert "PROBLEM  2 item(s) can be read or changed by other users" in out
    assert f"fix: chmod -R go-rwx {used.home}" in out
    assert tree(used.home) == before
    subprocess.run(["chmod", "-R", "go-rwx", str(used.home)], check=True)
    assert coach_doctor(used.home)[0] == 0


def test_a_damaged_file_gets_a_restore_command_that_works(used: Store) -> None:
    partition = used.home / "reflections" / "2026-W47.json"
    partition.write_bytes(b'{"reflections": {"1": ')
    before = tree(used.home)
    exam = doctor.examine(used.home)
    assert tree(used.home) == before  # the doctor only looks
    [damaged] = [finding for finding in exam.problems if "is damaged" in finding.message]
    assert str(partition) in damaged.message and "backups" in damaged.fix
    command = damaged.fix.split("   (")[0]
    subprocess.run(command, shell=True, check=True)
    assert (used.home / "reflections" / "2026-W47.json.damaged").read_bytes() == \
        b'{"reflections": {"1": '
    # The backup was taken before the second save of the day, so it holds the first reflection.
    assert [record["id"] for record in Store(used.home).reflections()] == ["first"]
    code, out = coach_doctor(used.home)
    assert code == 0, out
    assert "not Coach's and are ignored" in out  # the .damaged copy left beside the partition


def test_a_damaged_file_without_a_backup_is_moved_aside(home: Path) -> None:
    Store(home).add_reflection(reflection(finished=MONDAY))
    (home / "reflections" / "2026-W47.json").write_bytes(b"\x00\x00")
    [damaged] = [f for f in doctor.examine(home).problems if "is damaged" in f.message]
    assert "there is no good backup" in damaged.fix and ".damaged" in damaged.fix


def test_a_version_0_folder_is_noted_and_left_alone(home: Path) -> None:
    old = reflection()
    del old["schema"]
    partition = home / "reflections" / "2026-W47.json"
    partition.parent.mkdir(parents=True, mode=0o700)
    home.chmod(0o700)
    partition.write_text(json.dumps({"reflections": {"1": old}}))
    partition.chmod(0o600)
    code, out = coach_doctor(home)
    assert code == 0
    assert "migrates them the next time" in out and "predates schema versions" in out
    assert not (home / "meta.json").exists()


def test_a_folder_from_a_newer_coach_is_a_problem(used: Store) -> None:
    meta = used.home / "meta.json"
    meta.write_text(json.dumps({"meta": {"1": {"id": "folder", "schema": 2}}}))
    code, out = coach_doctor(used.home)
    assert code == 1 and "newer than this Coach" in out and "Upgrade Coach" in out


def test_leftovers_of_a_crash_are_a_note(used: Store) -> None:
    (used.home / "reflections" / ".2026-W47.json.abc123.tmp").write_bytes(b"{")
    (used.home / "reflections" / ".2026-W47.json.abc123.tmp").chmod(0o600)
    code, out = coach_doctor(used.home)
    assert code == 0 and "unfinished write(s) from a crash" in out


@pytest.fixture
def held_lock(used: Store) -> Iterator[Path]:
    """Another process holding the folder's lock, as a stuck coach would."""
    lock = used.home / ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(lock)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield lock
    finally:
        holder.kill()
        holder.wait()


def test_a_stuck_lock_is_a_problem_and_saves_say_so(
        used: Store, held_lock: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "LOCK_WAIT_SECONDS", 0.2)
    exam = doctor.examine(used.home)
    [stuck] = [f for f in exam.problems if "held the lock" in f.message]
    assert "fuser" in stuck.fix
    with pytest.raises(StoreError, match="If none is running: Run `coach doctor` to see what to do"), \
            FolderLock(held_lock, timeout=0.2).held():
        pass


def test_doctor_through_the_installed_command(used: Store) -> None:
    os.chmod(used.home / "meta.json", 0o640)
    result = run_coach(used.home, "doctor")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PROBLEM" in result.stdout and "fix: chmod" in result.stdout
    assert stat.S_IMODE((used.home / "meta.json").stat().st_mode) == 0o640
