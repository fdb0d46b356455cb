"""The breather step: choosing the breathing reset starts the breather there and then."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW, run_coach
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.conversation.engine import Conversation
from coach.conversation.session import ConversationRunner
from coach.faces.terminal.breather import TICK_SECONDS
from coach.faces.terminal.face import TerminalFace
from coach.playbook.library import Library, load_library
from coach.review.stats import compute_stats
from coach.store.records import effort_record
from coach.store.store import Store

RESET = """\
id: reset_test
title: A reset
steps:
  - id: reset
    type: choice
    ask: "Pick a short reset:"
    choices:
      breathe: Three slow breaths
      water: A glass of water
  - id: breathe_now
    type: breather
    when: "reset == 'breathe'"
    say: "Let's do it right now."
"""


@pytest.fixture
def reset_library(tmp_path: Path) -> Library:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "reset_test.yaml").write_text(textwrap.dedent(RESET), encoding="utf-8")
    return load_library(folder)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def breathers(store: Store) -> list[dict[str, object]]:
    return [event for event in store.effort_events() if event["type"] == "breather"]


def test_the_engine_marks_the_line_with_the_action_only_when_chosen(
    reset_library: Library,
) -> None:
    playbook = reset_library.get("reset_test")
    start = Conversation(playbook, reset_library.playbooks, {}, FIXED_NOW.date())
    chose = start.answer("breathe")
    assert [(say.text, say.action) for say in chose.pending] == [
        ("Let's do it right now.", "breather")
    ]
    assert not any(say.action for say in start.answer("water").pending)


def terminal_run(store: Store, library: Library, pipe: PipeInput, keys: str) -> str:
    pipe.send_text(keys)
    moments = iter(second * 30.0 for second in range(10_000))
    face = TerminalFace(
        input=pipe, output=DummyOutput(), clock=lambda: next(moments), sleep=lambda _: None
    )
    runner = ConversationRunner(store, face, lambda: FIXED_NOW)
    return runner.start(library.get("reset_test"), library.playbooks, {}, quick=False).status


def test_choosing_the_breathing_reset_runs_the_breather_and_counts_as_a_break(
    store: Store, reset_library: Library, pipe: PipeInput
) -> None:
    store.add_effort(effort_record("dials", 40, FIXED_NOW - timedelta(minutes=30)))
    before = compute_stats([], store.effort_events(), FIXED_NOW)
    assert before["dials_since_break"] == 40
    assert terminal_run(store, reset_library, pipe, "1") == "finished"
    logged = breathers(store)
    assert len(logged) == 1 and logged[0]["note"] == "120s"
    after = compute_stats([], store.effort_events(), FIXED_NOW + timedelta(minutes=3))
    assert after["dials_since_break"] == 0
    assert store.reflections()[0]["answers"]["reset"]["answer"] == "breathe"


def test_another_reset_starts_no_breather(
    store: Store, reset_library: Library, pipe: PipeInput
) -> None:
    assert terminal_run(store, reset_library, pipe, "2") == "finished"
    assert breathers(store) == []


def test_a_key_ends_the_breather_early_and_the_conversation_still_finishes(
    store: Store, reset_library: Library, pipe: PipeInput
) -> None:
    # Each tick moves the clock by one tick, so the breather would run its whole two minutes of
    # ticks (a few seconds here) unless the key ends it.
    pipe.send_text("1")
    moments = iter(tick * TICK_SECONDS for tick in range(100_000))
    face = TerminalFace(
        input=pipe,
        output=DummyOutput(),
        clock=lambda: next(moments),
        sleep=lambda _: time.sleep(0.005),
    )
    runner = ConversationRunner(store, face, lambda: FIXED_NOW)
    pipe.send_text("q")
    outcome = runner.start(
        reset_library.get("reset_test"), reset_library.playbooks, {}, quick=False
    )
    assert outcome.status == "finished"
    [event] = breathers(store)
    assert str(event["note"]) != "120s"


def test_in_a_pipe_the_breather_is_one_line_and_no_wait(home: Path) -> None:
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    (folder / "reset_test.yaml").write_text(textwrap.dedent(RESET), encoding="utf-8")
    result = run_coach(home, "run", "reset_test", stdin="1\n", timeout=30)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    said = lines.index("Let's do it right now.")
    assert lines[said + 1].startswith("Breather: breathe in for 4, hold for 4, breathe out for 6")
    assert [event["note"] for event in breathers(Store(home))] == ["0s"]


def test_a_breather_step_takes_no_answer_keys(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    broken = RESET.replace('    say: "Let\'s do it right now."', '    say: "Now."\n    default: x')
    (folder / "reset_test.yaml").write_text(broken, encoding="utf-8")
    library = load_library(folder)
    problems = " ".join(str(problem) for found in library.problems.values() for problem in found)
    assert "'default' does not apply to a breather step" in problems
