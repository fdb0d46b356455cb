"""Choices that take the rep's own words (`other: true`), the debrief's thought record and feelings."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import run_coach
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.conversation.session import ConversationRunner
from coach.errors import PlaybookError
from coach.faces.terminal.face import TerminalFace
from coach.playbook.library import Library, playbook_from_text
from coach.playbook.steps import InvalidAnswer, parse_answer
from coach.store.store import Store

TODAY = date(2026, 11, 20)

OWN_WORDS = """
id: feelings
title: Feelings
summary: A test.
steps:
  - id: feeling
    type: choice
    other: true
    ask: "What are you feeling?"
    choices:
      sad: Sad
      fine: Fine
    respond:
      - keywords: [ashamed]
        say: "Shame heard: {{ answer }}"
      - when: "feeling == 'fine'"
        say: "Good."
"""


def test_an_other_choice_keeps_typed_words_and_still_reads_picks() -> None:
    step = playbook_from_text(OWN_WORDS).steps[0]
    assert parse_answer(step, "2", TODAY) == "fine"
    assert parse_answer(step, "Sad", TODAY) == "sad"
    assert parse_answer(step, "  a bit ashamed ", TODAY) == "a bit ashamed"
    with pytest.raises(InvalidAnswer):
        parse_answer(step, "7", TODAY)  # a number is a mistyped pick, not words


def test_a_several_choice_with_other_takes_a_list_or_words() -> None:
    step = next(s for s in playbook_from_text(
        OWN_WORDS.replace("other: true", "other: true\n    multiple: true")
    ).steps)
    assert parse_answer(step, "1,2", TODAY) == ["sad", "fine"]
    assert parse_answer(step, "sad, and tired", TODAY) == "sad, and tired"


def test_keywords_need_free_words() -> None:
    with pytest.raises(PlaybookError, match="other: true"):
        playbook_from_text(OWN_WORDS.replace("    other: true\n", ""))


def run_alone(store: Store, library: Library, stats: dict[str, object],
              clock: Callable[[], datetime], pipe: PipeInput, keys: str) -> dict[str, object]:
    pipe.send_text(keys)
    face = TerminalFace(input=pipe, output=DummyOutput())
    outcome = ConversationRunner(store, face, clock).start(
        library.get("self_compassion"), library.playbooks, stats, quick=False
    )
    assert outcome.status == "finished" and outcome.record is not None
    return outcome.record


def test_a_feeling_is_one_key_in_the_terminal(store, library, empty_stats, clock, pipe) -> None:
    record = run_alone(store, library, empty_stats, clock, pipe, "2You did fine\ry5")
    assert record["answers"]["feeling"]["answer"] == "embarrassed"
    assert any("says nothing about what you're worth" in line for line in record["responses"])
    assert not any("forgotten" in line for line in record["responses"])


def test_a_feeling_in_own_words_in_the_terminal(store, library, empty_stats, clock, pipe) -> None:
    record = run_alone(store, library, empty_stats, clock, pipe,
                       "so mad at myself\rYou did fine\ry5")
    assert record["answers"]["feeling"]["answer"] == "so mad at myself"
    assert record["answers"]["feeling"]["shown"] == "so mad at myself"
    assert record["responses"][0].startswith("Frustration is energy")


HEAVY_WITH_OWN_THOUGHT = "\n".join([
    "They hung up on me", "8", "5",
    "I'm never going to make quota",  # the hot thought, typed (the trap comes first now)
    "90", "Another no today", "I booked two meetings last week",
    "One call says nothing about quota", "40",
    "Their direct line", "Ask about budget first", "5",
]) + "\n"


def test_the_thought_record_is_kept_in_the_rep_s_words(tmp_path: Path) -> None:
    result = run_coach(tmp_path, "debrief", stdin=HEAVY_WITH_OWN_THOUGHT)
    assert result.returncode == 0, result.stderr
    assert "or your own words" in result.stdout
    assert "From 90% to 40%" in result.stdout
    record = json.loads(run_coach(tmp_path, "history", "--format", "json").stdout)[0]
    values = record["values"]
    assert values["hot_thought"] == "I'm never going to make quota"
    assert values["belief_before"] == 90 and values["belief_after"] == 40
    assert values["evidence_against"] == "I booked two meetings last week"
    assert record["answers"]["reframe.for_it"]["answer"] == "Another no today"
    assert "reframe.went_well" not in record["answers"]  # the thought record stands in for it
    assert values["balanced_thought"] == "One call says nothing about quota"
    assert values["thinking_traps"] is None and record["thinking_trap"] is None


def test_several_listed_traps_keep_the_first_as_the_trap(tmp_path: Path) -> None:
    answers = HEAVY_WITH_OWN_THOUGHT.replace("I'm never going to make quota", "7,8")
    assert run_coach(tmp_path, "debrief", stdin=answers).returncode == 0
    record = json.loads(run_coach(tmp_path, "history", "--format", "json").stdout)[0]
    assert record["thinking_trap"] == "labelling"
    assert record["values"]["thinking_traps"] == ["labelling", "should_statements"]
    assert record["values"]["hot_thought"] is None
