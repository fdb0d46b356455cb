"""Small hand-made records for the looking-back tests (history, patterns, reports).

Each builder returns a record shaped like the ones coach/store/records.py saves, with only the fields
a test cares about set, so the expected numbers can be worked out by hand.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=ZONE)
"""A Friday afternoon; 2026-11-20 is 'today' in these tests."""


def at(day: str, clock: str = "10:00") -> datetime:
    """A moment in the test zone: at('2026-11-18', '14:30')."""
    return datetime.fromisoformat(f"{day}T{clock}:00").replace(tzinfo=ZONE)


def days_ago(days: int, hour: int = 12) -> datetime:
    """`hour` o'clock `days` ago in local time (today: a minute ago, but never yesterday nor in the future)."""
    now = datetime.now().astimezone()
    if days == 0:  # just after midnight, a minute ago would be yesterday
        return max(now - timedelta(minutes=1), now.replace(hour=0, minute=0, second=0))
    return (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def reflection(moment: datetime, playbook: str = "debrief", *, record_id: str | None = None,
               answers: dict[str, Any] | None = None, tags: list[str] | None = None,
               values: dict[str, Any] | None = None, **summary: Any) -> dict[str, Any]:
    """A finished reflection; `answers` maps a step path to the typed answer."""
    fields = dict.fromkeys(("sting_before", "sting_after", "cause", "small_win", "next_action",
                            "callback", "lesson", "thinking_trap"))
    fields.update(summary)
    return {
        "schema": 1, "kind": "reflection", "id": record_id or uuid.uuid4().hex,
        "playbook": playbook, "title": playbook.replace("_", " ").capitalize(), "variant": "full",
        "started": stamp(moment - timedelta(minutes=2)), "finished": stamp(moment),
        "answers": {path: {"question": f"Question {path}?", "answer": value, "type": "text",
                           "shown": ", ".join(value) if isinstance(value, list) else str(value)}
                    for path, value in (answers or {}).items()},
        "responses": ["Well done."],
        "tags": tags if tags is not None else [playbook],
        **fields,
        "values": values or {},
    }


def debrief(moment: datetime, sting: int | None = 6, after: int | None = 3, cause: str | None = "timing",
            **more: Any) -> dict[str, Any]:
    return reflection(moment, "debrief", sting_before=sting, sting_after=after, cause=cause, **more)


def checkin(moment: datetime, **goals: int) -> dict[str, Any]:
    """A morning check-in; goals as dials=50, conversations=8, follow_ups=4."""
    values = {f"goal_{kind}": value for kind, value in goals.items()}
    return reflection(moment, "checkin", values=values, tags=["checkin"])


def effort(moment: datetime, kind: str, count: int = 1) -> dict[str, Any]:
    return {"schema": 1, "kind": "effort", "id": uuid.uuid4().hex, "type": kind, "count": count,
            "at": stamp(moment), "note": ""}


def a_working_week(store: Any) -> None:
    """Five debriefs (three about timing) and four days of effort in `store`: 180 dials and 10
    meetings before today, then 25 dials and none today, the week the patterns tests read."""
    for number, (sting, after, cause) in enumerate(
        [(8, 4, "timing"), (7, 5, "timing"), (4, 4, "budget"), (6, 3, "delivery"), (9, 5, "timing")]
    ):
        store.add_reflection(debrief(days_ago(4 - number, hour=11), sting, after, cause,
                                     small_win="Got a direct line",
                                     lesson="Ask about their timeline first"))
    store.add_reflection(checkin(days_ago(2, hour=8), dials=50))
    for days, dials, meetings, conversations in ((4, 60, 4, 12), (3, 60, 3, 12), (2, 60, 3, 12),
                                                  (0, 25, 0, 5)):
        store.add_effort(effort(days_ago(days, hour=11), "dials", dials))
        store.add_effort(effort(days_ago(days, hour=11), "conversations", conversations))
        if meetings:
            store.add_effort(effort(days_ago(days, hour=11), "meetings", meetings))
