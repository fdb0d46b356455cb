"""The stored record shapes (schema 1): ids, stamps, effort events and callback states.

Every record carries `schema` and `kind`, so an export can be read without this code. The
fields are documented in docs/records.md. Reflections and drafts are built from a conversation,
so they are made above the store, in coach/conversation/recording.py.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypedDict

SCHEMA = 1
SUMMARY_FIELDS = (
    "sting_before",
    "sting_after",
    "cause",
    "small_win",
    "next_action",
    "callback",
    "lesson",
    "thinking_trap",
    "stage",
    "objection",
    "objection_answer",
    "objection_helped",
)
"""Values a playbook can set (or answer) that are lifted to the top of a reflection record.
The last four came later: records saved before them lack them, which reads as null."""


# The shapes, for the type checker and the reader; docs/records.md describes every field.

class StoredAnswer(TypedDict):
    """One answer of a finished reflection, under its step path."""

    question: str
    answer: Any
    type: str
    shown: str


class _Reflection(TypedDict):

    schema: int
    kind: str
    id: str
    playbook: str
    title: str
    variant: str
    started: str
    finished: str
    answers: dict[str, StoredAnswer]
    responses: list[str]
    tags: list[str]
    sting_before: int | None
    sting_after: int | None
    cause: str | None
    small_win: str | None
    next_action: str | None
    callback: str | None
    lesson: str | None
    thinking_trap: str | None
    values: dict[str, Any]


class ReflectionRecord(_Reflection, total=False):
    """A finished reflection (kind "reflection"): the answers and the summary fields.

    The objection fields are always written now, but records saved before them lack them
    (a missing field reads as null), so they are optional here."""

    stage: str | None
    objection: str | None
    objection_answer: str | None
    objection_helped: str | None


class DraftAnswer(TypedDict):
    """One answer of a draft, with what the engine needs to resume from it."""

    path: str
    value: Any
    question: str
    responses: list[str]
    response_keys: list[str]
    type: str
    shown: str


class _Draft(TypedDict):
    schema: int
    kind: str
    id: str
    playbook: str
    variant: str
    started: str
    updated: str
    answers: list[DraftAnswer]
    at: str
    at_question: str
    partial: str
    pid: int
    host: str


class DraftRecord(_Draft, total=False):
    """A conversation stopped before its end (kind "draft"), kept to be resumed."""

    earlier_answers: list[DraftAnswer]
    """The answers of the conversation that included this one, when it was an include."""


class EffortRecord(TypedDict):
    """A logged effort event (kind "effort")."""

    schema: int
    kind: str
    id: str
    type: str
    count: int
    at: str
    note: str


class CallbackRecord(TypedDict):
    """What the rep did with one reflection's callback (kind "callback")."""

    schema: int
    kind: str
    id: str
    reflection: str
    day: str
    done: str | None
    sequence: int
    updated: str



def new_id() -> str:
    """A fresh random record id (32 hex digits; any unique prefix finds it again)."""
    return uuid.uuid4().hex


def timestamp(moment: datetime) -> str:
    """An ISO 8601 timestamp to the second, with the offset the moment had in its zone.

    An aware moment keeps its zone (the rep's, from the command's clock); a naive one is read
    as system local time.
    """
    aware = moment if moment.tzinfo is not None else moment.astimezone()
    return aware.isoformat(timespec="seconds")


def effort_record(kind: str, count: int, at: datetime, note: str = "") -> EffortRecord:
    """One logged effort event (dials, conversations, meetings, follow_ups, objections)."""
    return {
        "schema": SCHEMA,
        "kind": "effort",
        "id": new_id(),
        "type": kind,
        "count": count,
        "at": timestamp(at),
        "note": note,
    }


def callback_state_record(reflection_id: str, day: str, done: bool, sequence: int,
                          at: datetime) -> CallbackRecord:
    """What the rep did with the callback of one reflection: its date now, and whether it is done.

    Kept beside the reflection (in state.json), so the rep's answers stay as they were given.
    `sequence` counts the changes, so a calendar that imports the callback again takes the newest.
    """
    return {
        "schema": SCHEMA,
        "kind": "callback",
        "id": f"callback-{reflection_id}",
        "reflection": reflection_id,
        "day": day,
        "done": timestamp(at) if done else None,
        "sequence": sequence,
        "updated": timestamp(at),
    }
