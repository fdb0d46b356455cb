"""`coach callbacks`: the prospects to call again, marking them done, moving them, a calendar file."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from typing import Any

from coach.commands.app import App
from coach.commands.outputs import output_file
from coach.errors import CoachError, UsageError
from coach.language.dates import AHEAD, read_date, spoken
from coach.review.callbacks import OpenCallback, given_day, open_callbacks, prospect_of, states_of
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
    """`coach callbacks`: the callbacks due (today or overdue) and coming up, or a calendar file."""
    if args.ics:
        return _write_calendar(app, args.ics, args.force)
    today = app.clock().date()
    found = _open(app)
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
    _save(app, record, day, done=False)
    who = safe(prospect_of(record)).strip() or "the prospect"
    app.print(f"Moved: call {who} back on {spoken(day)}.")
    return 0


def _write_calendar(app: App, name: str, force: bool) -> int:
    from coach.views.calendar import calendar_chunks

    found = _open(app)
    chunks = calendar_chunks(found, app.clock())
    if name == "-":
        # Every text in the file went through `safe`, so it can go to a terminal as it is.
        for chunk in chunks:
            app.write(chunk.decode("utf-8"))
        return 0
    target = output_file(name, force, "callbacks.ics", app.store.home)
    write_atomically(target, chunks)
    app.print(f"Wrote {plural(len(found), 'callback')} to {target}. Import it into your calendar; "
              "importing a newer file again updates the same events.")
    return 0
