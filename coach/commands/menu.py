"""Asking the rep something outside any playbook (a menu, a count) through whichever face is in use.

A menu is a question of its own kind (`menu` in the step registry): it reads answers like a
choice, so it gets the same one-keystroke picking in a terminal and the same line-by-line answers
in a pipe as any playbook question, and q leaves it. No playbook asks it, so its Ask has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.commands.app import App
from coach.conversation.answers import InvalidAnswer, parse_answer
from coach.conversation.engine import Ask
from coach.conversation.session import Face, PartialAnswer
from coach.errors import InputEnded
from coach.playbook.model import Choice, Step

QUIT_WORDS = ("/quit", "/pause", "q", "quit", "exit")


def pick(
    app: App, face: Face, question: str, options: Sequence[tuple[str, str]], title: str = "Coach"
) -> str | None:
    """The key of the option the rep picks, or None when they quit (q, Ctrl-D, end of input)."""
    step = Step("menu", "menu", choices=tuple(Choice(key, label) for key, label in options))
    answer = _ask(app, face, step, question, title)
    return None if answer is None else str(answer)


def pick_number(
    app: App, face: Face, question: str, low: int, high: int, title: str = "Coach"
) -> int | None:
    """A whole number from `low` to `high`, or None when the rep quits."""
    step = Step("number", "number", minimum=low, maximum=high)
    answer = _ask(app, face, step, question, title)
    return None if answer is None else int(answer)


def _ask(app: App, face: Face, step: Step, question: str, title: str) -> Any:
    """Ask until the answer is valid; None when the rep quits."""
    ask = Ask(step.id, step, None, question, 1, 0, flow=title)

    def check(text: str) -> str | None:
        if text.strip().lower() in QUIT_WORDS:
            return None
        try:
            parse_answer(step, text, app.clock().date())
        except InvalidAnswer as problem:
            return str(problem)
        return None

    while True:
        try:
            text = face.ask(ask, check, "", "")
        except InputEnded:
            return None
        except PartialAnswer as interrupted:
            raise interrupted.cause from None
        if text.strip().lower() in QUIT_WORDS:
            return None
        try:
            return parse_answer(step, text, app.clock().date())
        except InvalidAnswer as problem:
            face.notice(str(problem))
