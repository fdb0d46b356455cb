"""A conversation as the store keeps it: the finished reflection, and the draft a rep resumes.

The store below knows the record shapes (coach/store/records.py, docs/records.md); this module
knows the engine, so building a record from a conversation happens here, above the store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.conversation.drafts import host_name
from coach.language.wins import is_meant
from coach.store.records import (
    SCHEMA,
    SUMMARY_FIELDS,
    DraftAnswer,
    DraftRecord,
    ReflectionRecord,
    StoredAnswer,
    timestamp,
)
from coach.store.validation import fits_summary

if TYPE_CHECKING:
    # Loaded when a record is built: reading a draft back must not pay for the engine and Jinja2.
    from coach.conversation.engine import Answer, Conversation

MEANT_FIELDS = ("small_win", "next_action", "lesson", "objection", "objection_answer")
"""Summary fields that hold the rep's words only when they say something (language/wins.py)."""

_HIDDEN_NAMES = ("stats", "today")


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """The namespace without the stats and the date, which belong to the moment, not the record."""
    return {
        name: _clean(value) if isinstance(value, Mapping) else value
        for name, value in values.items()
        if name not in _HIDDEN_NAMES
    }


def answer_to_dict(answer: Answer) -> DraftAnswer:
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
) -> DraftRecord:
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
) -> ReflectionRecord:
    """The finished reflection, with every answer keyed by step path and the summary fields."""
    values = _clean(conversation.values)
    answers = {
        answer.path: StoredAnswer(question=answer.question, answer=answer.value,
                                  type=answer.type, shown=answer.shown)
        for answer in conversation.answers
    }
    responses = [text for answer in conversation.answers for text in answer.responses]
    # Words that brought help about distress are kept as typed, never as a win or a plan.
    heard = {str(answer.value) for answer in conversation.answers
             if any(key.split(".")[0] == "safety" for key in answer.response_keys)}
    summary: dict[str, Any] = {}
    for name in SUMMARY_FIELDS:
        value = values.get(name)
        if name in MEANT_FIELDS and (not is_meant(value) or str(value) in heard):
            value = None  # "idk" stays in the answers as typed, never as a win, plan or lesson
        # A playbook's `set:` can compute anything; only what fits the schema is lifted to the
        # top (the value itself stays in `values`), so every saved record passes the checks.
        summary[name] = value if fits_summary(name, value) else None
    return {
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
        "sting_before": summary["sting_before"],
        "sting_after": summary["sting_after"],
        "cause": summary["cause"],
        "small_win": summary["small_win"],
        "next_action": summary["next_action"],
        "callback": summary["callback"],
        "lesson": summary["lesson"],
        "thinking_trap": summary["thinking_trap"],
        "stage": summary["stage"],
        "objection": summary["objection"],
        "objection_answer": summary["objection_answer"],
        "objection_helped": summary["objection_helped"],
        "values": values,
    }
