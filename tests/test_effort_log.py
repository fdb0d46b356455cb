"""`coach log`: effort with counts and notes, the words reps use for each kind, undo, and the
quick tally driven through prompt-toolkit's pipe input."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW, coach_at_fixed_time, run_coach
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput
from sample_records import effort

from coach.errors import StoreError, UsageError
from coach.faces.terminal.tally import run_tally
from coach.review.effort import Tally, counted, effort_count, effort_kind, summary, totals
from coach.store.records import effort_record
from coach.store.store import Store

coach = coach_at_fixed_time


@pytest.mark.parametrize("word, kind", [
    ("dial", "dials"), ("Dials", "dials"), ("conversation", "conversations"),
    ("convo", "conversations"), ("CONVERSATIONS", "conversations"), ("meeting", "meetings"),
    ("meetings", "meetings"), ("follow-up", "follow_ups"), ("follow-ups", "follow_ups"),
    ("follow_up", "follow_ups"), ("followup", "follow_ups"), ("objection", "objections"),
    ("objections", "objections"),
])
def test_every_usual_word_names_its_kind(word: str, kind: str) -> None:
    assert effort_kind(word) == kind


def test_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(UsageError) as raised:
        effort_kind("emails")
    assert "'emails' is not a kind of effort" in raised.value.message
    assert "dials, conversations, meetings, follow-ups or objections" in raised.value.message


@pytest.mark.parametrize("text", ["0", "-3", "twelve", "1.5", "5551234"])
def test_counts_must_be_whole_numbers_in_range(text: str) -> None:
    with pytest.raises(UsageError):
        effort_count(text)


def test_counts_read_naturally() -> None:
    assert counted("dials", 12) == "12 dials"
    assert counted("meetings", 1) == "1 meeting booked"
    assert summary({"dials": 3, "objections": 2}) == "3 dials, 2 objections handled"
    assert summary({}) == "nothing logged yet"
    assert totals([effort("dials", 3), effort("breather", 1), effort("dials", 2)])["dials"] == 5


def test_log_saves_the_count_and_says_todays_total(home: Path) -> None:
    assert coach(home, "log", "dials", "12")[0] == 0
    code, out, err = coach(home, "log", "dial")
    assert code == 0 and err == ""
    assert "Logged 1 dial. Today: 13 dials." in out
    events = Store(home).effort_events()
    assert [(event["type"], event["count"]) for event in events] == [("dials", 12), ("dials", 1)]
    assert all(datetime.fromisoformat(event["at"]) == FIXED_NOW for event in events)
    assert all((event["schema"], event["kind"]) == (1, "effort") for event in events)


def test_count_first_works_too_and_notes_are_kept(home: Path) -> None:
    assert coach(home, "log", "3", "convos")[0] == 0
    code, out, _ = coach(home, "log", "meeting", "--note", "ACME, Tue 10am")
    assert code == 0 and "(ACME, Tue 10am)" in out
    events = Store(home).effort_events()
    assert [(e["type"], e["count"], e["note"]) for e in events] == [
        ("conversations", 3, ""), ("meetings", 1, "ACME, Tue 10am")]


@pytest.mark.parametrize("args", [
    ["widgets"], ["dials", "lots"], ["dials", "0"], ["dials", "3", "extra"],
    ["--note", "no kind"], ["--undo", "dials"],
])
def test_mistakes_are_one_line_exit_2_and_save_nothing(home: Path, args: list[str]) -> None:
    Store(home).add_effort(effort(record_id="kept"))
    code, _, err = coach(home, "log", *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("coach: ")
    assert [event["id"] for event in Store(home).effort_events()] == ["kept"]


def test_log_alone_without_a_terminal_says_what_to_type(home: Path) -> None:
    code, _, err = coach(home, "log")
    assert code == 2 and "coach log dials 12" in err


def test_undo_takes_back_the_last_entry_of_today_only(home: Path) -> None:
    store = Store(home)
    store.add_effort(effort("dials", 50, FIXED_NOW - timedelta(days=1), record_id="yesterday"))
    assert coach(home, "log", "--undo")[1].startswith("Nothing logged today")
    coach(home, "log", "dials", "5")
    coach(home, "log", "objection")
    code, out, _ = coach(home, "log", "--undo")
    assert code == 0 and "Took back 1 objection handled" in out and "Today: 5 dials." in out
    assert [event["type"] for event in Store(home).effort_events()] == ["dials", "dials"]


def test_breathers_logged_by_others_are_read_and_left_alone(home: Path) -> None:
    Store(home).add_effort(effort_record("breather", 1, FIXED_NOW, note="120s"))
    code, out, _ = coach(home, "log", "dials", "2")
    assert code == 0 and "Today: 2 dials." in out
    assert {event["type"] for event in Store(home).effort_events()} == {"breather", "dials"}


# -- the quick tally ---------------------------------------------------------------------------


class FakeLog:
    """Saves into a list, or fails on demand, like the store would."""

    def __init__(self) -> None:
        self.saved: list[dict[str, Any]] = []
        self.failing = False

    def log(self, kind: str) -> dict[str, Any]:
        if self.failing:
            raise StoreError("the disk is full")
        event = effort(kind)
        self.saved.append(event)
        return event

    def unlog(self, event: dict[str, Any]) -> bool:
        self.saved.remove(event)
        return True


def test_the_tally_counts_keys_and_undoes_only_its_own_entries() -> None:
    fake = FakeLog()
    tally = Tally(fake.log, fake.unlog, today={"dials": 40})
    for key in "ddcmu":
        tally.press(key)
    assert [event["type"] for event in fake.saved] == ["dials", "dials", "conversations"]
    assert tally.today["dials"] == 42 and tally.today["meetings"] == 0
    assert "Took back 1 meeting booked" in tally.message
    for key in "uuuu":
        tally.press(key)
    assert fake.saved == [] and tally.today["dials"] == 40
    assert tally.message == "Nothing to undo in this tally."
    tally.press("x")
    assert "'x' does nothing here" in tally.message
    assert any("dials" in line and "40" in line for line in tally.lines())


def test_a_failed_save_in_the_tally_is_shown_and_not_counted() -> None:
    fake = FakeLog()
    fake.failing = True
    tally = Tally(fake.log, fake.unlog)
    tally.press("d")
    assert tally.message == "Not saved: the disk is full"
    assert tally.today["dials"] == 0 and tally.logged == []


def test_the_tally_screen_saves_each_key_as_it_is_pressed(home: Path, pipe: PipeInput) -> None:
    store = Store(home)

    def log(kind: str) -> dict[str, Any]:
        event = effort_record(kind, 1, FIXED_NOW)
        store.add_effort(event)
        return event

    tally = Tally(log, store.delete_effort)
    pipe.send_text("ddDcfomu\x1b[A?q")  # an arrow key and a stray key change nothing
    run_tally(tally, input=pipe, output=DummyOutput())
    counts = totals(store.effort_events())
    assert counts == {"dials": 3, "conversations": 1, "meetings": 0, "follow_ups": 1,
                      "objections": 1}


def test_escape_and_ctrl_c_leave_the_tally(pipe: PipeInput) -> None:
    fake = FakeLog()
    for leave in ("\x1b", "\x03", "\x04"):
        pipe.send_text("d" + leave)
        run_tally(Tally(fake.log, fake.unlog), input=pipe, output=DummyOutput())
    assert len(fake.saved) == 3


def test_log_through_the_installed_command(home: Path) -> None:
    assert run_coach(home, "log", "follow-ups", "2").returncode == 0
    result = run_coach(home, "log", "calls", "many")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [event["count"] for event in Store(home).effort_events()] == [2]
