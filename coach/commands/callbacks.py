"""`coach callbacks`: the prospects to call again, marking them done, moving them, a calendar
file (open callbacks dated within the years the store keeps, with CRLF line ends on stdout too)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from coach.commands.app import App
from coach.commands.outputs import output_file
from coach.errors import CoachError, UsageError
from coach.language.dates import AHEAD, read_date, spoken
from coach.review.callbacks import (
    DAY_RANGE,
    OpenCallback,
    given_day,
    in_bounds,
    open_callbacks,
    prospect_of,
    states_of,
)
from coach.safetext import safe
from coach.store.lookup import one_match
from coach.store.records import callback_state_record
from coach.store.storage import write_atomically
from coach.views.labels import plural

WHEN_EXAMPLES = "tomorrow, friday, next tuesday, in 2 weeks, next month, Q3 or jan 15"


def _when(day: date, today: date) -> str:
    late = (today - day).days
    if late == 0:
        return "due today"
    if late > 0:
        return f"{plural(late, 'day')} overdue"
    return "tomorrow" if late == -1 else f"in {plural(-late, 'day')}"


def _line(callback: OpenCallback, today: date) -> str:
    who = safe(callback.prospect).strip() or "a prospect"
    moved = ", moved" if callback.moved else ""
    said = f"  {callback.said}" if callback.said else ""
    return (f"  {spoken(callback.day)}  {who}  ({_when(callback.day, today)}{moved}){said}  "
            f"[{callback.record_id[:8]}]")


def _with_dates(app: App) -> Iterator[dict[str, Any]]:
    """The reflections that gave a callback date, newest first, read a week at a time (each
    one is let go once looked at: years of them never sit in memory together)."""
    return (record for record in app.store.each_reflection() if given_day(record) is not None)


def _open(app: App) -> list[OpenCallback]:
    return open_callbacks(_with_dates(app), states_of(app.store.callback_states()))


def callbacks(app: App, args: argparse.Namespace) -> int:
    """`coach callbacks`: the callbacks due (today or overdue) and coming up, or a calendar file
    (--ics), or JSON for scripts (--format json)."""
    as_json = getattr(args, "format", "text") == "json"
    if args.ics:
        if as_json:
            raise UsageError("--format json lists the callbacks; --ics writes a calendar file. "
                             "Use one or the other.")
        return _write_calendar(app, args.ics, args.force)
    today = app.clock().date()
    found = _open(app)
    if as_json:
        from coach.views.jsonviews import callbacks_view, json_text

        app.write(json_text(callbacks_view(found, today)))
        return 0
    if not found:
        app.print("No open callbacks. When a debrief gives a callback date, it shows up here.")
        return 0
    due = [callback for callback in found if callback.day <= today]
    coming = [callback for callback in found if callback.day > today]
    for title, group in (("Due", due), ("Coming up", coming)):
        if group:
            app.print(f"{title} ({len(group)})")
            for callback in group:
                app.print(_line(callback, today))
    app.print("Done one? `coach callbacks done ID`. Another day? `coach callbacks move ID friday`.")
    return 0


def _with_callback(app: App, prefix: str) -> dict[str, Any]:
    """The one reflection with a callback date whose id starts with `prefix`."""
    record, _ = one_match(prefix, ((record, record.get("id")) for record in _with_dates(app)),
                          "callback", "callbacks", "coach callbacks")
    return record


def _save(app: App, record: dict[str, Any], day: date, done: bool) -> None:
    record_id = str(record["id"])
    state = states_of(app.store.callback_states()).get(record_id)
    sequence = state.sequence + 1 if state else 1
    app.store.save_callback_state(
        callback_state_record(record_id, day.isoformat(), done, sequence, app.clock()))


def mark_done(app: App, args: argparse.Namespace) -> int:
    """`coach callbacks done ID`: the callback leaves the list; the reflection is unchanged."""
    record = _with_callback(app, args.record_id)
    who = safe(prospect_of(record)).strip() or "the prospect"
    state = states_of(app.store.callback_states()).get(str(record["id"]))
    if state is not None and state.done:
        app.print(f"The callback with {who} was already marked done.")
        return 0
    day = state.day if state else given_day(record)
    if day is None:  # cannot happen: _with_callback only finds reflections with a callback date
        raise CoachError(f"The reflection {record['id'][:8]} has no callback date.")
    _save(app, record, day, done=True)
    app.print(f"Done: the callback with {who} ({spoken(day)}). Well followed up.")
    return 0


def move(app: App, args: argparse.Namespace) -> int:
    """`coach callbacks move ID WHEN`: the callback moves to another day (and is open again)."""
    record = _with_callback(app, args.record_id)
    words = " ".join(args.when)
    day = read_date(words, app.clock().date(), AHEAD)
    if day is None:
        raise UsageError(f"'{safe(words)[:40]}' is not a date Coach can read: try {WHEN_EXAMPLES}.")
    if not in_bounds(day):
        # The store keeps no date outside these years, and a calendar file could not hold it.
        raise CoachError(f"{spoken(day)} is outside the days a callback can have ({DAY_RANGE}); "
                         f"pick a day in between: try {WHEN_EXAMPLES}.")
    _save(app, record, day, done=False)
    who = safe(prospect_of(record)).strip() or "the prospect"
    app.print(f"Moved: call {who} back on {spoken(day)}.")
    return 0


def _write_calendar(app: App, name: str, force: bool) -> int:
    from coach.views.calendar import calendar_chunks

    found = _open(app)
    kept = [callback for callback in found if in_bounds(callback.day)]
    chunks = calendar_chunks(kept, app.clock())
    if name == "-":
        # Every text in the file went through `safe`, so it can go to a terminal as it is.
        with _crlf(app.stdout):
            for chunk in chunks:
                app.write(chunk.decode("utf-8"))
    else:
        target = output_file(name, force, "callbacks.ics", app.store.home)
        write_atomically(target, chunks)
        app.print(f"Wrote {plural(len(kept), 'callback')} to {target}. Import it into your "
                  "calendar; importing a newer file again updates the same events.")
    if left := [callback for callback in found if not in_bounds(callback.day)]:
        shown = ", ".join(f"{callback.record_id[:8]} ({callback.day.isoformat()})"
                          for callback in left[:3]) + (", ..." if len(left) > 3 else "")
        app.warn(f"left {plural(len(left), 'callback')} out of the calendar, dated outside "
                 f"{DAY_RANGE}: {shown}. Give each a real day with `coach callbacks move ID "
                 "friday`.")
    return 0


@contextlib.contextmanager
def _crlf(stream: TextIO) -> Iterator[None]:
    """Lines written to `stream` end in CRLF, as RFC 5545 asks of a calendar file.

    `App.write` keeps carriage returns off the terminal (`safe` removes them), so the text
    arrives with LF line ends and the stream itself turns each into CRLF, when it can (a real
    standard output can; a captured one in a test keeps LF).
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        yield
        return
    stream.flush()
    reconfigure(newline="\r\n")
    try:
        yield
    finally:
        stream.flush()
        # None writes os.linesep, which is what standard output wrote before on every system.
        with contextlib.suppress(OSError, ValueError):
            reconfigure(newline=None)
