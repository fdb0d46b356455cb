"""Damaged data files are refused with a message naming the file and its latest backup, and are
never written over: they are byte-identical afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_coach
from sample_records import MONDAY, draft, reflection

from coach.errors import StoreError
from coach.store.storage import DamagedFile
from coach.store.store import Store

VALID = b'{"reflections":{"1":{"schema":1,"kind":"reflection","id":"abc"}}}'
DAMAGE = {
    "truncated": VALID[: len(VALID) // 2],
    "nul_bytes": b"\x00" * 64,
    "empty": b"",
    "reversed_braces": b"}{",
    "not_an_object": b'["reflections"]',
    "table_not_an_object": b'{"reflections": []}',
    "entry_not_an_object": b'{"reflections": {"1": "text"}}',
    "invalid_utf8": b'{"reflections":{"1":{"id":"\xff\xfe"}}}',
    "nan": b'{"reflections":{"1":{"id":"a","sting":NaN}}}',
}


def _damaged_partition(home: Path, content: bytes) -> Path:
    Store(home)
    partition = home / "reflections" / "2026-W47.json"
    partition.parent.mkdir(mode=0o700, exist_ok=True)
    partition.write_bytes(content)
    return partition


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_damaged_partition_is_refused_and_left_byte_identical(home: Path, name: str) -> None:
    partition = _damaged_partition(home, DAMAGE[name])
    store = Store(home)
    with pytest.raises(DamagedFile) as saving:
        store.add_reflection(reflection(finished=MONDAY))
    assert str(partition) in saving.value.message
    assert "will not read or write over it" in saving.value.message
    with pytest.raises(DamagedFile):
        store.reflections()
    assert partition.read_bytes() == DAMAGE[name]
    assert not list(home.rglob("*.tmp"))


def test_the_message_names_the_latest_backup(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(finished=MONDAY))
    store.add_reflection(reflection(finished=MONDAY))  # the second save backs up the first
    partition = home / "reflections" / "2026-W47.json"
    partition.write_bytes(b"}{")
    with pytest.raises(DamagedFile) as raised:
        store.add_reflection(reflection(finished=MONDAY))
    backups = list((home / "backups" / "reflections").glob("2026-W47.*.json"))
    assert len(backups) == 1
    assert str(backups[0]) in raised.value.message
    assert partition.read_bytes() == b"}{"


@pytest.mark.parametrize("name", ["drafts", "state", "meta"])
def test_damaged_small_files_are_refused_too(home: Path, name: str) -> None:
    store = Store(home)
    store.save_draft(draft())
    store.count_responses(["debrief.sting.0"])
    path = home / f"{name}.json"
    path.write_bytes(b"\x00garbage")
    with pytest.raises(StoreError) as raised:
        store = Store(home)
        store.save_draft(draft())
        store.count_responses(["debrief.sting.0"])
    assert str(path) in raised.value.message
    assert path.read_bytes() == b"\x00garbage"


def test_a_damaged_file_is_never_copied_over_its_good_backups(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(finished=MONDAY))
    store.add_reflection(reflection(finished=MONDAY))
    backup = next((home / "backups" / "reflections").glob("*.json"))
    good = backup.read_bytes()
    backup.rename(backup.with_name("2026-W47.2026-01-01.json"))  # as if taken on an earlier day
    (home / "reflections" / "2026-W47.json").write_bytes(b"")
    with pytest.raises(DamagedFile):
        store.add_reflection(reflection(finished=MONDAY))
    assert [path.name for path in (home / "backups" / "reflections").iterdir()] == [
        "2026-W47.2026-01-01.json"]
    assert (home / "backups" / "reflections" / "2026-W47.2026-01-01.json").read_bytes() == good


def test_the_command_line_reports_damage_in_one_line_without_a_traceback(home: Path) -> None:
    partition = _damaged_partition(home, b"}{")
    result = run_coach(home, "history")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: ")
    assert str(partition) in lines[0] and "coach doctor" in lines[0]
    assert partition.read_bytes() == b"}{"


def test_an_oversized_data_file_is_refused_before_it_is_read(home: Path) -> None:
    """A planted 100 MB week file (sparse: no real disk) is damage, named, never parsed."""
    partition = _damaged_partition(home, b"")
    with partition.open("r+b") as file:
        file.truncate(100 * 1024 * 1024)
    with pytest.raises(DamagedFile) as saving:
        Store(home).add_reflection(reflection(finished=MONDAY))
    assert "100 MB, more than the 64 MB Coach ever writes" in saving.value.message
    with pytest.raises(DamagedFile):
        Store(home).reflections()
    doctor = run_coach(home, "doctor")
    assert doctor.returncode == 1
    assert f"{partition} is damaged (it is 100 MB" in doctor.stdout
    assert partition.stat().st_size == 100 * 1024 * 1024
