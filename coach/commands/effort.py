"""The `coach log` command: log effort with a count and a note, undo it, or tally it by key."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coach.commands.app import App
from coach.errors import UsageError
from coach.review.effort import (
    Tally,
    counted,
    effort_count,
    effort_kind,
    effort_note,
    is_effort_kind,
    kinds_text,
    summary,
    totals,
)
from coach.store.fields import EFFORT_KINDS
from coach.store.records import effort_record
from coach.store.stamps import in_zone, parse_stamp, start_of_day
from coach.views.labels import upper_first


def _today(app: App) -> list[dict[str, Any]]:
    """Today's effort events up to now, oldest first; only this week's file or two are read.

    Today starts at midnight in the rep's zone. An event dated after now (logged before the
    clock was set back) has not happened yet as far as today is concerned.
    """
    now = app.clock()
    return [event for event in app.store.effort_events(since=start_of_day(now.date(), now.tzinfo))
            if (moment := parse_stamp(event.get("at"))) is not None and moment <= now]


def _kind_and_count(words: list[str]) -> tuple[str, int]:
    """KIND [COUNT], or COUNT KIND as people also say it ("log 12 dials")."""
    if len(words) > 2:
        raise UsageError(f"`coach log` takes a kind and a count, not {len(words)} words. "
                         "Put a note in quotes after --note.")
    if len(words) == 2 and not is_effort_kind(words[0]) and is_effort_kind(words[1]):
        words = [words[1], words[0]]
    kind = effort_kind(words[0])
    return kind, effort_count(words[1]) if len(words) == 2 else 1


def _as_json(app: App, action: str, event: dict[str, Any] | None,
             today: list[dict[str, Any]]) -> int:
    """What was done, as JSON for scripts (`--format json`, docs/records.md)."""
    from coach.views.jsonviews import json_text, log_view

    app.write(json_text(log_view(action, event, app.clock().date(), totals(today))))
    return 0


def _undo(app: App, as_json: bool) -> int:
    """Take back the most recent effort logged today."""
    logged = [event for event in _today(app) if event.get("type") in EFFORT_KINDS]
    if not logged:
        if as_json:
            return _as_json(app, "none", None, [])
        app.print("Nothing logged today, so there is nothing to undo.")
        return 0
    # The store gives them in time order, across offsets, so the last is the latest logged.
    event = logged[-1]
    app.store.delete_effort(event)
    if as_json:
        return _as_json(app, "undone", event, logged[:-1])
    moment = parse_stamp(event.get("at"))
    when = in_zone(moment, app.clock().tzinfo).strftime("%H:%M") if moment else "an unknown time"
    app.print(f"Took back {counted(str(event['type']), int(event['count']))} logged at {when}.")
    app.print(f"Today: {summary(totals(logged[:-1]))}.")
    return 0


LOCKED = ("sealed for your encrypted folder; today's totals show once it is unlocked "
          "(`coach unlock`)")
"""What follows a count logged while the folder is locked (coach/store/dropbox.py)."""


def _tally(app: App) -> int:
    """The quick tally on a terminal; every key press is saved as it happens (while the folder
    is locked, each as its own sealed box, and the totals count this tally only)."""
    from coach.faces.terminal.tally import run_tally  # prompt-toolkit only when a terminal is used

    box = app.drop_box()
    sealed: dict[str, Path] = {}

    def log(kind: str) -> dict[str, Any]:
        event = dict(effort_record(kind, 1, app.clock()))
        if box is None:
            app.store.add_effort(event)
        else:
            sealed[str(event["id"])] = box.add([event])
        return event

    def unlog(event: dict[str, Any]) -> bool:
        if box is None:
            return app.store.delete_effort(event)
        path = sealed.pop(str(event.get("id")), None)
        return path is not None and box.take_back(path)

    tally = Tally(log=log, unlog=unlog,
                  today=totals(_today(app)) if box is None else totals([]))
    run_tally(tally)
    if tally.logged:
        added = totals(tally.logged)
        after = f"Today: {summary(tally.today)}" if box is None else LOCKED
        app.print(f"Logged {summary(added)}. {upper_first(after)}.")
    return 0


def log(app: App, args: argparse.Namespace) -> int:
    """`coach log`: record dials, conversations, meetings, follow-ups or objections (with
    --format json: what was done and the day's totals, as JSON; alone, only the totals)."""
    words = list(args.words or [])
    as_json = getattr(args, "format", "text") == "json"
    if args.undo:
        if words or args.note:
            raise UsageError("`coach log --undo` takes nothing else: it removes the last entry.")
        return _undo(app, as_json)
    if not words:
        if args.note:
            raise UsageError("Say what the note is for, e.g. `coach log meeting --note \"...\"`.")
        if as_json:
            # A script asking what today holds: nothing is logged, and no tally opens.
            return _as_json(app, "none", None, _today(app))
        if app.is_interactive():
            return _tally(app)
        raise UsageError(f"Say what to log, e.g. `coach log dials 12` ({kinds_text()}). "
                         "On a terminal, `coach log` alone opens a quick tally.")
    kind, count = _kind_and_count(words)
    event = effort_record(kind, count, app.clock(), effort_note(args.note))
    note = f" ({event['note']})" if event["note"] else ""
    box = app.drop_box()
    if box is not None:
        # Encrypted and locked: sealed to the folder's public key, nothing read or asked.
        box.add([event])
        if as_json:
            from coach.views.jsonviews import json_text, log_view

            app.write(json_text(log_view("logged", dict(event), app.clock().date(), None)))
            return 0
        app.print(f"Logged {counted(kind, count)}{note}, {LOCKED}.")
        return 0
    app.store.add_effort(event)
    if as_json:
        return _as_json(app, "logged", dict(event), _today(app))
    app.print(f"Logged {counted(kind, count)}{note}. Today: {summary(totals(_today(app)))}.")
    return 0
