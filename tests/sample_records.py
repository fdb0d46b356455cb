"""Small record builders shared by the storage, store, export and doctor tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

ZONE = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=ZONE)


def reflection(finished: datetime = MONDAY, record_id: str | None = None,
               answer: Any = "They asked me to call back after the budget round.",
               **fields: Any) -> dict[str, Any]:
    """A small reflection record of schema 1."""
    record: dict[str, Any] = {
        "schema": 1, "kind": "reflection", "id": record_id or uuid.uuid4().hex,
        "playbook": "debrief", "title": "Debrief a tough call", "variant": "quick",
        "started": (finished - timedelta(minutes=2)).isoformat(),
        "finished": finished.isoformat(),
        "answers": {"what_happened": {"question": "What happened on the call?", "answer": answer,
                                      "type": "text", "shown": str(answer)},
                    "sting": {"question": "How much does it sting?", "answer": 6,
                              "type": "scale", "shown": "6"}},
        "responses": ["That one was about their situation."],
        "tags": ["debrief"], "sting_before": 6, "sting_after": 3, "cause": "timing",
        "small_win": "Got the direct line", "next_action": "Dial the next one",
        "callback": "2026-12-01", "lesson": None, "thinking_trap": None,
        "values": {"what_happened": answer, "sting": 6},
    }
    record.update(fields)
    return record


def effort(kind: str = "dials", count: int = 1, at: datetime = MONDAY, note: str = "",
           record_id: str | None = None) -> dict[str, Any]:
    """One effort event of schema 1."""
    return {"schema": 1, "kind": "effort", "id": record_id or uuid.uuid4().hex, "type": kind,
            "count": count, "at": at.isoformat(), "note": note}


def draft(draft_id: str = "d1", updated: datetime = MONDAY) -> dict[str, Any]:
    """An unfinished debrief."""
    return {"schema": 1, "kind": "draft", "id": draft_id, "playbook": "debrief",
            "variant": "full", "started": updated.isoformat(), "updated": updated.isoformat(),
            "answers": [], "at": "prospect", "at_question": "Who was the call with?",
            "partial": "", "pid": 1}
