"""The number step: any number (decimals allowed), within min and max when they are given."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.playbook.steps.base import (
    Drawing,
    StepType,
    WrittenDefault,
    default_in_range,
    in_range,
    number,
    range_hint,
)

if TYPE_CHECKING:
    from coach.playbook.model import Step


class NumberStep(StepType):
    name = "number"
    keys = ("min", "max")

    def parse(self, step: Step, text: str, today: date) -> float | int:
        return in_range(step, number(text))

    def read_default(self, step: Step, written: WrittenDefault) -> float | None:
        return default_in_range(step, written)

    def hint(self, step: Step) -> str:
        return range_hint(step)

    def outline(self, step: Step) -> str:
        if step.minimum is None and step.maximum is None:
            return "number"
        low = step.minimum if step.minimum is not None else ""
        high = step.maximum if step.maximum is not None else ""
        return f"number {low}..{high}"

    def likely(self, step: Step, today: date) -> float | int:
        return step.minimum if step.minimum is not None else 0

    def drawing(self, step: Step) -> Drawing:
        return Drawing(hint=f"({self.hint(step)})")
