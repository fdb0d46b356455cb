"""The date step: stored as an ISO date, typed as one or as today, tomorrow, a weekday, or +days."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.playbook.steps.base import Drawing, InvalidAnswer, StepType

if TYPE_CHECKING:
    from coach.playbook.model import Step

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DateStep(StepType):
    name = "date"

    def parse(self, step: Step, text: str, today: date) -> str:
        token = text.strip().lower()
        if token == "today":
            return today.isoformat()
        if token == "tomorrow":
            return (today + timedelta(days=1)).isoformat()
        if re.fullmatch(r"\+?\d{1,4}", token):
            return (today + timedelta(days=int(token))).isoformat()
        short = [weekday[:3] for weekday in WEEKDAYS]
        if token in WEEKDAYS or (token[:3] in short and len(token) == 3):
            ahead = (short.index(token[:3]) - today.weekday()) % 7 or 7
            return (today + timedelta(days=ahead)).isoformat()
        try:
            return date.fromisoformat(token).isoformat()
        except ValueError:
            raise InvalidAnswer(
                f"'{text.strip()}' is not a date: type YYYY-MM-DD, today, tomorrow, a weekday, "
                "or a number of days from now"
            ) from None

    def hint(self, step: Step) -> str:
        return "YYYY-MM-DD, today, tomorrow, a weekday, or days from now"

    def likely(self, step: Step, today: date) -> str:
        return today.isoformat()

    def drawing(self, step: Step) -> Drawing:
        return Drawing(hint=f"({self.hint(step)})")
