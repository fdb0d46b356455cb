"""`--format json` of `coach patterns`, `callbacks`, `log` and `config`, through the real command.

Each JSON parses, has exactly the keys docs/records.md lists ("JSON output of commands"), and
its numbers agree with what the text output says for the same data.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from lookback_records import a_working_week
from sample_records import reflection

from coach.review.averages import one_in
from coach.store.config import KEYS
from coach.store.fields import EFFORT_KINDS
from coach.store.store import Store

DOCS = Path(__file__).resolve().parent.parent / "docs" / "records.md"


def _json(home: Path, *args: str) -> dict[str, Any]:
    result = run_coach(home, *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("}\n")
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _text(home: Path, *args: str) -> str:
    result = run_coach(home, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _documented(command: str) -> list[set[str]]:
    """The keys in the first column of each table of `command`'s part of the JSON section."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## JSON output of commands", 1)[1]
    part = section.split(f"### `coach {command} --format json`", 1)[1].split("\n### ", 1)[0]
    tables: list[set[str]] = []
    for block in re.split(r"\n\s*\n", part):
        rows = [line for line in block.splitlines() if line.startswith("| `")]
        if rows:
            tables.append({key for row in rows
                           for key in re.findall(r"`([a-z_]+)`", row.split(" | ")[0])})
    return tables


