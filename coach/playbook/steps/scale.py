"""The scale step: a whole number on a short range (0-10 unless told), with labelled ends."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.playbook.steps.base import (
    Drawing,
    InvalidAnswer,
    StepType,
    WrittenDefault,
    default_in_range,
    echo,
    in_range,
    number,
    range_hint,
)

if TYPE_CHECKING:
    from coach.playbook.model import Step


class ScaleStep(StepType):
    name = "scale"
    keys = ("min", "max", "labels")
    default_range = (0, 10)
    whole_span = 20  # 21 numbers still fit on one line of a terminal

    def parse(self, step: Step, text: str, today: date) -> float | int:
        value = number(text)
        if not isinstance(value, int):
            raise InvalidAnswer(f"{echo(text)} is not a whole number: {self.hint(step)}")
        return in_range(step, value)

    def read_default(self, step: Step, written: WrittenDefault) -> float | None:
        value = default_in_range(step, written)
        if value is not None and value != int(value):
            written.problem("a scale's default is a whole number")
            return None
        return value

    def hint(self, step: Step) -> str:
        return range_hint(step)

    def option_lines(self, step: Step) -> list[str]:
        if not (step.min_label or step.max_label):
            return []
        low, high = int(step.minimum or 0), int(step.maximum or 10)
        return [f"  {low} = {step.min_label}  ...  {high} = {step.max_label}"]

    def outline(self, step: Step) -> str:
        kind = f"scale {int(step.minimum or 0)}-{int(step.maximum or 10)}"
        if step.min_label or step.max_label:
            kind += f": {step.min_label} ... {step.max_label}"
        return kind

    def likely(self, step: Step, today: date) -> int:
        return int(step.maximum if step.maximum is not None else 10)

    def drawing(self, step: Step) -> Drawing:
        return Drawing("scale", "type a number or ←→ · Enter accept")
