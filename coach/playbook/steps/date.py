"""The date step: stored as an ISO date, typed as a rep says it ("friday", "in 3 weeks", "Q3")."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coach.language.dates import AHEAD, read_date, spoken
from coach.playbook.steps.base import Drawing, InvalidAnswer, StepType, WrittenDefault, echo

if TYPE_CHECKING:
    from coach.playbook.model import Step

EXAMPLES = "in 3 weeks, Q3 or 2027-04-01"
"""A few forms a date step accepts, named when it cannot read one (short: one terminal line)."""


class DateStep(StepType):
    name = "date"

    def parse(self, step: Step, text: str, today: date) -> str:
        # Dates asked in a conversation are plans (when to call back), so they look ahead.
        found = read_date(text, today, AHEAD)
        if found is None:
            raise InvalidAnswer(f"{echo(text)} is not a date: try {EXAMPLES}")
        return found.isoformat()

    def read_default(self, step: Step, written: WrittenDefault) -> str | None:
        # An ISO date, as a typed one is stored; YAML already reads a bare date as one.
        if written.tag == "timestamp" and type(written.value) is date:
            return written.value.isoformat()
        text = written.text()
        if text is None:
            return None
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            written.problem(f"'{text}' is not a date", "write it as YYYY-MM-DD")
            return None

    def format(self, step: Step, value: Any) -> str:
        """The stored day said back in full, so a misread is caught: 'Thu 1 Apr 2027'."""
        try:
            return spoken(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)

    def hint(self, step: Step) -> str:
        return "a day: friday, in 3 weeks..."

    def likely(self, step: Step, today: date) -> str:
        return today.isoformat()

    def drawing(self, step: Step) -> Drawing:
        return Drawing(hint=f"({self.hint(step)})")