# -- coach patterns -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five debriefs and four days of effort: 180 dials and 10 meetings before today, then 25
    dials and none today (the same week as tests/test_patterns_cli.py)."""
    home = tmp_path_factory.mktemp("json-patterns") / "home"
    a_working_week(Store(home))
    return home


PATTERN_PARTS = {
    "period": {"start", "end", "days"},
    "causes": {"total", "previous_total", "rows"},
    "sting": {"rated", "average_before", "average_after", "average_drop", "lowered",
              "unchanged", "raised", "weekly"},
    "wins": {"total", "good_days", "goal_days", "current_streak", "longest_streak", "per_day"},
    "averages": {"day", "rates", "checks"},
    "goals": {"checkin_days", "all_met_days", "rows"},
    "strain": {"tough_sting", "debriefs", "tough", "by_hour", "by_weekday", "hour_cluster",
               "weekday_cluster", "bursts", "largest_burst", "weeks", "rising_weeks",
               "quarter_end"},
    "themes": {"lessons", "next_actions", "traps"},
    "callbacks": {"due", "upcoming"},
}


def test_patterns_json_has_the_documented_keys(week: Path) -> None:
    found = _json(week, "patterns")
    assert (found["format"], found["version"]) == ("coach-patterns", 1)
    assert set(found) == _documented("patterns")[0]
    for part, keys in PATTERN_PARTS.items():
        assert set(found[part]) == keys, part
    assert set(found["effort"]) == set(EFFORT_KINDS)
    assert set(found["causes"]["rows"][0]) == {"cause", "count", "share", "previous_count",
                                               "previous_share", "change"}
    assert set(found["averages"]["rates"][0]) == {"outcome", "dials", "outcomes", "since",
                                                  "dials_per_outcome", "chance", "confidence"}
    assert set(found["averages"]["checks"][0]) == {"day", "outcome", "dials", "outcomes",
                                                   "expected", "direction", "probability",
                                                   "verdict"}
    assert set(found["goals"]["rows"][0]) == {"kind", "days_set", "days_met", "done", "goal"}
    assert set(found["strain"]["quarter_end"]) == {"end_debriefs", "end_tough", "other_debriefs",
                                                   "other_tough", "days_to_next"}
    date.fromisoformat(found["today"])
    assert len(found["dials_per_day"]) == found["period"]["days"] == 28
    assert len(found["wins"]["per_day"]) == 28
    assert len(found["strain"]["by_hour"]) == 24 and len(found["strain"]["by_weekday"]) == 7


def test_patterns_json_numbers_agree_with_the_text(week: Path) -> None:
    found, text = _json(week, "patterns"), _text(week, "patterns")
    assert found["reflections"] == 6 and found["debriefs"] == 5
    assert found["effort"]["dials"] == 205 and found["effort"]["meetings"] == 10
    assert sum(day["dials"] for day in found["dials_per_day"]) == 205
    assert found["dials_per_day"][-1] == {"day": found["today"], "dials": 25}

    causes = found["causes"]
    theirs = sum(row["share"] for row in causes["rows"] if row["cause"] in ("timing", "budget"))
    assert f'{round(theirs * 100)}% of the {causes["total"]} "no"s you sorted' in text
    top = causes["rows"][0]
    assert (top["cause"], top["count"], top["share"]) == ("timing", 3, 0.6)
    assert top["change"] is None  # nothing sorted in the period before: the text's "new"

    sting = found["sting"]
    assert sting["rated"] == 5 and sting["lowered"] == 4 and sting["unchanged"] == 1
    assert (f"the sting went from {sting['average_before']:.1f} to "
            f"{sting['average_after']:.1f}, a drop of {sting['average_drop']:.1f} points") in text

    rates = {rate["outcome"]: rate for rate in found["averages"]["rates"]}
    meetings = rates["meetings"]
    assert (meetings["dials"], meetings["outcomes"], meetings["confidence"]) == (180, 10, "solid")
    assert meetings["dials_per_outcome"] == pytest.approx(18)
    assert meetings["chance"] == pytest.approx(10 / 180)
    check = next(check for check in found["averages"]["checks"] if check["outcome"] == "meetings")
    assert found["averages"]["day"] == found["today"] == check["day"]
    assert (check["dials"], check["outcomes"], check["direction"]) == (25, 0, "low")
    assert check["verdict"] == "normal" and round(check["probability"], 2) == 0.24
    assert (f"Today: 0 meetings in 25 dials. At your rate of "
            f"{one_in(meetings['dials_per_outcome'])}") in text
    assert "happens about 24% of the time (normal variance)" in text
    assert f"from {meetings['dials']} dials and {meetings['outcomes']} meetings" in text

    assert found["wins"]["total"] == 5
    goal = found["goals"]["rows"][0]
    assert (goal["kind"], goal["days_set"], goal["days_met"], goal["done"], goal["goal"]) == (
        "dials", 1, 1, 60, 50)
    assert found["goals"]["checkin_days"] == 1
    assert found["strain"]["tough"] == 3 and found["strain"]["debriefs"] == 5
    lesson = found["themes"]["lessons"][0]
    assert f'"{lesson["text"]}" ({lesson["count"]}x)' in text
    assert lesson == {"text": "ask about their timeline first", "count": 5}


def test_patterns_json_of_an_empty_period_has_every_key_with_zeros(home: Path) -> None:
    found = _json(home, "patterns", "--since", "7 days ago")
    assert set(found) == _documented("patterns")[0]
    assert found["reflections"] == 0 and not any(found["effort"].values())
    assert found["sting"]["average_before"] is None and found["causes"]["rows"] == []
    assert found["averages"] == {"day": None, "rates": found["averages"]["rates"], "checks": []}
    assert found["period"]["days"] == 8 == len(found["dials_per_day"])  # today included
    # The text has its own sentence for an empty period; the JSON keeps its shape.
    assert "Nothing saved between" in _text(home, "patterns", "--since", "7 days ago")


# -- coach callbacks ------------------------------------------------------------------------------

def _with_callback(record_id: str, prospect: str | None, day: date) -> dict[str, Any]:
    finished = datetime.now().astimezone() - timedelta(days=1)
    record = reflection(finished, record_id=record_id, callback=day.isoformat())
    record["values"]["prospect"] = prospect
    return record


@pytest.fixture
def callbacks_home(home: Path) -> Path:
    today = date.today()
    store = Store(home)
    for record in (_with_callback("a1" * 16, "ACME Corp", today - timedelta(days=3)),
                   _with_callback("b2" * 16, "Globex", today),
                   _with_callback("c3" * 16, None, today + timedelta(days=5)),
                   _with_callback("d4" * 16, "Initech", today + timedelta(days=9)),
                   _with_callback("e5" * 16, "Done Inc", today)):
        store.add_reflection(record)
    assert run_coach(home, "callbacks", "done", "e5e5").returncode == 0
    assert run_coach(home, "callbacks", "move", "d4d4", "in", "2", "days").returncode == 0
    return home


def test_callbacks_json_lists_the_open_callbacks_as_the_text_does(callbacks_home: Path) -> None:
    found, text = _json(callbacks_home, "callbacks"), _text(callbacks_home, "callbacks")
    today = date.today()
    assert (found["format"], found["version"], found["today"]) == (
        "coach-callbacks", 1, today.isoformat())
    top, entry = _documented("callbacks")
    assert set(found) == top
    rows = found["callbacks"]
    assert all(set(row) == entry for row in rows)
    assert [row["id"][:4] for row in rows] == ["a1a1", "b2b2", "d4d4", "c3c3"]  # soonest first
    assert found["counts"] == {"due": 2, "upcoming": 2}
    assert f"Due ({found['counts']['due']})" in text
    assert f"Coming up ({found['counts']['upcoming']})" in text
    late, now, moved, unnamed = rows
    assert (late["prospect"], late["status"], late["days_overdue"]) == ("ACME Corp", "due", 3)
    assert (now["status"], now["days_overdue"], now["moved"]) == ("due", 0, False)
    assert (moved["day"], moved["moved"], moved["status"]) == (
        (today + timedelta(days=2)).isoformat(), True, "upcoming")
    assert unnamed["prospect"] is None and unnamed["days_overdue"] == -5
    lines = {row["id"]: next(line for line in text.splitlines() if f"[{row['id'][:8]}]" in line)
             for row in rows}
    assert "3 days overdue" in lines[late["id"]] and "due today" in lines[now["id"]]
    assert "in 2 days, moved" in lines[moved["id"]] and "in 5 days" in lines[unnamed["id"]]
    assert all(row["said"] and row["said"] in lines[row["id"]] for row in rows)
    assert "e5e5" not in json.dumps(rows)  # done


def test_callbacks_json_with_none_open_and_not_with_ics(home: Path) -> None:
    assert _json(home, "callbacks")["callbacks"] == []
    result = run_coach(home, "callbacks", "--ics", "-", "--format", "json")
    assert result.returncode == 2 and "--ics" in result.stderr and not result.stdout


def test_json_is_terminal_safe_and_decodes_to_the_stored_text(home: Path) -> None:
    prospect = "Evil\x1b]52;c;aGk=\x07 Corp \u202eliam\x9b"
    Store(home).add_reflection(_with_callback("f6" * 16, prospect, date.today()))
    result = run_coach(home, "callbacks", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", result.stdout)
    assert "\\u001b" in result.stdout and "\\u202e" in result.stdout
    assert json.loads(result.stdout)["callbacks"][0]["prospect"] == prospect


# -- coach log ------------------------------------------------------------------------------------

def test_log_json_says_what_was_logged_and_today_s_totals(home: Path) -> None:
    first = _json(home, "log", "dials", "12", "--note", "ACME list")
    assert (first["format"], first["version"], first["action"]) == ("coach-log", 1, "logged")
    assert set(first) == _documented("log")[0]
    assert set(first["entry"]) == {"id", "type", "count", "at", "note"}
    assert (first["entry"]["type"], first["entry"]["count"], first["entry"]["note"]) == (
        "dials", 12, "ACME list")
    datetime.fromisoformat(first["entry"]["at"])
    assert first["totals"] == {"dials": 12, "conversations": 0, "meetings": 0, "follow_ups": 0,
                               "objections": 0}
    text = _text(home, "log", "3", "conversations")
    assert text == "Logged 3 conversations. Today: 12 dials, 3 conversations.\n"
    alone = _json(home, "log")
    assert (alone["action"], alone["entry"]) == ("none", None)
    assert alone["totals"]["dials"] == 12 and alone["totals"]["conversations"] == 3
    assert alone["today"] == first["today"] == date.today().isoformat()
    assert len(Store(home).effort_events()) == 2  # asking logged nothing


def test_log_json_undo_gives_the_entry_taken_back(home: Path) -> None:
    logged = _json(home, "log", "meetings", "2")["entry"]
    undone = _json(home, "log", "--undo")
    assert (undone["action"], undone["entry"]) == ("undone", logged)
    assert undone["totals"]["meetings"] == 0
    nothing = _json(home, "log", "--undo")
    assert (nothing["action"], nothing["entry"]) == ("none", None)


# -- coach config ---------------------------------------------------------------------------------

def test_config_json_gives_every_key_its_value_and_meaning(home: Path) -> None:
    assert run_coach(home, "config", "set", "country", "au").returncode == 0
    assert run_coach(home, "config", "set", "pager", "off").returncode == 0
    assert run_coach(home, "config", "set", "passphrase_command", "pass show coach"
                     ).returncode == 0
    found, text = _json(home, "config"), _text(home, "config")
    assert (found["format"], found["version"]) == ("coach-config", 1)
    assert set(found) == _documented("config")[0]
    assert found["path"] == str(home / "config.toml") and found["path"] in text
    assert list(found["settings"]) == list(KEYS)
    for key, setting in found["settings"].items():
        assert setting["meaning"] == KEYS[key].meaning and setting["meaning"] in text
        if setting["value"] is None:
            assert f"  {key} (not set)" in text
        else:
            assert f"  {key} = {setting['value']}" in text
    assert found["settings"]["country"]["value"] == "AU"
    assert found["settings"]["pager"]["value"] == "false"
    assert found["settings"]["passphrase_command"]["value"] == "pass show coach"
    assert found["settings"]["timezone"]["value"] is None


def test_text_stays_the_default(home: Path) -> None:
    assert _text(home, "config").startswith("Settings in ")
    assert run_coach(home, "config", "--format", "yaml").returncode == 2
