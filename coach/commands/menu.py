"""Asking the rep to pick from a menu through any face, as a one-question choice step."""

from __future__ import annotations

from collections.abc import Sequence

from coach.answers import InvalidAnswer, parse_answer
from coach.commands.app import App
from coach.engine import Ask
from coach.errors import InputEnded
from coach.playbook import Choice, Playbook, Step
from coach.session import Face, PartialAnswer

QUIT_WORDS = ("/quit", "/pause", "q", "quit", "exit")


def pick(
    app: App, face: Face, question: str, options: Sequence[tuple[str, str]], title: str = "Coach"
) -> str | None:
    """The key of the option the rep picks, or None when they quit (q, Ctrl-D, end of input)."""
    step = Step("menu", "choice", choices=tuple(Choice(key, label) for key, label in options))
    menu = Playbook("menu", title, "", (step,))
    ask = Ask("menu", step, menu, question, 1, 0)

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
            return str(parse_answer(step, text, app.clock().date()))
        except InvalidAnswer as problem:
            face.notice(str(problem))
