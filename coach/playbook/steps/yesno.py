"""The yes/no step: stored as true or false, typed as y or n (or 1 and 2 in a pipe)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coach.playbook.steps.base import Drawing, InvalidAnswer, StepType, WrittenDefault, echo

if TYPE_CHECKING:
    from coach.playbook.model import Step

YES_WORDS = ("y", "yes", "yeah", "yep", "true", "1")
NO_WORDS = ("n", "no", "nope", "false", "2")


class YesNoStep(StepType):
    name = "yesno"

    def parse(self, step: Step, text: str, today: date) -> bool:
        token = text.strip().lower()
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
        raise InvalidAnswer(f"{echo(text)} is not yes or no: type y or n")

    def read_default(self, step: Step, written: WrittenDefault) -> bool | None:
        return written.boolean()

    def hint(self, step: Step) -> str:
        return "y or n"

    def format(self, step: Step, value: Any) -> str:
        return "yes" if value else "no"

    def typed(self, step: Step, value: Any) -> str:
        return "y" if value else "n"

    def option_lines(self, step: Step) -> list[str]:
        return ["  1. yes", "  2. no"]

    def likely(self, step: Step, today: date) -> bool:
        return True

    def drawing(self, step: Step) -> Drawing:
        return Drawing("yesno", "y / n", hint="y / n")
