"""`coach import FILE.csv`: a dialer's or CRM's call log added as effort, with a summary."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import UsageError
from coach.exchange.callcolumns import parse_maps
from coach.exchange.dispositions import OUTCOMES, parse_custom

if TYPE_CHECKING:
    from coach.commands.app import App

CSV_OPTIONS = ("preset", "map", "date_format", "disposition")
"""The `coach import` options that only a call log uses."""


def _localize(moment: datetime) -> datetime:
    # A naive time is the rep's wall-clock time; astimezone() applies the local zone's rules
    # for that date, so a call in summer gets the summer offset even when imported in winter.
    return moment.astimezone()


def import_call_log(app: App, args: argparse.Namespace) -> int:
    """Add the calls of a CSV call log that are not here yet, and say what was added."""
    # Imported here: only an import of a call log needs the reader.
    from coach.exchange.calllog import CallLogOptions, read_call_log
    from coach.exchange.calltimes import shown
    from coach.review.effort import NAMES
    from coach.views.labels import plural

    path = Path(args.file)
    options = CallLogOptions(preset=args.preset or "generic", maps=parse_maps(args.map or ()),
                             date_format=args.date_format,
                             custom=parse_custom(args.disposition or ()))
    log = read_call_log(path, options, _localize)
    box = app.drop_box()
    columns = ", ".join(f"{name} from '{column}'" for name, column in log.columns.items())

    def counted(events: Iterable[Mapping[str, object]]) -> list[str]:
        counts = dict.fromkeys(NAMES, 0)
        for event in events:
            counts[str(event["type"])] += 1
        return [plural(count, *NAMES[kind]) for kind, count in counts.items() if count]

    if box is not None:
        # Encrypted and locked: sealed as one box; calls already stored are left out when the
        # folder is next opened, as they are matched by id (coach/store/dropbox.py).
        box.add(log.events)
        app.print(f"Read {plural(log.rows, 'call', 'calls')} from {path} ({columns}).")
        sealed = counted(log.events)
        app.print(("Sealed " + ", ".join(sealed) if sealed else "Nothing to add") +
                  " for your encrypted folder; calls it already has are left out when it is "
                  "next unlocked (`coach unlock`).")
    else:
        merged = app.store.add_records(log.events)
        added_ids = {str(event["id"]) for event in merged.added}
        known = sum(1 for ids in log.row_events if not added_ids.intersection(ids))
        app.print(f"Read {plural(log.rows, 'call', 'calls')} from {path} ({columns}).")
        added = counted(merged.added)
        app.print("Added " + ", ".join(added) + "." if added else "Nothing new: every call in "
                  "it is already here.")
        if known and added:
            left = "was left as it was" if known == 1 else "were left as they were"
            app.print(f"{plural(known, 'call was', 'calls were')} already here and {left}.")
    if "disposition" not in log.columns:
        app.print("No column gave each call's outcome, so every call counted as a dial. Name it "
                  "with --map disposition=COLUMN to count conversations and meetings too.")
    if log.unrecognised:
        rows = sum(count for _, count in log.unrecognised)
        # A disposition is the file's text: quoted on one line and cut short, however long.
        listed = ", ".join(f"{shown(text)} ({count})" for text, count in log.unrecognised[:5])
        first = shown(log.unrecognised[0][0])[1:-1]
        app.print(f"{plural(rows, 'call has', 'calls have')} an outcome Coach does not "
                  f"know, counted as {'a dial' if rows == 1 else 'dials'} only: {listed}.")
        app.print(f"To count one, import again with e.g. --disposition \"{first}="
                  f"conversation\" (or {', '.join(OUTCOMES)}); nothing is added twice.")
    return 0


def refuse_call_log_options(args: argparse.Namespace) -> None:
    """UsageError when a call log's options were given for a Coach export."""
    given = [name for name in CSV_OPTIONS if getattr(args, name, None)]
    if given:
        shown = ", ".join("--" + name.replace("_", "-") for name in given)
        raise UsageError(f"{shown} only apply to a call log (.csv); {args.file} is read as a "
                         "Coach export.")
