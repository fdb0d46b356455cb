"""Upgrading loses nothing: a data folder written by Coach 1 reads the same through every command.

tests/fixtures/home-v1 was written by the version before the debrief re-cut, through the real
`coach` command (its README says how). Each test works on a copy, so the fixture never changes.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW, run_coach

from coach.conversation.session import ConversationRunner
from coach.faces.line import LineFace
from coach.playbook.library import load_library
from coach.store.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "home-v1"
TOUGH = "a71201b345e64146978b92d13425e0f6"
QUICK = "6696f9d6b51c462e8fd5ee241b1ebaa6"
DRAFT = "ff0f6422dc1e47e0ab143010fd9ff9dc"
WEEK = ("--since", "2026-11-30", "--until", "2026-12-06")
DRAFT_ANSWERS = [
    ("prospect", "Globex"),
    ("what_happened", "She said send an email and hung up"),
    ("sting", 6),
]


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(FIXTURE, home, ignore=shutil.ignore_patterns("README.md"))
    return home


def coach(home: Path, *args: str, stdin: str = "") -> str:
    result = run_coach(home, *args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def drafts(home: Path) -> dict[str, dict[str, Any]]:
    return {str(draft["id"]): draft for draft in Store(home).drafts()}


def test_history_lists_both_old_debriefs_with_their_key_facts(old_home: Path) -> None:
    lines = coach(old_home, "history").splitlines()
    tough = next(line for line in lines if line.startswith(TOUGH[:8]))
    quick = next(line for line in lines if line.startswith(QUICK[:8]))
    assert "timing" in tough and "sting 8->4" in tough and "win: Got the direct line" in tough
    assert "sting 3->2" in quick and "win: Two minutes of real conversation" in quick


def test_show_reads_every_old_answer_and_what_the_coach_said(old_home: Path) -> None:
    text = coach(old_home, "show", TOUGH[:8])
    assert "Sting 8 -> 4; cause: timing" in text
    for answer in (
        "ACME Corp",
        "They hung up after ten seconds",
        "Rough call, you did fine",
        "Ask about timing early",
        "Got the direct line",
        "Dial the next three on the list",
        "I should have asked about their timeline",
    ):
        assert f"> {answer}" in text
    assert "What the coach said" in text
    quick = coach(old_home, "show", QUICK[:8])
    assert "> Pause after the first question" in quick and "> Slow down on the next call" in quick


def test_patterns_count_the_old_week(old_home: Path) -> None:
    text = coach(old_home, "patterns", *WEEK)
    assert "2 reflections, 2 debriefs, 25 dials logged." in text
    assert "the top cause was timing" in text
    assert "on average the sting went from 5.5 to 3.0" in text
    assert "overgeneralising" in text
    assert "2026-12-01  ACME Corp" in text  # the callback the old debrief set


def test_the_markdown_report_reads_the_old_week(old_home: Path) -> None:
    text = coach(old_home, "report", "--md", *WEEK)
    assert "25 dials, 0 conversations, 0 meetings and 2 debriefs." in text
    assert "The most common cause was timing: 1 of 1." in text
    assert "the sting went from 5.5 to 3.0" in text
    assert "| timing | 1 | 100% |" in text


def test_export_gives_back_the_old_records_with_their_facts(old_home: Path) -> None:
    records = [json.loads(line) for line in coach(old_home, "export").splitlines() if line]
    by_id = {record["id"]: record for record in records}
    tough, quick = by_id[TOUGH], by_id[QUICK]
    assert (tough["sting_before"], tough["sting_after"], tough["cause"]) == (8, 4, "timing")
    assert tough["small_win"] == "Got the direct line"
    assert tough["lesson"] == "Ask about timing early"
    assert tough["next_action"] == "Dial the next three on the list"
    assert tough["callback"] == "2026-12-01" and tough["thinking_trap"] == "overgeneralising"
    assert quick["lesson"] == "Pause after the first question"
    dials = [record for record in records if record.get("type") == "dials"]
    assert [record["count"] for record in dials] == [25]


def test_the_old_draft_is_offered_on_the_home_screen(old_home: Path) -> None:
    text = coach(old_home, stdin="q\n")
    assert "1 unfinished conversation" in text
    assert "Resume: Debrief a tough call (3 answered" in text


def test_the_old_draft_resumes_where_it_stopped(old_home: Path) -> None:
    # Resume from the home menu, answer the next question, then let the input end. The re-cut
    # debrief asks who the call was with only for a callback, later on: that answer is shown
    # in one line and kept with the draft; the others carry on where they were.
    result = run_coach(old_home, stdin="resume\n1\n")
    out = result.stdout
    assert 'Picking up "Debrief a tough call" where you left it.' in out
    assert "One earlier answer no longer fit the questions of this version" in out
    assert "Who was the call with? (a name or company; Enter to skip) > Globex" in out
    assert "In a sentence, what happened on the call?" not in out.split("Picking up")[1]
    kept = drafts(old_home)[DRAFT]
    answers = [(answer["path"], answer["value"]) for answer in kept["answers"]]
    earlier = [(answer["path"], answer["value"]) for answer in kept["earlier_answers"]]
    assert sorted(answers[:-1] + earlier) == sorted(DRAFT_ANSWERS)  # nothing dropped
    assert len(answers) == len(DRAFT_ANSWERS) - len(earlier) + 1  # and one more given
    assert len(Store(old_home).reflections()) == 2

RECUT = """\
id: debrief
title: Debrief a tough call
steps:
  - id: what_happened
    ask: "In a sentence, what happened?"
  - id: sting
    type: scale
    ask: "How much does it sting?"
    min: 0
    max: 10
  - id: next_action
    ask: "On your next call, you will..."
