"""The home screen and the breather, in pipes and through the prompt."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_app, run_coach
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.commands.breather import breathe_in_lines, minutes_value
from coach.commands.home import status_line
from coach.conversation.breathing import breaths, phase_at
from coach.errors import UsageError
from coach.faces.terminal.breather import run_breather


def test_home_shows_status_and_menu_and_quits(home: Path) -> None:
    result = run_coach(home, stdin="q\n")
    assert result.returncode == 0
    assert "Today: 0 dials · 0 wins · streak 0 days" in result.stdout
    for entry in ("Debrief a tough call", "Morning check-in", "End-of-day wrap-up",
                  "Take a breather", "Browse past reflections", "Patterns", "q to quit"):
        assert entry in result.stdout


def test_home_ends_quietly_when_input_ends(home: Path) -> None:
    result = run_coach(home, stdin="")
    assert result.returncode == 0 and result.stderr == ""


def test_home_runs_the_check_in_then_shows_the_goals(home: Path) -> None:
    checkin = ["3", "steady", "60", "8", "3", "", "Stay curious"]
    result = run_coach(home, stdin="\n".join(["checkin", *checkin, "q"]) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Saved." in result.stdout
    wrapup = run_coach(home, "wrapup", "--quick", stdin="kept\nA demo booked\nRest\n")
    assert wrapup.returncode == 0, wrapup.stdout
    assert "Today: 0 of 60 dials, 0 of 8 conversations, 0 of 3 follow-ups" in wrapup.stdout
    assert 'This morning you said: "Stay curious"' in wrapup.stdout


def test_status_line_counts_and_plurals() -> None:
    line = status_line({"dials_today": 12, "wins_today": 1, "streak_days": 1}, 2)
    assert line == "Today: 12 dials · 1 win · streak 1 day · 2 unfinished conversations"


def test_phases_follow_four_four_six() -> None:
    assert [phase_at(t)[0] for t in (0, 3.9, 4, 7.9, 8, 13.9, 14)] == [
        "Breathe in", "Breathe in", "Hold", "Hold", "Breathe out", "Breathe out", "Breathe in"]
    assert breaths(120) == 9


def test_minutes_are_checked() -> None:
    assert minutes_value("0.5") == 0.5
    for bad in ("0", "abc", "31"):
        with pytest.raises(UsageError):
            minutes_value(bad)


def test_piped_breather_paces_each_phase(home: Path) -> None:
    app = make_app(home)
    waited: list[float] = []
    elapsed = breathe_in_lines(app, 20, sleep=waited.append)
    assert elapsed == 20 and sum(waited) == 20
    printed = app.stdout.getvalue().splitlines()  # type: ignore[attr-defined]
    assert printed == ["Breathe in... 4", "Hold... 4", "Breathe out... 6", "Breathe in... 4",
                       "Hold... 2"]


def test_breather_command_logs_a_pause(home: Path) -> None:
    result = run_coach(home, "breather", "--minutes", "0.1")
    assert result.returncode == 0
    assert "Breathe in" in result.stdout
    from coach.store.store import Store

    assert [event["type"] for event in Store(home).effort_events()] == ["breather"]


def test_bad_minutes_is_a_usage_error(home: Path) -> None:
    result = run_coach(home, "breather", "--minutes", "lots")
    assert result.returncode == 2 and "--minutes takes a number" in result.stderr


def test_terminal_breather_ends_early_on_q() -> None:
    ticks = iter(range(10_000))
    with create_pipe_input() as pipe:
        pipe.send_text("q")
        ran = run_breather(120, input=pipe, output=DummyOutput(), clock=lambda: next(ticks) * 0.0,
                           sleep=lambda _: None)
    assert ran < 120


def test_terminal_breather_runs_its_course() -> None:
    moments = iter(x * 0.5 for x in range(10_000))
    with create_pipe_input() as pipe:
        ran = run_breather(3, input=pipe, output=DummyOutput(), clock=lambda: next(moments),
                           sleep=lambda _: None)
    assert ran == 3


def test_a_long_stretch_of_dials_suggests_a_break() -> None:
    line = status_line({"dials_today": 70, "dials_since_break": 70}, 0)
    assert "70 dials since your last break" in line
    assert "break" not in status_line({"dials_today": 70, "dials_since_break": 10}, 0)


def test_home_logs_effort_from_a_pipe(home: Path) -> None:
    result = run_coach(home, stdin="log\ndials\n12\nq\n")
    assert result.returncode == 0, result.stderr
    assert "Today: 12 dials" in result.stdout
