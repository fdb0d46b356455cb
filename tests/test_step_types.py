"""The step-type registry: lookups, answers that survive a round trip, and the menu question."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import make_app
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.commands.menu import pick
from coach.conversation.answers import InvalidAnswer, default_text, format_answer, parse_answer
from coach.faces.line import LineFace
from coach.faces.terminal.face import TerminalFace
from coach.playbook.model import STEP_TYPES, Choice, Step
from coach.playbook.steps import (
    UnknownStepType,
    implied_type,
    playbook_types,
    registered,
    step_type,
)

TODAY = date(2026, 3, 4)
OPTIONS = (Choice("timing", "Bad moment"), Choice("budget", "No budget"), Choice("fit", "No fit"))

# One sample question and answer per asking type; a new type must add its own here.
SAMPLES: dict[str, list[tuple[Step, Any]]] = {
    "text": [(Step("a", "text"), "Pitched too fast"), (Step("b", "text", multiline=True), "a\n b")],
    "choice": [
        (Step("c", "choice", choices=OPTIONS), "budget"),
        (Step("d", "choice", choices=OPTIONS, multiple=True), ["timing", "fit"]),
    ],
    "menu": [(Step("m", "menu", choices=OPTIONS), "fit")],
    "scale": [(Step("s", "scale", minimum=0, maximum=10), 7)],
    "yesno": [(Step("y", "yesno"), True), (Step("n", "yesno"), False)],
    "number": [(Step("x", "number", minimum=0), 12.5), (Step("z", "number"), -3)],
    "date": [(Step("t", "date"), "2026-03-20")],
}


def test_an_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(UnknownStepType) as raised:
        step_type("yes_no")
    message = str(raised.value)
    assert message.startswith("No step type 'yes_no' (did you mean 'yesno'?).")
    assert "Known types are text, choice, scale, yesno, number, date, say, breather, include, menu." in message


def test_playbooks_may_use_every_type_but_the_menu() -> None:
    assert STEP_TYPES == playbook_types() == (
        "text", "choice", "scale", "yesno", "number", "date", "say", "breather", "include")
    assert "menu" not in playbook_types()
    asking = {name for name in STEP_TYPES if Step(id="x", type=name).asks}
    assert asking == {"text", "choice", "scale", "yesno", "number", "date"}


@pytest.mark.parametrize(("keys", "implied"), [
    ({"id", "ask"}, "text"),
    ({"id", "ask", "choices"}, "choice"),
    ({"id", "say"}, "say"),
    ({"id", "say", "choices"}, "choice"),  # a question with options, whatever it says first
    ({"id", "include", "choices"}, "include"),
])
def test_a_step_without_a_type_takes_the_one_its_keys_imply(keys: set[str], implied: str) -> None:
    assert implied_type(keys) == implied


def test_every_asking_type_has_a_round_trip_sample() -> None:
    asking = {name for name, kind in registered().items() if kind.asks}
    assert asking == set(SAMPLES)


@pytest.mark.parametrize(
    ("step", "value"),
    [sample for samples in SAMPLES.values() for sample in samples],
    ids=lambda item: item.id if isinstance(item, Step) else repr(item),
)
def test_a_stored_value_typed_again_gives_itself_back(step: Step, value: Any) -> None:
    typed = default_text(step, value)
    assert parse_answer(step, typed, TODAY) == value
    shown = format_answer(step, value)
    assert shown and shown != "(skipped)"


def test_choice_answers_read_back_as_labels() -> None:
    step = Step("d", "choice", choices=OPTIONS, multiple=True)
    assert format_answer(step, parse_answer(step, "1, 3", TODAY)) == "Bad moment, No fit"
    assert format_answer(Step("y", "yesno"), parse_answer(Step("y", "yesno"), "2", TODAY)) == "no"


def test_a_say_step_takes_no_answer() -> None:
    with pytest.raises(ValueError, match="does not take an answer"):
        parse_answer(Step("hello", "say"), "hi", TODAY)


def test_the_menu_picks_with_one_key_in_a_terminal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with create_pipe_input() as pipe:
        pipe.send_text("2")
        face = TerminalFace(input=pipe, output=DummyOutput())
        assert pick(app, face, "What now?", [("log", "Log effort"), ("wrap", "Wrap up")]) == "wrap"


def test_the_menu_arrows_move_and_enter_accepts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    options = [("log", "Log effort"), ("wrap", "Wrap up"), ("rest", "Breather")]
    with create_pipe_input() as pipe:
        pipe.send_text("\x1b[B\x1b[B\r")  # down, down, Enter
        face = TerminalFace(input=pipe, output=DummyOutput())
        assert pick(app, face, "What now?", options) == "rest"


def test_q_alone_leaves_the_menu_at_once(tmp_path: Path) -> None:
    # q needs no Enter: the "2" right after it already answers the next menu. Were q typed as
    # text, "q2" would be refused and the closed input would end both menus with nothing.
    app = make_app(tmp_path)
    options = [("log", "Log effort"), ("wrap", "Wrap up")]
    with create_pipe_input() as pipe:
        pipe.send_text("q2\r")
        pipe.close()
        face = TerminalFace(input=pipe, output=DummyOutput())
        assert pick(app, face, "What now?", options) is None
        assert pick(app, face, "What now?", options) == "wrap"


def test_the_menu_in_a_pipe_lists_numbered_options(tmp_path: Path) -> None:
    app = make_app(tmp_path, stdin="nope\n1\n")
    face = LineFace(app.stdin, app.stdout)
    assert pick(app, face, "What now?", [("log", "Log effort"), ("wrap", "Wrap up")]) == "log"
    printed = app.stdout.getvalue()
    assert "What now?\n  1. Log effort\n  2. Wrap up\n  (1-2)\n" in printed
    assert "'nope' is not one of the options" in printed


@pytest.mark.parametrize("step", [
    Step("c", "choice", choices=OPTIONS), Step("y", "yesno"),
    Step("s", "scale", minimum=0, maximum=10), Step("n", "number"), Step("d", "date"),
])
def test_a_refusal_quotes_a_pasted_paragraph_short_enough_for_one_line(step: Step) -> None:
    """The prompt shows a refusal on one terminal line: the quote is cut, the fix stays."""
    pasted = "honestly the guy was rude from the first second and " * 6
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(step, pasted, date(2026, 12, 6))
    message = str(refused.value)
    assert len(message) <= 76 and "…'" in message, message


@pytest.mark.parametrize(("labels", "typed", "picked"), [
    (("Bad timing", "Can't tell"), "idk", "b"),  # a non-answer picks the "don't know" option
    (("Bad timing", "Not sure"), "no idea tbh", "b"),
    (("Did it", "Not really"), "idk", None),  # an option that answers "no" is never taken
    (("Something said", "Nothing said"), "dunno", None),
    (("Can't tell", "Not sure"), "idk", None),  # two such options: the rep still picks
])
def test_a_non_answer_picks_the_one_option_that_says_dont_know(
        labels: tuple[str, str], typed: str, picked: str | None) -> None:
    step = Step(id="why", type="choice", choices=(Choice("a", labels[0]), Choice("b", labels[1])))
    if picked is None:
        with pytest.raises(InvalidAnswer, match="not one of the options"):
            parse_answer(step, typed, date(2026, 12, 6))
    else:
        assert parse_answer(step, typed, date(2026, 12, 6)) == picked
