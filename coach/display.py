"""Plain-text pieces shared by every face: safe text, question lines, option lists."""

from __future__ import annotations

import re

from coach.answers import hint_for
from coach.engine import Ask

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with terminal control characters removed, so stored or templated text cannot send
    escape sequences to the terminal (newlines and tabs are kept).

    >>> safe("ok\\x1b[31mred")
    'ok[31mred'
    """
    return _CONTROL.sub("", text)


def progress(ask: Ask) -> str:
    """'3/12': where the rep is in the conversation (the total is an estimate)."""
    return f"{ask.number}/{max(ask.total, ask.number)}" if ask.total else ""


def option_lines(ask: Ask) -> list[str]:
    """The numbered options of a choice or yes/no question, or the ends of a scale."""
    step = ask.step
    if step.type == "choice":
        return [
            f"  {number}. {safe(choice.label)}" for number, choice in enumerate(step.choices, 1)
        ]
    if step.type == "yesno":
        return ["  1. yes", "  2. no"]
    if step.type == "scale" and (step.min_label or step.max_label):
        low, high = int(step.minimum or 0), int(step.maximum or 10)
        return [f"  {low} = {safe(step.min_label)}  ...  {high} = {safe(step.max_label)}"]
    return []


def question_lines(ask: Ask) -> list[str]:
    """The question as plain lines: progress, text, options and what it accepts."""
    lines = [f"[{progress(ask)}] {safe(ask.text)}" if ask.total else safe(ask.text)]
    lines += option_lines(ask)
    if ask.step.type != "text":
        lines.append(f"  ({hint_for(ask.step)})")
    return lines
