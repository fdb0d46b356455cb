"""The stored record shapes (schema 1): reflections, drafts, effort events and callback states.

Every record carries `schema` and `kind`, so an export can be read without this code. The
fields are documented in docs/records.md.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.conversation.drafts import host_name
from coach.language.wins import is_meant
from coach.store.validation import fits_summary

if TYPE_CHECKING:
    # Only the conversation commands build records from an engine; the store, history and
    # exports read records and must not pay for loading the engine and Jinja2.
    from coach.conversation.engine import Answer, Conversation

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

MEANT_FIELDS = ("small_win", "next_action", "lesson")
"""Summary fields that hold the rep's words only when they say something (language/wins.py)."""

_HIDDEN_NAMES = ("stats", "today")


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


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """The namespace without the stats and the date, which belong to the moment, not the record."""
    return {
        name: _clean(value) if isinstance(value, Mapping) else value
        for name, value in values.items()
        if name not in _HIDDEN_NAMES
    }


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """An engine Answer as stored in a draft."""
    return {
        "path": answer.path,
        "value": answer.value,
        "question": answer.question,
        "responses": list(answer.responses),
        "response_keys": list(answer.response_keys),
        "type": answer.type,
        "shown": answer.shown,
    }


def answer_from_dict(data: Mapping[str, Any]) -> Answer:
    """The engine Answer back from a stored draft entry."""
    from coach.conversation.engine import Answer

    return Answer(
        path=str(data.get("path", "")),
        value=data.get("value"),
        question=str(data.get("question", "")),
        responses=tuple(str(text) for text in data.get("responses") or ()),
        response_keys=tuple(str(key) for key in data.get("response_keys") or ()),
        type=str(data.get("type", "text")),
        shown=str(data.get("shown", "")),
    )


def draft_record(
    draft_id: str, conversation: Conversation, started: datetime, now: datetime, partial: str = ""
) -> dict[str, Any]:
    """A draft: the answers so far, plus any half-typed answer, so the rep can resume."""
    return {
        "schema": SCHEMA,
        "kind": "draft",
        "id": draft_id,
        "playbook": conversation.playbook.id,
        "variant": "quick" if conversation.quick else "full",
        "started": timestamp(started),
        "updated": timestamp(now),
        "answers": [answer_to_dict(answer) for answer in conversation.answers],
        "at": conversation.current.path if conversation.current else "",
        "at_question": conversation.current.text if conversation.current else "",
        "partial": partial,
        "pid": os.getpid(),
        "host": host_name(),
    }


def reflection_record(
    record_id: str, conversation: Conversation, started: datetime, finished: datetime
) -> dict[str, Any]:
    """The finished reflection, with every answer keyed by step path and the summary fields."""
    values = _clean(conversation.values)
    answers = {
        answer.path: {
            "question": answer.question,
            "answer": answer.value,
            "type": answer.type,
            "shown": answer.shown,
        }
        for answer in conversation.answers
    }
    responses = [text for answer in conversation.answers for text in answer.responses]
    # Words that brought help about distress are kept as typed, never as a win or a plan.
    heard = {str(answer.value) for answer in conversation.answers
             if any(key.split(".")[0] == "safety" for key in answer.response_keys)}
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": "reflection",
        "id": record_id,
        "playbook": conversation.playbook.id,
        "title": conversation.playbook.title,
        "variant": "quick" if conversation.quick else "full",
        "started": timestamp(started),
        "finished": timestamp(finished),
        "answers": answers,
        "responses": responses,
        "tags": list(conversation.playbook.tags),
    }
    for name in SUMMARY_FIELDS:
        value = values.get(name)
        if name in MEANT_FIELDS and (not is_meant(value) or str(value) in heard):
            value = None  # "idk" stays in the answers as typed, never as a win, plan or lesson
        # A playbook's `set:` can compute anything; only what fits the schema is lifted to the
        # top (the value itself stays in `values`), so every saved record passes the checks.
        record[name] = value if fits_summary(name, value) else None
    record["values"] = values
    return record


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
