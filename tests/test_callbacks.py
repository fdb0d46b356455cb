"""`coach callbacks`: the list, done, move, the calendar file, and what `coach patterns` shows."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import run_coach, run_real_coach
from sample_records import reflection

from coach.store.store import Store


def _debrief(record_id: str, prospect: str | None, callback: date | None,
             what: str = "They asked me to call back after the budget round.") -> dict[str, Any]:
    finished = datetime.now().astimezone() - timedelta(days=1)
    record = reflection(finished, record_id=record_id, answer=what,
                        callback=callback.isoformat() if callback else None)
    record["values"]["prospect"] = prospect
    return record


@pytest.fixture
def today() -> date:
    return date.today()


@pytest.fixture
def seeded(home: Path, today: date) -> dict[str, dict[str, Any]]:
    records = {
        "late": _debrief("a1" * 16, "ACME Corp", today - timedelta(days=3)),
        "now": _debrief("b2" * 16, "Globex", today, what="Budget frozen until spring"),
        "soon": _debrief("c3" * 16, None, today + timedelta(days=5)),
        "later": _debrief("d4" * 16, "Initech", today + timedelta(days=40)),
        "none": _debrief("e5" * 16, "Umbrella", None),
    }
    store = Store(home)
    for record in records.values():
        store.add_reflection(record)
    return records


def _spoken(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def _callback_lines(home: Path) -> list[str]:
    result = run_coach(home, "callbacks")
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _pattern_callbacks(home: Path) -> list[str]:
    result = run_coach(home, "patterns")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return lines[lines.index("Callbacks") + 1:]


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_list_shows_what_is_due_and_coming_with_who_when_what_and_which(
        home: Path, seeded: dict[str, dict[str, Any]], today: date) -> None:
    lines = _callback_lines(home)
    assert lines[0] == "Due (2)"
    assert lines[1].startswith(f"  {_spoken(today - timedelta(days=3))}  ACME Corp  (3 days overdue)")
    assert "Bad timing. They asked me to call back after the budget round" in lines[1]
    assert lines[1].endswith(f"[{'a1' * 4}]")  # the short id `coach show` takes
    assert lines[2].startswith(f"  {_spoken(today)}  Globex  (due today)  Bad timing. Budget frozen")
    assert lines[3] == "Coming up (2)"
    assert lines[4].startswith(f"  {_spoken(today + timedelta(days=5))}  a prospect  (in 5 days)")
    assert lines[5].startswith(f"  {_spoken(today + timedelta(days=40))}  Initech  (in 40 days)")
    assert "Umbrella" not in "\n".join(lines)
    shown = run_coach(home, "show", "a1" * 4)
    assert shown.returncode == 0, shown.stderr
    assert "budget round" in shown.stdout


def test_done_leaves_the_list_and_patterns_and_keeps_the_reflection_as_it_was(
        home: Path, seeded: dict[str, dict[str, Any]], today: date) -> None:
    assert any("ACME Corp" in line for line in _pattern_callbacks(home))
    result = run_coach(home, "callbacks", "done", "a1a1a1")
    assert result.returncode == 0, result.stderr
    assert "ACME Corp" in result.stdout
    assert not any("ACME Corp" in line for line in _callback_lines(home))
    assert not any("ACME Corp" in line for line in _pattern_callbacks(home))
    assert any("Globex" in line for line in _pattern_callbacks(home))  # the others stay
    store = Store(home)
    assert store.find_reflection("a1" * 16) == seeded["late"]  # the answers are untouched
    [state] = store.callback_states()
    assert state["reflection"] == "a1" * 16 and state["done"] is not None
    again = run_coach(home, "callbacks", "done", "a1a1a1")
    assert again.returncode == 0 and "already" in again.stdout


def test_move_puts_a_callback_on_its_new_day_in_the_list_and_in_patterns(
        home: Path, seeded: dict[str, dict[str, Any]], today: date) -> None:
    new_day = today + timedelta(days=2)
    result = run_coach(home, "callbacks", "move", "a1a1", "+2")
    assert result.returncode == 0, result.stderr
    assert _spoken(new_day) in result.stdout
    lines = _callback_lines(home)
    [acme] = [line for line in lines if "ACME Corp" in line]
    assert acme.startswith(f"  {_spoken(new_day)}  ACME Corp  (in 2 days, moved)")
    assert lines.index(acme) > lines.index("Coming up (3)")
    patterned = [line for line in _pattern_callbacks(home) if "ACME Corp" in line]
    assert len(patterned) == 1 and new_day.isoformat() in patterned[0]
    # Words work too, several of them unquoted; and a moved callback that was done reopens.
    run_coach(home, "callbacks", "done", "a1a1")
    moved = run_coach(home, "callbacks", "move", "a1a1", "in", "3", "weeks")
    assert moved.returncode == 0, moved.stderr
    assert any(line.startswith(f"  {_spoken(today + timedelta(days=21))}  ACME Corp")
               for line in _callback_lines(home))


def test_mistakes_are_one_line_and_change_nothing(
        home: Path, seeded: dict[str, dict[str, Any]]) -> None:
    for args in (("move", "a1a1", "whenever"), ("done", "zzzz"), ("done", "e5e5"),
                 ("move", "ffff", "friday")):
        result = run_coach(home, "callbacks", *args)
        assert result.returncode != 0
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: "), result.stderr
        assert "Traceback" not in result.stderr
    assert Store(home).callback_states() == []


def test_the_calendar_file_has_one_stable_event_per_open_callback(
        home: Path, seeded: dict[str, dict[str, Any]], today: date, tmp_path: Path) -> None:
    target = tmp_path / "callbacks.ics"
    assert run_coach(home, "callbacks", "--ics", str(target)).returncode == 0
    first = _events(target.read_bytes())
    assert set(first) == {f"{key * 16}@coach" for key in ("a1", "b2", "c3", "d4")}
    acme = first[f"{'a1' * 16}@coach"]
    assert str(acme["SUMMARY"]) == "Call back ACME Corp"
    assert acme.decoded("DTSTART") == today - timedelta(days=3)
    assert acme.decoded("DTEND") == today - timedelta(days=2)  # one all-day event
    assert "budget round" in str(acme["DESCRIPTION"])
    assert str(first[f"{'c3' * 16}@coach"]["SUMMARY"]) == "Call back a prospect"

    # Exported again, the same callbacks keep their UIDs, so a calendar updates, not copies.
    assert run_coach(home, "callbacks", "--ics", str(target), "--force").returncode == 0
    assert set(_events(target.read_bytes())) == set(first)

    run_coach(home, "callbacks", "done", "b2b2")
    run_coach(home, "callbacks", "move", "a1a1", "+4")
    printed = run_coach(home, "callbacks", "--ics", "-")
    assert printed.returncode == 0, printed.stderr
    after = _events(printed.stdout.encode("utf-8"))
    assert set(after) == set(first) - {f"{'b2' * 16}@coach"}  # the done one is gone
    moved = after[f"{'a1' * 16}@coach"]
    assert moved.decoded("DTSTART") == today + timedelta(days=4)
    assert int(moved["SEQUENCE"]) > int(acme["SEQUENCE"])  # the calendar takes the new date


def test_an_existing_file_is_replaced_only_with_force(
        home: Path, seeded: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n")
    result = run_coach(home, "callbacks", "--ics", str(notes))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert "--force" in result.stderr and notes.read_text() == "my own notes\n"
    calendar = tmp_path / "callbacks.ics"
    assert run_coach(home, "callbacks", "--ics", str(calendar)).returncode == 0
    again = run_coach(home, "callbacks", "--ics", str(calendar), "--force")
    assert again.returncode == 0, again.stderr
    assert calendar.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_without_icalendar_the_calendar_file_says_how_to_get_it(
        home: Path, seeded: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    # A package named icalendar that cannot be imported stands for one that is not installed.
    blocked = tmp_path / "blocked" / "icalendar"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('not installed')\n")
    result = run_real_coach(home, "callbacks", "--ics", "-",
                       env={"PYTHONPATH": os.pathsep.join([str(blocked.parent),
                                                           os.environ.get("PYTHONPATH", "")])})
    assert result.returncode == 1
    assert result.stderr.strip() == ("coach: Writing a calendar file needs the icalendar package, "
                                     "which comes with Coach but could not be loaded: pip install "
                                     "icalendar (or reinstall Coach), then try again.")
    assert result.stdout == ""


def test_what_the_rep_typed_cannot_drive_the_terminal(home: Path, today: date) -> None:
    Store(home).add_reflection(_debrief("f6" * 16, "Evil\x1b[2J Corp", today,
                                        what="Said \x1b]0;title\x07 and hung up"))
    listed = run_coach(home, "callbacks")
    printed = run_coach(home, "callbacks", "--ics", "-")
    for output in (listed.stdout, printed.stdout):
        assert "\x1b" not in output and "\x07" not in output
    assert "Evil[2J Corp" in listed.stdout


def test_no_callbacks_says_where_they_come_from(home: Path) -> None:
    result = run_coach(home, "callbacks")
    assert result.returncode == 0
    assert "No open callbacks" in result.stdout


@pytest.mark.parametrize("command", [("show",), ("delete", "--yes"), ("callbacks", "done"),
                                     ("forget",)])
def test_every_lookup_by_id_answers_the_same_way(
        home: Path, seeded: dict[str, dict[str, Any]], command: tuple[str, ...]) -> None:
    # One rule (coach/store/lookup.py): nothing typed, nothing found and several found are each
    # one line that says what to do, with exit code 1, whatever is looked up.
    for typed, said in (("   ", "Give the id"), ("zz", "has an id starting with 'zz'")):
        result = run_coach(home, *command, typed)
        assert result.returncode == 1 and said in result.stderr, (typed, result.stderr)
