"""Damaged stored records are skipped by every view with one warning, listed by `coach doctor`,
and removed by `coach delete ID`, which also deletes ordinary records by any unique prefix."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW, make_app, run_coach
from sample_records import effort, reflection

from coach.cli import main
from coach.commands.app import App
from coach.store.layout import partition_of, week_of
from coach.store.store import Store

WARNING = "Skipped 1 damaged reflection; `coach doctor` lists it."
LAST_WEEK = FIXED_NOW - timedelta(days=3)
WEEK = week_of(LAST_WEEK.isoformat())


def plant(home: Path, record: dict[str, Any], week_of: dict[str, Any]) -> Path:
    """Write `record` straight into the week file that `week_of` belongs in, as a hand edit would."""
    path = partition_of(home, str(week_of["kind"]), week_of)
    data = json.loads(path.read_text(encoding="utf-8"))
    table = data[path.parent.name]
    table[str(max(int(key) for key in table) + 1)] = record
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def damaged_home(tmp_path: Path) -> Path:
    """Two good reflections and effort, and a reflection finished in year 1 in the same week."""
    home = tmp_path / "home"
    store = Store(home)
    good = reflection(finished=LAST_WEEK, record_id="good0001")
    store.add_reflection(good)
    store.add_reflection(reflection(finished=LAST_WEEK + timedelta(hours=1), record_id="good0002"))
    store.add_effort(effort(at=LAST_WEEK, count=12))
    plant(home, reflection(record_id="broken01") | {"finished": "0001-01-01T00:10:00+01:00",
                                                     "started": "0001-01-01T00:05:00+01:00"}, good)
    return home


VIEWS = [
    ["history"], ["history", "-n", "20"], ["history", "--format", "csv"], ["history", "--search", "x"],
    ["show", "good0001"], ["share"], ["patterns"], ["report", "--md"], ["export"],
    ["export", "--format", "md"],
]


@pytest.mark.parametrize("words", VIEWS, ids=" ".join)
def test_every_view_skips_a_damaged_record_with_one_warning(damaged_home: Path,
                                                            words: list[str]) -> None:
    result = run_coach(damaged_home, *words)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [f"coach: {WARNING}"]
    assert "broken01" not in result.stdout


def test_the_html_report_and_the_status_line_skip_it_too(damaged_home: Path,
                                                         tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = run_coach(damaged_home, "report", "--html", str(page))
    assert result.returncode == 0 and WARNING in result.stderr and page.exists()
    app = make_app(damaged_home)
    stats = app.stats()
    app.stats()  # the home screen asks again after each action: still one warning
    assert stats["dials_today"] == 0
    assert app.stderr.getvalue().count("Skipped") == 1  # type: ignore[attr-defined]


def test_show_of_a_damaged_record_says_it_is_not_found(damaged_home: Path) -> None:
    result = run_coach(damaged_home, "show", "broken")
    assert result.returncode == 1 and "No reflection has an id starting with 'broken'" in result.stderr


def test_doctor_lists_the_damaged_record_with_the_command_that_removes_it(
    damaged_home: Path,
) -> None:
    result = run_coach(damaged_home, "doctor")
    assert result.returncode == 1
    assert f"reflections/{WEEK}.json: the reflection broken01 is damaged (finished: year 1 is " \
           "outside 1970-2999)" in result.stdout
    assert "fix: coach delete broken01" in result.stdout


def test_delete_removes_the_damaged_record_after_keeping_a_copy(damaged_home: Path) -> None:
    result = run_coach(damaged_home, "delete", "broken01", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Found the reflection broken01 (0001-01-01 00:10, debrief" in result.stdout
    copies = list((damaged_home / "backups" / "deleted" / "reflections").glob(f"{WEEK}.*.json"))
    assert len(copies) == 1 and "broken01" in copies[0].read_text(encoding="utf-8")
    assert str(copies[0]) in result.stdout
    after = run_coach(damaged_home, "history")
    assert after.returncode == 0 and after.stderr == ""
    assert [line.split()[0] for line in after.stdout.splitlines()] == ["good0002", "good0001"]
    assert run_coach(damaged_home, "doctor").returncode == 0


def test_a_damaged_effort_entry_is_skipped_and_deleted_the_same_way(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = effort(at=LAST_WEEK, count=3, record_id="e-good")
    Store(home).add_effort(good)
    plant(home, effort(record_id="e-broken", count=5) | {"at": "9999-12-31T23:00:00+00:00"}, good)
    shown = run_coach(home, "patterns")
    assert shown.returncode == 0, shown.stderr
    assert "Skipped 1 damaged effort entry" in shown.stderr
    assert "coach delete e-broken" in run_coach(home, "doctor").stdout
    gone = run_coach(home, "delete", "e-broken", "--yes")
    assert gone.returncode == 0 and "the effort entry e-broken" in gone.stdout
    assert [event["id"] for event in Store(home).effort_events()] == ["e-good"]
    assert run_coach(home, "patterns").stderr == ""


def test_delete_by_prefix_removes_only_that_reflection(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(home)
    for number, record_id in enumerate(["3f2a9c", "3f2b11", "77aa00"]):
        store.add_reflection(reflection(finished=LAST_WEEK + timedelta(hours=number),
                                        record_id=record_id, answer=f"Call number {number}"))
    result = run_coach(home, "delete", "3f2a", "--yes")
    assert result.returncode == 0, result.stderr
    assert 'the reflection 3f2a9c (' in result.stdout and '"Call number 0"' in result.stdout
    assert sorted(record["id"] for record in Store(home).reflections()) == ["3f2b11", "77aa00"]


@pytest.mark.parametrize("prefix, complaint", [
    ("3f2", "'3f2' matches 2 records (3f2a9c, 3f2b11); type more of the id."),
    ("zz", "No record has an id starting with 'zz'."),
])
def test_an_ambiguous_or_unknown_id_deletes_nothing(tmp_path: Path, prefix: str,
                                                    complaint: str) -> None:
    home = tmp_path / "home"
    store = Store(home)
    store.add_reflection(reflection(record_id="3f2a9c"))
    store.add_reflection(reflection(record_id="3f2b11"))
    result = run_coach(home, "delete", prefix, "--yes")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and complaint in lines[0]
    assert len(Store(home).reflections()) == 2


def test_in_a_pipe_delete_needs_yes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(record_id="keepme"))
    result = run_coach(home, "delete", "keepme")
    assert result.returncode == 2 and "--yes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [record["id"] for record in Store(home).reflections()] == ["keepme"]


@pytest.mark.parametrize("typed, kept", [("y\n", False), ("n\n", True), ("\n", True)])
def test_on_a_terminal_delete_asks_first(tmp_path: Path, typed: str, kept: bool) -> None:
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(record_id="askme"))
    app = App(stdin=io.StringIO(typed), stdout=io.StringIO(), stderr=io.StringIO(),
              clock=lambda: FIXED_NOW, home=home, interactive=True)
    assert main(["delete", "askme"], app) == 0
    printed = app.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Delete it? [y/N]" in printed
    assert ("Kept it; nothing was deleted." in printed) == kept
    assert bool(Store(home).reflections()) == kept


def test_delete_is_listed_in_the_help() -> None:
    result = run_coach(Path("unused-home"), "--help")
    assert "delete" in result.stdout


def test_a_record_copied_twice_by_hand_is_deleted_in_one_go(tmp_path: Path) -> None:
    home = tmp_path / "home"
    record = reflection(finished=LAST_WEEK, record_id="twin0001")
    Store(home).add_reflection(record)
    plant(home, dict(record), record)
    result = run_coach(home, "delete", "twin", "--yes")
    assert result.returncode == 0, result.stderr
    assert Store(home).reflections() == []
