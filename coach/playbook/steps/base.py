"""What every step type says about itself: its keys, how answers are read and shown and drawn.

A step type is one small module with one `StepType` subclass. The terminal face turns the plain
`Drawing` a type returns into prompt-toolkit widgets, so no step type imports a terminal library.
Nor does it read YAML nodes: a playbook's `default:` reaches it as a `WrittenDefault`, which the
schema reads and reports on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

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


class WrittenDefault(Protocol):
    """A question's `default:` as a playbook writes it: one scalar, as the schema's reader sees it.

    Each method that reads it reports its own problem, pointing at the scalar and worded like
    every other playbook problem, and gives None when the scalar is not that kind of value.
    """

    @property
    def tag(self) -> str:
        """What YAML read the scalar as: "str", "int", "float", "bool", "timestamp", "null"."""

    @property
    def value(self) -> Any:
        """The scalar as YAML read it (a `datetime.date` for a bare date, True for `yes`...)."""

    def text(self) -> str | None:
        """The scalar as text; YAML's `no` or `7` is refused with a hint to quote it."""

    def number(self) -> float | None:
        """The scalar as a number (an int or a float, never a boolean)."""

    def boolean(self) -> bool | None:
        """The scalar as YAML's own true or false."""

    def problem(self, message: str, hint: str = "") -> None:
        """Report a problem with the default, after the step and `default:` it belongs to."""

    def suggest(self, word: str, options: Sequence[str]) -> str:
        """A hint naming the option closest to `word`, or listing them."""


class StepType:
    """One kind of step. Subclasses override what differs; the defaults suit a free-text one."""

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
    implied_by = ""
    """A key that makes a step written without `type:` this type ("" for none)."""
    implied_rank = 0
    """When a step without `type:` has the keys of several types, the highest rank wins."""

    def read_default(self, step: Step, written: WrittenDefault) -> Any:
        """A playbook's `default:` for a question of this type, kept as a typed answer is stored.

        The default is stored as the answer when the rep just presses Enter, so it must be a
        value the step could have produced; None (with the problem reported) when it is not.
        `step` has the choices, `multiple` and range the default is checked against. The schema
        asks only types that ask: the others do not take a default.
        """
        return written.text()  # text, so that YAML's `no` or `7` is caught

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
        """Lines under the question in a pipe: numbered options or a scale's ends (unsanitised)."""
        return []

    def outline(self, step: Step) -> str:
        """The type as `coach playbooks show` describes it."""
        return self.name

    def likely(self, step: Step, today: date) -> Any:
        """The answer the step counter assumes before the rep gives one.

        It is the one that keeps the longer branch of a playbook, so "step 3 of about N" can
        shrink as they answer but not grow.
        """
        return "..."

    def drawing(self, step: Step) -> Drawing:
        """How a terminal draws the question."""
        return Drawing()


_ROUGHLY = re.compile(r"^(?:(?:about|around|roughly|approx(?:imately)?|like|maybe|say|prob(?:ably)?"
                      r"|~|c\.|ca\.)\s*)+|(?:\s*(?:ish|%|\?|!|\.|or so))+$", re.IGNORECASE)
"""What people put around a guessed number ("like 60?", "about 40", "80%", "60ish", "~20")."""


def number(text: str) -> float | int:
    """A typed number (commas and underscores allowed), an int when it has no decimal point;
    the words people put around a guess ("like 60?", "80%", "~20") are let go."""
    cleaned = _ROUGHLY.sub("", text.replace(",", "").replace("_", "").strip()).strip()
    if not re.fullmatch(r"[-+]?\d{1,12}(\.\d{1,6})?", cleaned):
        raise InvalidAnswer(f"{echo(text)} is not a number (a rough guess is fine)")
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


def default_in_range(step: Step, written: WrittenDefault) -> float | None:
    """A number or scale step's default: a number within the step's min and max."""
    value = written.number()
    if value is None:
        return None
    low, high = step.minimum, step.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        written.problem(f"{value} is outside the step's range")
        return None
    return value


def range_hint(step: Step) -> str:
    """What a number or scale step accepts."""
    if step.minimum is not None and step.maximum is not None:
        return f"a number from {plain(step.minimum)} to {plain(step.maximum)}"
    return "a number"