"""


def test_a_draft_whose_steps_moved_keeps_every_answer(old_home: Path, tmp_path: Path) -> None:
    # A flow that asks the old draft's questions in another order and no longer asks one of
    # them: the answers that fit are given to their steps, the other is shown, kept in the
    # draft and in the finished record.
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "debrief.yaml").write_text(RECUT, encoding="utf-8")
    library = load_library(folder)
    store = Store(old_home)
    draft = drafts(old_home)[DRAFT]
    stdout = io.StringIO()
    face = LineFace(io.StringIO("Ask for ten minutes\n"), stdout)
    runner = ConversationRunner(store, face, lambda: FIXED_NOW)
    outcome = runner.resume(draft, library.get("debrief"), library.playbooks, {})
    said = stdout.getvalue()
    assert "One earlier answer no longer fit" in said
    assert "Who was the call with? (a name or company; Enter to skip) > Globex" in said
    assert "In a sentence, what happened?" not in said  # answered already: not asked again
    assert outcome.status == "finished" and outcome.record is not None
    answers = outcome.record["answers"]
    assert answers["what_happened"]["answer"] == "She said send an email and hung up"
    assert answers["sting"]["answer"] == 6
    assert answers["prospect"]["answer"] == "Globex"
    assert answers["next_action"]["answer"] == "Ask for ten minutes"
    assert DRAFT not in drafts(old_home)


def test_an_unfit_answer_survives_a_pause(old_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "debrief.yaml").write_text(RECUT, encoding="utf-8")
    library = load_library(folder)
    store = Store(old_home)
    face = LineFace(io.StringIO("/pause\n"), io.StringIO())
    runner = ConversationRunner(store, face, lambda: FIXED_NOW)
    runner.resume(drafts(old_home)[DRAFT], library.get("debrief"), library.playbooks, {})
    kept = drafts(old_home)[DRAFT]
    assert [answer["path"] for answer in kept["answers"]] == ["what_happened", "sting"]
    assert [answer["value"] for answer in kept["earlier_answers"]] == ["Globex"]
