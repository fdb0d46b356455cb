"""The prompt-toolkit face, driven through a pipe input exactly as a terminal would drive it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from conftest import terminal_output
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.conversation.session import ConversationRunner
from coach.faces.terminal.face import TerminalFace
from coach.playbook.library import Library
from coach.store.store import Store


def run_quick_debrief(store: Store, library: Library, stats: dict[str, object],
                      clock: Callable[[], datetime], pipe: PipeInput, keys: str,
                      past: Callable[[str], list[str]] | None = None) -> dict[str, object]:
    pipe.send_text(keys)
    face = TerminalFace(input=pipe, output=DummyOutput(), past_answers=past)
    runner = ConversationRunner(store, face, clock)
    outcome = runner.start(library.get("debrief"), library.playbooks, stats, quick=True)
    assert outcome.status == "finished"
    assert outcome.record is not None
    return outcome.record


QUICK_KEYS = (
    "3\r"  # sting (scale: type a number)
    "5"  # timing_fit.cause: delivery, one keystroke
    "Real talk\r"  # win.win
    "Next dial\r"  # next_action
    "2\r"  # sting_after
)


def test_quick_debrief_through_the_terminal_face(store, library, empty_stats, clock, pipe) -> None:
    record = run_quick_debrief(store, library, empty_stats, clock, pipe, QUICK_KEYS)
    answers = record["answers"]
    assert isinstance(answers, dict)
    assert answers["timing_fit.cause"]["answer"] == "delivery"
    assert answers["win.win"]["answer"] == "Real talk"
    assert record["sting_before"] == 3 and record["sting_after"] == 2
    assert store.reflections()[0]["id"] == record["id"]
    assert store.drafts() == []


def test_arrow_keys_pick_a_choice_and_scale(store, library, empty_stats, clock, pipe) -> None:
    down, right, left = "\x1b[B", "\x1b[C", "\x1b[D"
    keys = (
        right + right + left + "\r"  # sting: right starts in the middle (5), -> 6, <- 5
        + down + down + "\r"  # cause: the third option, other priorities
        + "\r"  # timing_fit.callback: Enter, no date (the quick run asks it after a "not now")
        + "Real talk\r"
        + "Next dial\r"
        + "4\r"  # sting again, typed
    )
    record = run_quick_debrief(store, library, empty_stats, clock, pipe, keys)
    assert record["sting_before"] == 5 and record["sting_after"] == 4
    answers = record["answers"]
    assert isinstance(answers, dict)
    assert answers["timing_fit.cause"]["answer"] == "priorities"


def test_space_toggles_options_of_a_several_choice(store, library, empty_stats, clock,
                                                    pipe) -> None:
    down = "\x1b[B"
    pipe.send_text(
        "Went ok\r"  # went_well
        + down + " " + "\r"  # adjust: move down to the second option, space toggles it
        + "\x04"  # then pause
    )
    face = TerminalFace(input=pipe, output=DummyOutput())
    outcome = ConversationRunner(store, face, clock).start(
        library.get("reframe_feedback"), library.playbooks, empty_stats, quick=True)
    assert outcome.status == "paused"
    (draft,) = store.drafts()
    chosen = library.get("reframe_feedback").step("adjust").choices[1].key
    assert [a["value"] for a in draft["answers"]] == ["Went ok", [chosen]]


def test_invalid_answer_is_refused_at_the_prompt(store, library, empty_stats, clock, pipe) -> None:
    keys = QUICK_KEYS.replace("3\r", "42\r\x7f\x7f3\r", 1)  # 42 refused, erased, then 3
    record = run_quick_debrief(store, library, empty_stats, clock, pipe, keys)
    assert record["sting_before"] == 3


def test_back_edits_the_previous_answer(store, library, empty_stats, clock, pipe) -> None:
    keys = QUICK_KEYS.replace("3\r", "3\r/back\r" + "\x7f" * 1 + "6\r", 1)
    record = run_quick_debrief(store, library, empty_stats, clock, pipe, keys)
    assert record["sting_before"] == 6


def test_up_arrow_recalls_past_answers(store, library, empty_stats, clock, pipe) -> None:
    keys = QUICK_KEYS.replace("Next dial\r", "\x1b[A\r")
    record = run_quick_debrief(
        store, library, empty_stats, clock, pipe, keys,
        past=lambda path: ["Call the CFO back"] if path == "next_action" else [],
    )
    assert record["next_action"] == "Call the CFO back"


def test_ctrl_c_keeps_the_half_typed_answer_in_the_draft(store, library, empty_stats, clock,
                                                         pipe) -> None:
    pipe.send_text("3\r5Real ta\x03")
    face = TerminalFace(input=pipe, output=DummyOutput())
    runner = ConversationRunner(store, face, clock)
    with pytest.raises(KeyboardInterrupt):
        runner.start(library.get("debrief"), library.playbooks, empty_stats, quick=True)
    (draft,) = store.drafts()
    assert [a["value"] for a in draft["answers"]] == [3, "delivery"]
    assert draft["partial"] == "Real ta"
    assert draft["at"] == "win.win"


def test_ctrl_d_pauses(store: Store, library: Library, empty_stats, clock, pipe) -> None:
    pipe.send_text("3\r\x04")
    face = TerminalFace(input=pipe, output=DummyOutput())
    outcome = ConversationRunner(store, face, clock).start(
        library.get("debrief"), library.playbooks, empty_stats, quick=True)
    assert outcome.status == "paused"
    assert len(store.drafts()) == 1


def test_a_notice_reaches_the_faces_output_without_its_escape_byte() -> None:
    output, screen = terminal_output()
    TerminalFace(input=None, output=output).notice("hello \x1b[31m")
    output.flush()
    assert "  hello [31m" in screen.getvalue()


def test_an_answer_is_kept_before_the_coach_works_out_its_reply(
        store, library, empty_stats, clock, pipe, monkeypatch) -> None:
    """Ctrl-C while the reply is computed (here: during the safety scan) loses no answer."""
    from coach.conversation import engine

    real_scan = engine.distress_in

    def interrupted_scan(text: str, rules: object) -> object:
        if text == "Real talk":
            raise KeyboardInterrupt
        return real_scan(text, rules)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "distress_in", interrupted_scan)
    pipe.send_text("3\r5Real talk\r")
    face = TerminalFace(input=pipe, output=DummyOutput())
    with pytest.raises(KeyboardInterrupt):
        ConversationRunner(store, face, clock).start(
            library.get("debrief"), library.playbooks, empty_stats, quick=True)
    (draft,) = store.drafts()
    assert [a["value"] for a in draft["answers"]] == [3, "delivery"]
    assert (draft["at"], draft["partial"]) == ("win.win", "Real talk")
