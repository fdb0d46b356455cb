"""Every question type and every in-conversation command, through the real prompt."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import FIXED_NOW, terminal_output
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.conversation.engine import Ask, Say
from coach.conversation.session import ConversationRunner, Outcome
from coach.faces.terminal.face import CommandCompleter, TerminalFace
from coach.playbook.library import Library, load_library
from coach.store.store import Store

EVERY_TYPE = """\
id: every_type
title: Every type
steps:
  - id: intro
    type: say
    say: "Let's go."
  - id: line
    ask: "One line?"
  - id: lines
    ask: "Several lines?"
    multiline: true
  - id: pick
    type: choice
    ask: "Pick one"
    choices: {a: Alpha, b: Beta, c: Gamma}
  - id: several
    type: choice
    multiple: true
    ask: "Pick several"
    choices: {x: Ex, y: Why, z: Zed}
  - id: level
    type: scale
    ask: "How much?"
    min: 1
    max: 5
    labels: {min: low, max: high}
  - id: sure
    type: yesno
    ask: "Sure?"
  - id: count
    type: number
    ask: "How many?"
    min: 0
    max: 100
  - id: when
    type: date
    ask: "When?"
  - id: extra
    ask: "Anything else?"
    required: false
"""


class RecordingFace(TerminalFace):
    """The real terminal face, remembering what it showed, for assertions."""

    def __init__(self, pipe: PipeInput) -> None:
        super().__init__(input=pipe, output=DummyOutput())
        self.shown: list[str] = []
        self.asked: list[str] = []

    def show(self, say: Say) -> None:
        self.shown.append(say.text)
        super().show(say)

    def notice(self, text: str) -> None:
        self.shown.append(text)
        super().notice(text)

    def ask(self, ask: Ask, check, prefill: str, partial: str) -> str:  # type: ignore[no-untyped-def]
        self.asked.append(ask.path)
        return super().ask(ask, check, prefill, partial)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "every_type.yaml").write_text(textwrap.dedent(EVERY_TYPE), encoding="utf-8")
    return load_library(folder)


def run(store: Store, library: Library, pipe: PipeInput, keys: str) -> tuple[Outcome, RecordingFace]:
    pipe.send_text(keys)
    face = RecordingFace(pipe)
    runner = ConversationRunner(store, face, lambda: FIXED_NOW)
    outcome = runner.start(library.get("every_type"), library.playbooks, {}, quick=False)
    return outcome, face


ALL_ANSWERS = (
    "A line\r"
    "First\rSecond\x1b\r"  # multi-line: Enter adds a line, Esc then Enter submits
    "2"  # choice: one keystroke
    "1" "3" "\r"  # multiple: toggle 1 and 3, Enter accepts
    "4\r"  # scale
    "y"  # yes/no: one keystroke
    "42\r"  # number
    "tomorrow\r"  # date
    "\r"  # optional: Enter leaves it empty
)


def test_every_question_type(store: Store, library: Library, pipe: PipeInput) -> None:
    outcome, face = run(store, library, pipe, ALL_ANSWERS)
    assert outcome.status == "finished" and outcome.record is not None
    answers = {path: entry["answer"] for path, entry in outcome.record["answers"].items()}
    assert answers == {
        "line": "A line", "lines": "First\nSecond", "pick": "b", "several": ["x", "z"],
        "level": 4, "sure": True, "count": 42, "when": "2026-11-21", "extra": None,
    }
    assert face.shown[0] == "Let's go."


def test_help_lists_the_commands_and_what_the_question_takes(store, library, pipe) -> None:
    outcome, face = run(store, library, pipe, "/help\r" + ALL_ANSWERS)
    assert outcome.status == "finished"
    help_text = next(text for text in face.shown if "/pause" in text)
    assert "This question takes" in help_text and "/back" in help_text


def test_skip_only_skips_optional_questions(store, library, pipe) -> None:
    keys = "/skip\r" + ALL_ANSWERS.replace("tomorrow\r\r", "tomorrow\r/skip\r")
    outcome, face = run(store, library, pipe, keys)
    assert any("cannot be skipped" in text for text in face.shown)
    assert outcome.record is not None and outcome.record["answers"]["extra"]["answer"] is None


def test_back_returns_to_the_previous_question_with_its_answer(store, library, pipe) -> None:
    # Answer 'line', go back from 'lines', erase the old answer and type a new one.
    keys = "Old line\r/back\r" + "\x7f" * len("Old line") + ALL_ANSWERS
    outcome, face = run(store, library, pipe, keys)
    assert face.asked[:3] == ["line", "lines", "line"]
    assert outcome.record is not None and outcome.record["answers"]["line"]["answer"] == "A line"


def test_back_on_the_first_question_says_so(store, library, pipe) -> None:
    outcome, face = run(store, library, pipe, "/back\r" + ALL_ANSWERS)
    assert any("first question" in text for text in face.shown)
    assert outcome.status == "finished"


def test_pause_keeps_a_draft(store, library, pipe) -> None:
    outcome, _ = run(store, library, pipe, "A line\r/pause\r")
    assert outcome.status == "paused"
    (draft,) = store.drafts()
    assert draft["at"] == "lines" and draft["answers"][0]["value"] == "A line"
    assert store.reflections() == []


def test_quit_asks_then_throws_the_conversation_away(store, library, pipe) -> None:
    outcome, _ = run(store, library, pipe, "A line\r/quit\ry")
    assert outcome.status == "quit"
    assert store.drafts() == [] and store.reflections() == []


def test_quit_can_be_cancelled(store, library, pipe) -> None:
    outcome, _ = run(store, library, pipe, "A line\r/quit\rn" + ALL_ANSWERS[len("A line\r"):])
    assert outcome.status == "finished"


def test_command_completion_offers_the_commands() -> None:
    # Completions arrive asynchronously in a live prompt, so the completer is asked directly.
    completer = CommandCompleter()
    found = [c.text for c in completer.get_completions(Document("/pa"), CompleteEvent())]
    assert found == ["/pause"]
    assert list(completer.get_completions(Document("pa"), CompleteEvent())) == []
    assert len(list(completer.get_completions(Document("/"), CompleteEvent()))) == 6  # /help-now too


def test_invalid_answers_are_refused_at_the_prompt(store, library, pipe) -> None:
    keys = ALL_ANSWERS.replace("42\r", "420\r" + "\x7f" * 3 + "42\r").replace(
        "tomorrow\r", "someday\r" + "\x7f" * 7 + "tomorrow\r")
    outcome, _ = run(store, library, pipe, keys)
    assert outcome.record is not None
    assert outcome.record["answers"]["count"]["answer"] == 42


def test_escape_sequences_in_answers_are_not_echoed_raw(store: Store, library, pipe) -> None:
    outcome, face = run(store, library, pipe, ALL_ANSWERS)
    assert outcome.status == "finished"
    output, screen = terminal_output()
    face.output = output
    face.show(Say("red \x1b[31m text", "response"))
    output.flush()
    assert "coach › red [31m text" in screen.getvalue()


def test_an_enter_after_a_one_key_answer_is_habit_not_the_next_answer(
        store: Store, library: Library, pipe: PipeInput) -> None:
    """'2, Enter' at a one-key choice, 'y, Enter' at yes/no: the Enter is not taken for the
    next question's answer (it would pick its first option, or be refused as empty)."""
    keys = ("A line\r" "First\rSecond\x1b\r"
            "2\r"  # one key, and the habitual Enter
            "13\r"  # the next question still gets its own answer
            "4\r" "y\r" "42\r" "tomorrow\r" "\r")
    outcome, face = run(store, library, pipe, keys)
    assert outcome.status == "finished" and outcome.record is not None
    answers = {path: entry["answer"] for path, entry in outcome.record["answers"].items()}
    assert answers["pick"] == "b" and answers["several"] == ["x", "z"]
    assert answers["sure"] is True and answers["count"] == 42
    assert not any("answer is needed" in text for text in face.shown)
