"""The installed `coach` command, end to end, in a subprocess with its own data folder."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import run_coach, run_real_coach
from scripts import QUICK_DEBRIEF, TOUGH_DEBRIEF, piped


def test_piped_debrief_is_saved_and_read_back_as_json(home: Path) -> None:
    # The whole way a rep's pipe takes, in real processes: the debrief, then history.
    result = run_real_coach(home, "debrief", stdin=piped(TOUGH_DEBRIEF))
    assert result.returncode == 0, result.stderr
    assert "Saved" in result.stdout
    listed = run_real_coach(home, "history", "--format", "json")
    records = json.loads(listed.stdout)
    assert len(records) == 1
    record = records[0]
    assert record["schema"] == 1 and record["playbook"] == "debrief"
    assert record["sting_before"] == 9 and record["sting_after"] == 4
    assert record["cause"] == "timing"
    assert record["callback"] == "2026-12-01"
    assert record["small_win"] == "Got the direct line"
    assert record["next_action"] == "Dial the next three on the list"
    answers = record["answers"]
    assert answers["what_happened"]["answer"] == "They hung up after ten seconds"
    assert answers["what_happened"]["question"].startswith("In a sentence")
    assert answers["reframe.trap"]["answer"] == ["overgeneralising"]
    assert record["values"]["belief_before"] == 80 and record["values"]["belief_after"] == 40
    assert len(answers) == len(TOUGH_DEBRIEF)


def test_quick_debrief_and_text_history(home: Path) -> None:
    assert run_coach(home, "debrief", "--quick", stdin=piped(QUICK_DEBRIEF)).returncode == 0
    listed = run_coach(home, "history")
    assert listed.returncode == 0
    assert "debrief" in listed.stdout and "sting 3->2" in listed.stdout
    assert "Two minutes of real conversation" in listed.stdout


def test_data_folder_and_files_are_private(home: Path) -> None:
    run_coach(home, "debrief", "--quick", stdin=piped(QUICK_DEBRIEF))
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for path in home.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_input_ending_early_is_one_line_and_exit_1(home: Path) -> None:
    result = run_coach(home, "debrief", stdin=piped(TOUGH_DEBRIEF[:3]))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("coach: Input ended")
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_answer_says_why_and_reads_the_next_line(home: Path) -> None:
    answers = list(QUICK_DEBRIEF)
    answers.insert(0, "eleven")  # not a number
    answers.insert(1, "11")  # out of range
    result = run_coach(home, "debrief", "--quick", stdin=piped(answers))
    assert result.returncode == 0, result.stderr
    assert "'eleven' is not a number" in result.stdout
    assert "out of range" in result.stdout


def test_unknown_command_is_a_usage_error(home: Path) -> None:
    result = run_coach(home, "debrif")
    assert result.returncode == 2
    assert result.stderr == ("coach: `coach debrif` is not a command. Did you mean `coach "
                             "debrief`? Run `coach --help` to see them all.\n")
    sub = run_coach(home, "playbooks", "lst")
    assert sub.returncode == 2 and "Did you mean `coach playbooks list`?" in sub.stderr
    unlike = run_coach(home, "zzz")
    assert unlike.returncode == 2 and "Did you mean" not in unlike.stderr


def test_unusable_data_folder_is_reported_cleanly(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = run_coach(not_a_folder, "history")
    assert result.returncode == 1
    assert result.stderr.startswith("coach: ") and "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_unreadable_data_folder_is_reported_cleanly(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o000)
    try:
        result = run_coach(locked / "inner", "history")
        assert result.returncode == 1 and "Traceback" not in result.stderr
    finally:
        locked.chmod(0o700)


def test_help_version_and_command_help(home: Path) -> None:
    assert "debrief" in run_coach(home, "--help").stdout
    assert run_coach(home, "--version").stdout.startswith("coach ")
    assert "--quick" in run_coach(home, "debrief", "--help").stdout
    assert "--format" in run_coach(home, "history", "--help").stdout


def test_playbooks_list_shows_the_built_ins(home: Path) -> None:
    result = run_coach(home, "playbooks", "list")
    assert result.returncode == 0
    for playbook_id in ("debrief", "reframe_feedback", "small_win", "timing_fit", "self_compassion"):
        assert playbook_id in result.stdout
    assert "built-in" in result.stdout


def test_debug_flag_shows_tracebacks_only_on_request(home: Path) -> None:
    quiet = run_real_coach(home, "run", "no_such_playbook")
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    loud = run_real_coach(home, "--debug", "run", "no_such_playbook")
    assert "Traceback" in loud.stderr


def test_the_installed_console_script_runs(home: Path) -> None:
    script = Path(sys.executable).parent / "coach"
    if not script.exists():
        pytest.skip("the coach console script is not installed next to this Python")
    import subprocess

    result = subprocess.run(
        [str(script), "debrief", "--quick"], input=piped(QUICK_DEBRIEF), capture_output=True,
        text=True, env={**os.environ, "COACH_HOME": str(home)}, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert run_coach(home, "history", "--format", "json").stdout.count('"playbook": "debrief"') == 1
