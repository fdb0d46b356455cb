"""The stored record shapes (schema 1): ids, stamps, effort events and callback states.

Every record carries `schema` and `kind`, so an export can be read without this code. The
fields are documented in docs/records.md. Reflections and drafts are built from a conversation,
so they are made above the store, in coach/conversation/recording.py.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

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
)
"""Values a playbook can set (or answer) that are lifted to the top of a reflection record."""



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


def effort_record(kind: str, count: int, at: datetime, note: str = "") -> dict[str, Any]:
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
                          at: datetime) -> dict[str, Any]:
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
