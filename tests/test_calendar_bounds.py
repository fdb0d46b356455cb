"""`coach callbacks` at the edges of the calendar: a move is bounded like every date, a calendar
file never breaks on a day an older folder kept, and it keeps RFC 5545's CRLF on stdout too."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import run_coach
from sample_records import reflection

from coach.store.records import callback_state_record
from coach.store.store import Store
from coach.store.validation import FIRST_YEAR, LAST_YEAR

RANGE = f"({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)"
ACME, GLOBEX, INITECH = "a1" * 16, "b2" * 16, "c3" * 16


def _debrief(record_id: str, prospect: str, callback: str) -> dict[str, Any]:
    finished = datetime.now().astimezone() - timedelta(days=1)
    record = reflection(finished, record_id=record_id, callback=callback)
    record["values"]["prospect"] = prospect
    return record


@pytest.fixture
def seeded(home: Path) -> Store:
    store = Store(home)
    soon = (date.today() + timedelta(days=2)).isoformat()
    store.add_reflection(_debrief(ACME, "ACME Corp", soon))
    return store


def _uids(data: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.mark.parametrize("when", ["9999-12-31", "dec 31 9999", "0001-01-01", "1969-12-31",
                                  "3000-01-01"])
def test_a_move_outside_the_years_is_refused_in_one_line(
        home: Path, seeded: Store, when: str) -> None:
    result = run_coach(home, "callbacks", "move", "a1a1", *when.split())
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: "), result.stderr
    assert "is outside the days a callback can have " + RANGE in result.stderr
    assert "pick a day in between" in result.stderr and "unexpected" not in result.stderr
    assert seeded.callback_states() == []  # nothing stored
    printed = run_coach(home, "callbacks", "--ics", "-")
    assert printed.returncode == 0 and _uids(printed.stdout.encode()) == {f"{ACME}@coach"}


@pytest.mark.parametrize("when", ["2999-12-31", "1970-01-01"])
def test_a_move_to_the_first_or_last_day_kept_is_accepted(
        home: Path, seeded: Store, when: str) -> None:
    result = run_coach(home, "callbacks", "move", "a1a1", when)
    assert result.returncode == 0, result.stderr
    printed = run_coach(home, "callbacks", "--ics", "-")
    assert printed.returncode == 0 and printed.stderr == ""
    event = icalendar.Calendar.from_ical(printed.stdout.encode()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == date.fromisoformat(when)


@pytest.fixture
def old_folder(home: Path, seeded: Store) -> Store:
    """A folder written before callbacks were bounded: a callback moved to 9999-12-31 (then the
    calendar crashed), and a reflection whose callback date is year 1."""
    seeded.save_callback_state(callback_state_record(ACME, "9999-12-31", False, 1,
                                                     datetime.now().astimezone()))
    seeded.add_reflection(_debrief(GLOBEX, "Globex", "0001-01-01"))
    seeded.add_reflection(_debrief(INITECH, "Initech", date.today().isoformat()))
    return seeded


def test_a_calendar_leaves_out_a_day_outside_the_years_and_says_so(
        home: Path, old_folder: Store, tmp_path: Path) -> None:
    printed = run_coach(home, "callbacks", "--ics", "-")
    assert printed.returncode == 0, printed.stderr
    assert _uids(printed.stdout.encode()) == {f"{INITECH}@coach"}
    note = printed.stderr
    assert note.count("\n") == 1 and note.startswith("coach: left 2 callbacks out of the calendar")
    assert f"outside {RANGE[1:-1]}" in note
    assert "a1a1a1a1 (9999-12-31)" in note and "b2b2b2b2 (0001-01-01)" in note
    assert "coach callbacks move ID" in note

    target = tmp_path / "callbacks.ics"
    written = run_coach(home, "callbacks", "--ics", str(target))
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"Wrote 1 callback to {target}.")
    assert written.stderr == note
    assert _uids(target.read_bytes()) == {f"{INITECH}@coach"}

    # The list still shows them, so the rep can move them; once moved they are in the calendar.
    listed = run_coach(home, "callbacks")
    assert "[a1a1a1a1]" in listed.stdout and "[b2b2b2b2]" in listed.stdout
    for prefix in ("a1a1", "b2b2"):
        assert run_coach(home, "callbacks", "move", prefix, "friday").returncode == 0
    again = run_coach(home, "callbacks", "--ics", "-")
    assert again.stderr == ""
    assert _uids(again.stdout.encode()) == {f"{key * 16}@coach" for key in ("a1", "b2", "c3")}


def test_the_calendar_on_stdout_keeps_crlf_line_ends(home: Path, seeded: Store) -> None:
    # A real process: only its standard output is a stream that can turn LF into CRLF, and the
    # bytes are read as they are (text mode would turn CRLF back into LF).
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "coach", "callbacks", "--ics", "-"],
                            capture_output=True, env=environment, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    data = result.stdout
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") > 10
    assert b"\r\r" not in data
    assert _uids(data) == {f"{ACME}@coach"} and result.stderr == b""
