"""Reading a typed answer into a stored value, and showing a stored value again, per step type.

The same rules serve the interactive prompt and piped input, so a script can answer anything a
person can: options by number, key or label; numbers in range; dates as ISO dates, `today`,
`tomorrow`, a weekday, or a whole number of days from now.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from coach.playbook.model import Step

MAX_ANSWER_CHARS = 2_000_000
YES_WORDS = ("y", "yes", "yeah", "yep", "true", "1")
NO_WORDS = ("n", "no", "nope", "false", "2")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class InvalidAnswer(ValueError):
    """The typed text is not an acceptable answer; the message says why and what would be."""


def _number(text: str) -> float | int:
    cleaned = text.replace(",", "").replace("_", "").strip()
    if not re.fullmatch(r"[-+]?\d{1,12}(\.\d{1,6})?", cleaned):
        raise InvalidAnswer(f"'{text}' is not a number")
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def _in_range(step: Step, value: float | int) -> float | int:
    low, high = step.minimum, step.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"from {_plain(low)} to {_plain(high)}"
            if low is not None and high is not None
            else (f"of at least {_plain(low)}" if low is not None else f"of at most {_plain(high)}")
        )
        raise InvalidAnswer(f"{_plain(value)} is out of range: type a number {bounds}")
    return value


def _plain(value: float | int | None) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choice_key(step: Step, text: str) -> str:
    token = text.strip().lower()
    if token.isdigit() and 1 <= int(token) <= len(step.choices):
        return step.choices[int(token) - 1].key
    for choice in step.choices:
        if token in (choice.key.lower(), choice.label.lower()):
            return choice.key
    options = ", ".join(f"{i} {c.key}" for i, c in enumerate(step.choices, 1))
    raise InvalidAnswer(f"'{text.strip()}' is not one of the options: {options}")


def _choices(step: Step, text: str) -> str | list[str]:
    if not step.multiple:
        return _choice_key(step, text)
    parts = [part for part in re.split(r"[,;]|\s+", text) if part.strip()]
    if len(parts) > 1 and any(not part.isdigit() for part in parts):
        # Labels can contain spaces, so only split on spaces when every part is a number.
        parts = [part for part in re.split(r"[,;]", text) if part.strip()]
    keys = list(dict.fromkeys(_choice_key(step, part) for part in parts))
    return keys


def _date(text: str, today: date) -> str:
    token = text.strip().lower()
    if token == "today":
        return today.isoformat()
    if token == "tomorrow":
        return (today + timedelta(days=1)).isoformat()
    if re.fullmatch(r"\+?\d{1,4}", token):
        return (today + timedelta(days=int(token))).isoformat()
    if token in WEEKDAYS or (token[:3] in [w[:3] for w in WEEKDAYS] and len(token) == 3):
        target = [w[:3] for w in WEEKDAYS].index(token[:3])
        ahead = (target - today.weekday()) % 7 or 7
        return (today + timedelta(days=ahead)).isoformat()
    try:
        return date.fromisoformat(token).isoformat()
    except ValueError:
        raise InvalidAnswer(
            f"'{text.strip()}' is not a date: type YYYY-MM-DD, today, tomorrow, a weekday, "
            "or a number of days from now"
        ) from None


def parse_answer(step: Step, text: str, today: date) -> Any:
    """The value to store for `text` typed at `step`; raises InvalidAnswer with the reason.

    An empty answer gives the step's default, or None for an optional step.

    >>> from coach.playbook.model import Step
    >>> parse_answer(Step("sting", "scale", minimum=0, maximum=10), " 7 ", date(2026, 1, 1))
    7
    """
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer("that answer is too long to keep (over two million characters)")
    if not text.strip():
        if step.default is not None:
            return step.default
        if step.required:
            raise InvalidAnswer(
                "an answer is needed here" + ("" if step.type == "text" else f" ({hint_for(step)})")
            )
        return None
    if step.type == "text":
        return text if step.multiline else text.strip()
    if step.type == "choice":
        return _choices(step, text)
    if step.type == "yesno":
        token = text.strip().lower()
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
        raise InvalidAnswer(f"'{text.strip()}' is not yes or no: type y or n")
    if step.type == "scale":
        value = _number(text)
        if not isinstance(value, int):
            raise InvalidAnswer(f"'{text.strip()}' is not a whole number: {hint_for(step)}")
        return _in_range(step, value)
    if step.type == "number":
        return _in_range(step, _number(text))
    if step.type == "date":
        return _date(text, today)
    raise InvalidAnswer(f"the step '{step.id}' does not take an answer")


def hint_for(step: Step) -> str:
    """A short reminder of what a step accepts, for prompts and error messages."""
    if step.type == "choice":
        base = f"1-{len(step.choices)}"
        return base + (", several separated by commas" if step.multiple else "")
    if step.type == "yesno":
        return "y or n"
    if step.type in ("scale", "number"):
        if step.minimum is not None and step.maximum is not None:
            return f"a number from {_plain(step.minimum)} to {_plain(step.maximum)}"
        return "a number"
    if step.type == "date":
        return "YYYY-MM-DD, today, tomorrow, a weekday, or days from now"
    return "any text" if not step.required else "a few words"


def format_answer(step: Step, value: Any) -> str:
    """A stored value as the rep would read it back."""
    if value is None:
        return "(skipped)"
    if step.type == "choice":
        keys = value if isinstance(value, list) else [value]
        return ", ".join(step.choice_label(str(key)) for key in keys)
    if step.type == "yesno":
        return "yes" if value else "no"
    return str(value)


def default_text(step: Step, value: Any) -> str:
    """The text that, typed at `step`, gives `value` back (to pre-fill an edited answer)."""
    if value is None:
        return ""
    if step.type == "choice":
        keys = value if isinstance(value, list) else [value]
        return ", ".join(str(key) for key in keys)
    if step.type == "yesno":
        return "y" if value else "n"
    return str(value)
