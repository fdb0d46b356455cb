"""The registry of step types: a type's name -> the one module that knows how it behaves.

Every place that treats step types differently asks the registry instead of comparing names:
the model (which types exist, which ask the rep something), the schema (which keys a type
allows, the type a step without `type:` has, what its `default:` may be), the answers (reading
and showing them), the faces (how a question is drawn). A new type is one module here and one
entry in `_TYPES`.

>>> step_type("scale").keys
('min', 'max', 'labels')
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.playbook.steps.base import Drawing, InvalidAnswer, StepType, WrittenDefault
from coach.playbook.steps.breather import BreatherStep
from coach.playbook.steps.choice import ChoiceStep
from coach.playbook.steps.date import DateStep
from coach.playbook.steps.include import IncludeStep
from coach.playbook.steps.menu import MenuStep
from coach.playbook.steps.number import NumberStep
from coach.playbook.steps.say import SayStep
from coach.playbook.steps.scale import ScaleStep
from coach.playbook.steps.text import TextStep
from coach.playbook.steps.yesno import YesNoStep

if TYPE_CHECKING:
    from coach.playbook.model import Step

__all__ = [
    "MAX_ANSWER_CHARS",
    "PLAIN_TYPE",
    "Drawing",
    "InvalidAnswer",
    "StepType",
    "UnknownStepType",
    "WrittenDefault",
    "implied_type",
    "kind_of",
    "parse_answer",
    "playbook_types",
    "registered",
    "step_type",
]

MAX_ANSWER_CHARS = 2_000_000

_TYPES: dict[str, StepType] = {
    kind.name: kind
    for kind in (
        TextStep(),
        ChoiceStep(),
        ScaleStep(),
        YesNoStep(),
        NumberStep(),
        DateStep(),
        SayStep(),
        BreatherStep(),
        IncludeStep(),
        MenuStep(),
    )
}


PLAIN_TYPE = "text"
"""The type of a step that names none and has no key implying another: a free-text question."""


class UnknownStepType(KeyError):
    """No step type has this name; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def step_type(name: str) -> StepType:
    """The step type called `name`, or UnknownStepType saying which types exist.

    The message reads like "No step type 'yes_no' (did you mean 'yesno'?). Known types are
    text, choice, ...", so a typo is fixed without opening the docs.
    """
    try:
        return _TYPES[name]
    except KeyError:
        import difflib  # only for a mistake

        close = difflib.get_close_matches(name, list(_TYPES), n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        known = ", ".join(_TYPES)
        raise UnknownStepType(f"No step type '{name}'{guess}. Known types are {known}.") from None


def kind_of(step: Step) -> StepType:
    """The type of a step."""
    return step_type(step.type)


def registered() -> dict[str, StepType]:
    """Every step type by name, in the order they are listed to authors."""
    return dict(_TYPES)


def playbook_types() -> tuple[str, ...]:
    """The names a playbook may give as `type:` (every type but the coach's own menus)."""
    return tuple(name for name, kind in _TYPES.items() if kind.in_playbooks)


def implied_type(keys: Container[str]) -> str:
    """The type of a step written without `type:`, from the keys it has (see `implied_by`).

    >>> implied_type({"id", "choices", "say"}), implied_type({"id", "ask"})
    ('choice', 'text')
    """
    implying = [
        kind for kind in _TYPES.values()
        if kind.in_playbooks and kind.implied_by and kind.implied_by in keys
    ]
    if not implying:
        return PLAIN_TYPE
    return max(implying, key=lambda kind: kind.implied_rank).name


def parse_answer(step: Step, text: str, today: date) -> Any:
    """The value to store for `text` typed at `step`; raises InvalidAnswer with the reason.

    An empty answer gives the step's default, or None for an optional step.

    >>> from coach.playbook.model import Step
    >>> parse_answer(Step("sting", "scale", minimum=0, maximum=10), " 7 ", date(2026, 1, 1))
    7
    """
    kind = kind_of(step)
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer("that answer is too long to keep (over two million characters)")
    if not text.strip():
        if step.default is not None:
            return step.default
        if step.required:
            reminder = "" if kind.free_text else f" ({kind.hint(step)})"
            raise InvalidAnswer("an answer is needed here" + reminder)
        return None
    return kind.parse(step, text, today)
