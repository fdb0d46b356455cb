"""Every file Coach creates is readable only by its owner (0600), every folder 0700, even when
the umask would allow more."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_records import MONDAY, draft, effort, reflection

from coach.playbook.cache import cached_library
from coach.store.cachefile import cache_folder
from coach.store.storage import make_private_folder
from coach.store.store import Store


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def assert_private(root: Path) -> None:
    assert stat.S_IMODE(root.stat().st_mode) == 0o700, root
    for path in root.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_everything_the_store_creates_is_private(home: Path, open_umask: None) -> None:
    # An old folder to migrate, so a snapshot is taken too.
    legacy = home / "reflections" / "2026-W40.json"
    make_private_folder(legacy.parent)
    old = reflection()
    del old["schema"]
    legacy.write_text(json.dumps({"reflections": {"1": old}}))
    legacy.chmod(0o600)

    store = Store(home)
    for _ in range(2):  # the second save of a day takes a backup
        store.add_reflection(reflection(finished=MONDAY))
        store.add_effort(effort())
        store.save_draft(draft())
        store.count_responses(["a"])
    store.reflections()
    store.effort_events()
    cached_library(home / "playbooks", cache_folder(home))
    assert (home / ".lock").exists()
    assert list((home / "backups" / "snapshots").iterdir())
    assert (home / "cache" / "playbooks.json").exists()
    assert_private(home)


def test_missing_parent_folders_are_created_private(tmp_path: Path, open_umask: None) -> None:
    deep = tmp_path / "a" / "b" / "c"
    make_private_folder(deep)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_every_command_keeps_the_folder_private_with_an_open_umask(tmp_path: Path) -> None:
    home = tmp_path / "new" / "coach-home"  # its parent does not exist yet either
    environment = {**os.environ, "COACH_HOME": str(home)}
    exported = tmp_path / "export.jsonl"

    def coach(*args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "coach", *args], env=environment,
                                capture_output=True, text=True, umask=0, timeout=60, check=False)
        assert result.returncode == 0, result.stderr

    coach("log", "dials", "5")
    coach("log", "meeting", "--note", "ACME")
    coach("log", "--undo")
    coach("export", "-o", str(exported))
    coach("import", str(exported))
    coach("history")
    coach("doctor")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert_private(home)
