"""Open callbacks as an iCalendar file (the only module importing icalendar).

One all-day event per open callback. Its UID comes from the reflection's id, so importing a
newer file into the same calendar updates the events it already has instead of adding copies,
and SEQUENCE counts the changes (a move), so a calendar takes the newer date. A callback whose
day is outside the years the store keeps (from an older folder) is left out: its end, the next
day, may not exist, and no calendar shows it; `coach callbacks --ics` says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone

from coach.errors import CoachError
from coach.review.callbacks import OpenCallback, in_bounds
from coach.safetext import safe

# icalendar is one of Coach's own dependencies, so this is only said when an install lost it
# (or something on the path hides it).
MISSING = ("Writing a calendar file needs the icalendar package, which comes with Coach but "
           "could not be loaded: pip install icalendar (or reinstall Coach), then try again.")

PRODUCT = "-//Coach//Callbacks//EN"


def uid_of(record_id: str) -> str:
    """The event's UID: the same for a callback every time it is exported."""
    return f"{record_id}@coach"


def calendar_bytes(callbacks: Iterable[OpenCallback], now: datetime) -> bytes:
    """The iCalendar file (RFC 5545, CRLF line ends) of `callbacks`, stamped `now`."""
    return b"".join(calendar_chunks(callbacks, now))


def calendar_chunks(callbacks: Iterable[OpenCallback], now: datetime) -> Iterator[bytes]:
    """The bytes of `calendar_bytes`, an event at a time: years of open callbacks are never
    all built as calendar objects at once."""
    try:
        import icalendar
    except ImportError:
        raise CoachError(MISSING) from None

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Coach callbacks")
    whole: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    yield whole[: -len(end)]  # the calendar's own lines; its events follow, then its end
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    for callback in callbacks:
        if not in_bounds(callback.day):
            continue
        who = safe(callback.prospect).strip() or "a prospect"
        event = icalendar.Event()
        event.add("uid", uid_of(callback.record_id))
        event.add("dtstamp", stamp)
        event.add("sequence", callback.sequence)
        event.add("summary", f"Call back {who}")
        event.add("dtstart", callback.day)
        event.add("dtend", callback.day + timedelta(days=1))
        # A reminder to call, not a meeting: it should not mark the day as busy.
        event.add("transp", "TRANSPARENT")
        said = safe(callback.said).strip()
        details = f"{said}\n\n" if said else ""
        event.add("description", f"{details}From your debrief: coach show {callback.record_id[:8]}")
        event_bytes: bytes = event.to_ical()
        yield event_bytes
    yield end
