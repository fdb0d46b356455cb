"""Daily backups: a copy of each file before its first change of the day, seven kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sample_records import MONDAY, draft, reflection

from coach.store.backups import DAILY_KEPT
from coach.store.store import Store


def _backups(home: Path, folder: str = "reflections") -> list[Path]:
    return sorted((home / "backups" / folder).glob("*.json"))


def test_the_first_change_of_a_day_backs_up_the_file_as_it_was(store: Store) -> None:
    store.add_reflection(reflection(finished=MONDAY))
    assert _backups(store.home) == []  # nothing existed before the first save
    partition = store.home / "reflections" / "2026-W47.json"
    before = partition.read_bytes()
    store.add_reflection(reflection(finished=MONDAY))
    store.add_reflection(reflection(finished=MONDAY))
    backups = _backups(store.home)
    assert [path.name for path in backups] == [f"2026-W47.{date.today().isoformat()}.json"]
    assert backups[0].read_bytes() == before  # later saves that day do not replace it


def test_only_the_newest_backups_are_kept(store: Store) -> None:
    store.add_reflection(reflection(finished=MONDAY))
    folder = store.home / "backups" / "reflections"
    folder.mkdir(parents=True)
    for day in range(1, 11):
        (folder / f"2020-W01.2020-01-{day:02d}.json").write_bytes(b"{}")  # another file's
        (folder / f"2026-W47.2020-01-{day:02d}.json").write_bytes(b"{}")
    store.add_reflection(reflection(finished=MONDAY))
    kept = [path.name for path in _backups(store.home) if path.name.startswith("2026-W47")]
    assert len(kept) == DAILY_KEPT
    assert kept[-1] == f"2026-W47.{date.today().isoformat()}.json"
    assert kept[0] == "2026-W47.2020-01-05.json"
    assert len([path for path in _backups(store.home) if path.name.startswith("2020")]) == 10


def test_small_files_are_backed_up_too(store: Store) -> None:
    store.save_draft(draft("a"))
    store.save_draft(draft("b"))
    store.count_responses(["x"])
    store.count_responses(["x"])
    names = sorted(path.name for path in (store.home / "backups").glob("*.json"))
    today = date.today().isoformat()
    # meta.json, written when the folder was created, is copied by the sweep as the store opens.
    assert names == [f"drafts.{today}.json", f"meta.{today}.json", f"state.{today}.json"]


def test_the_daily_sweep_copies_files_changed_since_their_newest_backup(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(finished=MONDAY))
    partition = home / "reflections" / "2026-W47.json"
    assert _backups(home) == []
    (home / "backups" / "last-sweep").write_text("2020-01-01")  # as if the sweep ran long ago
    Store(home)
    backups = _backups(home)
    assert [path.name for path in backups] == [f"2026-W47.{date.today().isoformat()}.json"]
    assert backups[0].read_bytes() == partition.read_bytes()
    assert (home / "backups" / "last-sweep").read_text() == date.today().isoformat()


def test_the_sweep_skips_a_damaged_file_and_the_store_still_opens(home: Path) -> None:
    store = Store(home)
    store.add_reflection(reflection(finished=MONDAY))
    (home / "reflections" / "2026-W47.json").write_bytes(b"}{")
    (home / "backups" / "last-sweep").write_text("2020-01-01")
    Store(home)
    assert _backups(home) == []
