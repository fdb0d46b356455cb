"""The free-text step: the rep's own words, on one line or several."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.playbook.steps.base import Drawing, StepType

if TYPE_CHECKING:
    from coach.playbook.model import Step


class TextStep(StepType):
    name = "text"
    keys = ("multiline",)
    free_text = True

    def parse(self, step: Step, text: str, today: date) -> str:
        # Several lines keep their layout; one line loses stray spaces at its ends.
        return text if step.multiline else text.strip()

    def outline(self, step: Step) -> str:
        return "text, several lines" if step.multiline else "text"

    def drawing(self, step: Step) -> Drawing:
        if step.multiline:
            return Drawing(
                keys="Esc Enter to finish",
                hint="(several lines allowed: Esc then Enter to finish)",
                multiline=True,
            )
        return Drawing(recall=True)
