"""Small things a new rep hit: number formats, capital letters in dates, the breather's words,
the rates' sample, NO_COLOR= (empty), and where config.toml lives."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.commands import breather as breather_command
from coach.commands.home import status_line
from coach.conversation.breathing import length_words, phase_left
from coach.faces.terminal.firstpaint import colors_wanted
from coach.review.averages import how_often, one_in
from coach.store.records import effort_record
from coach.store.store import Store
from coach.views.labels import times, upper_first
from tests.conftest import FIXED_NOW, coach_at_fixed_time, run_coach

# -- one number format: 1,334 and 100,000 -------------------------------------------------------


def test_counts_a_person_reads_have_thousands_separators(home: Path, tmp_path: Path) -> None:
    store = Store(home)
    for days_back in range(1, 4):
        store.add_effort(effort_record("dials", 1000, FIXED_NOW - timedelta(days=days_back)))
    store.add_effort(effort_record("dials", 1000, FIXED_NOW - timedelta(minutes=5)))
    store.add_effort(effort_record("dials", 334, FIXED_NOW - timedelta(minutes=4)))
    code, text, _ = coach_at_fixed_time(home, "patterns")
    assert code == 0
    assert "4,334 dials logged" in text and "from 3,000 dials" in text
    report = tmp_path / "report.html"
    code, _, _ = coach_at_fixed_time(home, "report", "--html", str(report))
    page = report.read_text(encoding="utf-8")
    assert code == 0 and "1,334 dials" in page and "1334 dials" not in page


def test_the_number_words_and_the_home_line_use_the_separator() -> None:
    assert times(1334) == "1,334 times"
    assert one_in(12345.0) == "1 in 12,345"
    assert how_often(1 / 2000) == "less than 1 time in 100"
    line = status_line({"dials_today": 70038, "dials_since_break": 70038}, 0)
    assert "70,038 dials since your last break" in line and "70038" not in line


# -- capitals in dates ----------------------------------------------------------------------


def test_a_day_in_a_sentence_keeps_its_month_capitalised(home: Path) -> None:
    Store(home).add_effort(effort_record("dials", 40, FIXED_NOW - timedelta(days=3)))
    code, text, _ = coach_at_fixed_time(home, "patterns")
    assert code == 0
    assert "Tue 17 Nov has dials" in text and "17 nov" not in text


def test_upper_first_leaves_the_rest_as_it_was() -> None:
    assert upper_first("fri 4 Dec") == "Fri 4 Dec"
    assert upper_first("tags: ACME") == "Tags: ACME"
    assert upper_first("") == ""


# -- the breather's words follow its length -----------------------------------------------------


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    original = breather_command.breathe_in_lines

    def quick(app: Any, total: float, sleep: Any = None) -> float:
        return original(app, total, sleep=lambda _: None)

    monkeypatch.setattr(breather_command, "breathe_in_lines", quick)


@pytest.mark.usefixtures("no_waiting")
def test_a_short_breather_says_how_long_it_really_is(home: Path) -> None:
    result = run_coach(home, "breather", "--minutes", "0.1")
    assert result.returncode == 0, result.stderr
    assert "6 seconds for yourself" in result.stdout
    assert "Two minutes" not in result.stdout
    # Its countdown never goes past its end: 4 in, then 2 of the hold.
    assert "Breathe in... 4\nHold... 2\n" in result.stdout


@pytest.mark.usefixtures("no_waiting")
def test_the_default_breather_still_says_two_minutes(home: Path) -> None:
    result = run_coach(home, "breather")
    assert result.returncode == 0 and "Two minutes for yourself" in result.stdout


def test_length_words_and_the_terminal_countdown() -> None:
    assert [length_words(seconds) for seconds in (6, 60, 90, 120, 150, 1800)] == [
        "6 seconds", "a minute", "90 seconds", "two minutes", "2.5 minutes", "30 minutes"]
    assert phase_left(4, 6) == ("Hold", 2)
    assert phase_left(0, 120) == ("Breathe in", 4)


# -- the rates say whose dials they count ---------------------------------------------------


def test_the_rates_say_todays_dials_are_left_out(home: Path) -> None:
    assert run_coach(home, "log", "dials", "64").returncode == 0
    result = run_coach(home, "patterns")
    assert result.returncode == 0, result.stderr
    assert "(from 0 dials and 0 conversations before today)" in result.stdout
    assert "Today has dials" in result.stdout


def test_a_rate_from_earlier_days_names_where_it_stops(home: Path) -> None:
    store = Store(home)
    for days_back in range(1, 5):
        day = FIXED_NOW - timedelta(days=days_back)
        store.add_effort(effort_record("dials", 45, day))
        store.add_effort(effort_record("meetings", 3, day))
    store.add_effort(effort_record("dials", 25, FIXED_NOW - timedelta(minutes=5)))
    code, text, _ = coach_at_fixed_time(home, "patterns")
    assert code == 0
    assert "(from 180 dials and 12 meetings since 16 Nov 2026, before today)" in text


# -- NO_COLOR -----------------------------------------------------------------------------------


def test_an_empty_no_color_leaves_colour_on() -> None:
    assert colors_wanted({"NO_COLOR": "", "TERM": "xterm"})
    assert not colors_wanted({"NO_COLOR": "1", "TERM": "xterm"})
    assert colors_wanted({"TERM": "xterm"})


# -- config.toml in the config folder ---------------------------------------------------------

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are Linux's")


def _platform(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data folder that is the platform's own (no COACH_HOME), with XDG folders in tmp_path."""
    env = {"COACH_HOME": "", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "conf"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    home = tmp_path / "data" / "coach"
    home.mkdir(parents=True, mode=0o700)
    (tmp_path / "data").chmod(0o700)
    return home, env


@linux_only
def test_settings_go_to_xdg_config_home(tmp_path: Path) -> None:
    home, env = _platform(tmp_path)
    result = run_coach(home, "config", "set", "country", "AU", env=env)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "conf" / "coach" / "config.toml"
    assert 'country = "AU"' in written.read_text(encoding="utf-8")
    assert not (home / "config.toml").exists()
    shown = run_coach(home, "config", env=env)
    assert f"Settings in {written}:" in shown.stdout and "country = AU" in shown.stdout


@linux_only
def test_an_old_config_in_the_data_folder_is_read_then_moved_once(tmp_path: Path) -> None:
    home, env = _platform(tmp_path)
    old = home / "config.toml"
    old.write_text('country = "NZ"\n', encoding="utf-8")
    old.chmod(0o600)
    shown = run_coach(home, "config", env=env)
    assert f"Settings in {old}:" in shown.stdout and "country = NZ" in shown.stdout
    moved = run_coach(home, "config", "set", "pager", "false", env=env)
    new = tmp_path / "conf" / "coach" / "config.toml"
    assert moved.returncode == 0, moved.stderr
    assert f"Moved your settings from {old} to {new}" in moved.stdout
    assert not old.exists()
    assert new.read_text(encoding="utf-8").splitlines()[-2:] == ['country = "NZ"',
                                                                 'pager = "false"']
    again = run_coach(home, "config", "set", "pager", "true", env=env)
    assert "Moved" not in again.stdout


def test_coach_home_keeps_config_inside_it(home: Path) -> None:
    result = run_coach(home, "config", "set", "country", "AU")
    assert result.returncode == 0 and (home / "config.toml").is_file()
    assert "Moved" not in result.stdout
