"""What every step type says about itself: its keys, how an answer is read and shown, how it is drawn.

A step type is one small module with one `StepType` subclass. The terminal face turns the plain
`Drawing` a type returns into prompt-toolkit widgets, so no step type imports a terminal library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.playbook.model import Step


class InvalidAnswer(ValueError):
    """The typed text is not an acceptable answer; the message says why and what would be."""


ECHO_CHARS = 20
"""How much of a refused answer its message quotes, so the message fits one terminal line."""


def echo(text: str) -> str:
    """The typed text as a refusal message quotes it: one line, cut to ECHO_CHARS with "…"."""
    flat = " ".join(text.split())
    return f"'{flat if len(flat) <= ECHO_CHARS else flat[: ECHO_CHARS - 1].rstrip() + '…'}'"


@dataclass(frozen=True)
class Drawing:
    """How a terminal draws a question of this type, as plain data.

    `widget` names one of the face's few generic inputs: "line" (free text), "options" (arrows
    and one-key numbers), "yesno" (y and n keys) or "scale" (left and right arrows).
    """

    widget: str = "line"
    keys: str = "Enter to answer"  # the toolbar's reminder of the keys that work
    hint: str = ""  # a line under the question, empty for none
    multiline: bool = False
    multiple: bool = False  # options: several can be picked with space or their numbers
    recall: bool = False  # up and down walk through the rep's earlier answers
    quits: bool = False  # q on an empty line leaves (menus)
    help_key: str = "/help"  # the toolbar's last word: how to get help or leave


class StepType:
    """One kind of step. Subclasses override what differs; the defaults suit a free-text question."""

    name = ""
    keys: tuple[str, ...] = ()
    """The YAML keys this type adds to the common ones (and to the question keys, if it asks)."""
    needs: str = ""
    """A type-specific key the step cannot do without ("" for none)."""
    text_key = "ask"
    asks = True
    says = False
    action = ""
    """For a step that says a line: what the coach then does ("breather"), or "" for nothing."""
    includes = False
    free_text = False
    """Whether answers are the rep's own words: keyword responses, quotes and the safety check."""
    has_choices = False
    in_playbooks = True
    """False for kinds of question the coach asks itself (a menu), never written in a playbook."""
    default_range: tuple[float, float] | None = None
    """The min and max a step gets when the playbook gives none."""
    whole_span: int | None = None
    """For a short range of whole numbers (a scale): the most max may lie above min."""

    def parse(self, step: Step, text: str, today: date) -> Any:
        """The value to store for a non-empty `text`; raises InvalidAnswer with the reason."""
        raise InvalidAnswer(f"the step '{step.id}' does not take an answer")

    def is_words(self, step: Step, value: Any) -> bool:
        """Whether a stored value is the rep's own words (matched, quoted and safety-checked)."""
        return self.free_text and isinstance(value, str)

    def hint(self, step: Step) -> str:
        """A short reminder of what the step accepts, for prompts and error messages."""
        return "any text" if not step.required else "a few words"

    def format(self, step: Step, value: Any) -> str:
        """A stored value (never None) as the rep would read it back."""
        return str(value)

    def typed(self, step: Step, value: Any) -> str:
        """The text that, typed at `step`, gives the stored `value` (never None) back."""
        return str(value)

    def option_lines(self, step: Step) -> list[str]:
        """Lines under the question in a pipe: numbered options or a scale's ends (not sanitised)."""
        return []

    def outline(self, step: Step) -> str:
        """The type as `coach playbooks show` describes it."""
        return self.name

    def likely(self, step: Step, today: date) -> Any:
        """The answer the step counter assumes before the rep gives one: the one that keeps the
        longer branch of a playbook, so "step 3 of about N" can shrink as they answer but not grow."""
        return "..."

    def drawing(self, step: Step) -> Drawing:
        """How a terminal draws the question."""
        return Drawing()


def number(text: str) -> float | int:
    """A typed number (commas and underscores allowed), an int when it has no decimal point."""
    cleaned = text.replace(",", "").replace("_", "").strip()
    if not re.fullmatch(r"[-+]?\d{1,12}(\.\d{1,6})?", cleaned):
        raise InvalidAnswer(f"{echo(text)} is not a number")
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def in_range(step: Step, value: float | int) -> float | int:
    """`value` if it lies within the step's min and max, else InvalidAnswer naming the range."""
    low, high = step.minimum, step.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"from {plain(low)} to {plain(high)}"
            if low is not None and high is not None
            else (f"of at least {plain(low)}" if low is not None else f"of at most {plain(high)}")
        )
        raise InvalidAnswer(f"{plain(value)} is out of range: type a number {bounds}")
    return value


def plain(value: float | int | None) -> str:
    """A number without a useless `.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def range_hint(step: Step) -> str:
    """What a number or scale step accepts."""
    if step.minimum is not None and step.maximum is not None:
        return f"a number from {plain(step.minimum)} to {plain(step.maximum)}"
    return "a number"
