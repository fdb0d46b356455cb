"""Names and number words for looking back: how stored keys and counts read in plain English.

Causes and thinking traps are stored as keys (`fortune_telling`); these are the words the
views show for them. Nothing here knows about the pattern review, so listing a history stays
light.
"""

from __future__ import annotations

from datetime import date

from coach.messages import plural as plural  # the views' number words, worded once

CAUSE_NAMES = {
    "timing": "timing", "budget": "budget", "fit": "fit", "priorities": "other priorities",
    "gatekeeper": "gatekeeper only", "delivery": "my delivery",
    "unknown": "can't tell", "has_solution": "already has a solution", "brush_off": "brush-off",
}
TRAP_NAMES = {
    "overgeneralising": "overgeneralising (one call as a verdict)",
    "fortune_telling": "fortune-telling (the next calls will fail too)",
    "personalising": "personalising (they were rejecting me)",
    "mind_reading": "mind-reading (they thought I was bad)",
    "catastrophising": "catastrophising (this ruins the week)",
    "all_or_nothing": "all-or-nothing (no meeting, no value)",
    "labelling": "labelling (a name for myself from one call)",
    "should_statements": "should-statements (a rule that turns a miss into blame)",
    "discounting": "discounting the good parts",
}
GOAL_NAMES = {"dials": "dials", "conversations": "conversations", "follow_ups": "follow-ups"}


def times(count: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(count, f"{count:,} times")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def short_date(day: date, *, year: bool = False) -> str:
    """'9 Nov' or '9 Nov 2026'."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if year else "")


def day_name(day: date, today: date) -> str:
    """'today', 'yesterday' or 'Wed 18 Nov'."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return f"{day:%a} {short_date(day)}"


def upper_first(text: str) -> str:
    """The first letter as a capital, the rest as it was: 'Fri 4 Dec', where str.capitalize
    would give 'Fri 4 dec' (and lower a tag the rep typed)."""
    return text[:1].upper() + text[1:]


def cause_name(cause: str) -> str:
    return CAUSE_NAMES.get(cause, cause.replace("_", " "))


def trap_name(trap: str) -> str:
    return TRAP_NAMES.get(trap, trap.replace("_", " "))
