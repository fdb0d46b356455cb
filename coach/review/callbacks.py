"""Which callbacks are still open and when: reflections' callback dates, as done and moved since.

A reflection keeps the callback date the rep gave; what happened to it later (done, moved to
another day) is a separate callback-state record, so the answers stay as they were given.
Pure: records in, frozen values out. A callback day must be within the years the store keeps
(`in_bounds`); one outside them, left by an older folder, is still listed (so it can be moved)
but kept out of a calendar file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.language.wins import is_meant
from coach.store.validation import FIRST_YEAR, LAST_YEAR, fits_summary

DAY_RANGE = f"{date(FIRST_YEAR, 1, 1).isoformat()} to {date(LAST_YEAR, 12, 31).isoformat()}"
"""The days a callback may have, as a message says them."""

SAID_WIDTH = 80
"""What was said is cut to this many characters: a reminder, not the whole reflection."""

SAID_ANSWERS = ("what_happened", "timing_fit.signal")
"""The answers that say what the call was about, in the order they are looked for."""

_CAUSE_WORDS = {"timing": "Bad timing", "budget": "No budget", "priorities": "Other priorities",
                "fit": "Not a fit", "gatekeeper": "Gatekeeper only",
                "delivery": "How the call went", "unknown": "Can't tell why",
                "has_solution": "Already has a solution", "brush_off": "A brush-off"}


@dataclass(frozen=True)
class CallbackState:
    """What the rep did with one reflection's callback."""

    day: date
    done: bool
    sequence: int


@dataclass(frozen=True)
class OpenCallback:
    """A callback not done yet: who, when (moved or as given), and what the call was about."""

    day: date
    prospect: str
    record_id: str
    said: str
    moved: bool
    sequence: int


def in_bounds(day: date) -> bool:
    """Whether a callback day is within the years the store keeps: the store's own check of a
    reflection's callback date (a day outside them may have no next day, 9999-12-31)."""
    return fits_summary("callback", day)


def states_of(records: Iterable[Mapping[str, Any]]) -> dict[str, CallbackState]:
    """The callback-state records by reflection id; malformed ones are left out."""
    states: dict[str, CallbackState] = {}
    for record in records:
        reflection, day, sequence = (record.get("reflection"), record.get("day"),
                                     record.get("sequence"))
        if not isinstance(reflection, str) or not isinstance(day, str):
            continue
        try:
            when = date.fromisoformat(day)
        except ValueError:
            continue
        count = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else 0
        states[reflection] = CallbackState(when, record.get("done") is not None, max(count, 0))
    return states


def given_day(record: Mapping[str, Any]) -> date | None:
    """The callback date a reflection was saved with, or None."""
    callback = record.get("callback")
    if not isinstance(callback, str):
        return None
    try:
        return date.fromisoformat(callback)
    except ValueError:
        return None


def callback_day(record: Mapping[str, Any], states: Mapping[str, CallbackState]) -> date | None:
    """The day a reflection's callback is open for now: moved if it was, None if done or none."""
    given = given_day(record)
    if given is None:
        return None
    state = states.get(str(record.get("id", "")))
    if state is None:
        return given
    return None if state.done else state.day


def prospect_of(record: Mapping[str, Any]) -> str:
    """The prospect a reflection names, or "" when the rep skipped the question (or typed
    "idk": a non-answer is no contact)."""
    values = record.get("values")
    named: object = None
    if isinstance(values, Mapping) and isinstance(values.get("prospect"), str):
        named = values["prospect"]
    else:
        answers = record.get("answers")
        entry = answers.get("prospect") if isinstance(answers, Mapping) else None
        if isinstance(entry, Mapping):
            named = entry.get("answer")
    return str(named) if is_meant(named) else ""


def said_of(record: Mapping[str, Any]) -> str:
    """A line on what the call was about: the cause, then what happened (or the next action).

    Only those answers: a feeling named along the way is not for a calendar entry.
    """
    cause = record.get("cause")
    parts = [_CAUSE_WORDS.get(cause, str(cause)) if isinstance(cause, str) and cause else ""]
    answers = record.get("answers")
    answers = answers if isinstance(answers, Mapping) else {}
    for path in SAID_ANSWERS:
        entry = answers.get(path)
        if (isinstance(entry, Mapping) and isinstance(entry.get("answer"), str)
                and entry["answer"].strip()):
            parts.append(entry["answer"])
            break
    else:
        next_action = record.get("next_action")
        if is_meant(next_action):
            parts.append(f"next time: {next_action}")
    line = " ".join(". ".join(part.strip().rstrip(".") for part in parts if part).split())
    return line if len(line) <= SAID_WIDTH else line[: SAID_WIDTH - 3].rstrip() + "..."


def open_callbacks(reflections: Iterable[Mapping[str, Any]],
                   states: Mapping[str, CallbackState]) -> list[OpenCallback]:
    """Every callback not done yet, soonest first (the longest overdue at the top)."""
    found: list[OpenCallback] = []
    for record in reflections:
        day = callback_day(record, states)
        if day is None:
            continue
        record_id = str(record.get("id", ""))
        state = states.get(record_id)
        found.append(OpenCallback(day, prospect_of(record), record_id, said_of(record),
                                  state is not None and state.day != given_day(record),
                                  state.sequence if state else 0))
    found.sort(key=lambda callback: (callback.day, callback.record_id))
    return found
