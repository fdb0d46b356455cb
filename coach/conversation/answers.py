"""Reading a typed answer into a stored value, and showing a stored value again, for any step.

The same rules serve the interactive prompt and piped input, so a script can answer anything a
person can: options by number, key or label; numbers in range; dates as reps say them ("in 3
weeks", "next quarter", "jan 15"; see coach/language/dates.py) or as ISO dates. Each rule lives with its step type in
`coach.playbook.steps`; this module is the conversation's short way to them.
"""

from __future__ import annotations

from typing import Any

from coach.playbook.model import Step
from coach.playbook.steps import MAX_ANSWER_CHARS, InvalidAnswer, kind_of, parse_answer

__all__ = [
    "MAX_ANSWER_CHARS",
    "InvalidAnswer",
    "default_text",
    "format_answer",
    "hint_for",
    "parse_answer",
]


def hint_for(step: Step) -> str:
    """A short reminder of what a step accepts, for prompts and error messages."""
    return kind_of(step).hint(step)


def format_answer(step: Step, value: Any) -> str:
    """A stored value as the rep would read it back."""
    return "(skipped)" if value is None else kind_of(step).format(step, value)


def default_text(step: Step, value: Any) -> str:
    """The text that, typed at `step`, gives `value` back (to pre-fill an edited answer)."""
    return "" if value is None else kind_of(step).typed(step, value)
