"""Commands that browse what was saved: `coach history` (filtered lists) and `coach show`."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, time
from itertools import chain
from typing import Any

from coach.commands.app import App
from coach.exchange.formats import WHOLE
from coach.messages import NO_REFLECTIONS_YET
from coach.review.periods import parse_day
from coach.review.query import HistoryFilter, select


def history_filter(app: App, args: argparse.Namespace) -> HistoryFilter:
    today = app.clock().date()
    return HistoryFilter(
        since=parse_day(args.since, today) if args.since else None,
        until=parse_day(args.until, today) if args.until else None,
        playbook=args.playbook, cause=args.cause, tag=args.tag,
        search=args.search or None, limit=args.limit,
    )


def _chosen(app: App, wanted: HistoryFilter, full: bool) -> Iterator[dict[str, Any]]:
    """The reflections the filter picks, newest first: whole records with `full`, else their
    summaries (coach/store/digest.py), which is all a one-line list shows.

    Only what the filter can reach is read, and never all of it at once: from its --since day
    on, a week at a time, newest first, so with -n only the newest weeks are read; a search
    looks its words up in the week digests and reads only the reflections found.
    """
    zone = app.clock().tzinfo
    since = datetime.combine(wanted.since, time(0), tzinfo=zone) if wanted.since else None
    store = app.store
    if wanted.search is not None and wanted.search.strip():
        found = store.each_found(wanted.search, since, full=full)
        return select(found, replace(wanted, search=None), zone)
    each = store.each_reflection if full else store.each_summary
    return select(each(since), wanted, zone)


def history(app: App, args: argparse.Namespace) -> int:
    """`coach history`: the saved reflections, newest first, filtered, in one format, printed
    as they are read."""
    wanted = history_filter(app, args)
    zone = app.clock().tzinfo
    chosen = _chosen(app, wanted, full=args.format in WHOLE)
    if args.format in WHOLE:
        from coach.exchange.export import csv_rows, for_terminal, json_array, jsonl_lines

        chunks: Iterable[bytes]
        if args.format == "csv":
            chunks = (row.encode("utf-8") for row in csv_rows(chosen))
        else:
            chunks = (json_array if args.format == "json" else jsonl_lines)(chosen)
        # Printed, never written to a file, so always made safe for a terminal (CSV gets LF).
        for chunk in chunks:
            app.write(for_terminal(args.format, chunk))
        return 0
    if args.format == "md":
        from coach.views.markdown import history_table

        for line in history_table(chosen, zone):
            app.print(line)
        return 0
    first = next(chosen, None)
    if first is None:
        app.print(_nothing_found(app, wanted))
        return 0
    from coach.views.listing import history_line

    for record in chain([first], chosen):
        app.print(history_line(record, zone))
    return 0


def _nothing_found(app: App, wanted: HistoryFilter) -> str:

    count, seen = 0, {"playbook": set[str](), "cause": set[str]()}
    for record in app.store.each_summary():
        count += 1
        for key, values in seen.items():
            if record.get(key):
                values.add(str(record.get(key)))
    if not count:
        return NO_REFLECTIONS_YET
    lines = [f"No reflection matches {wanted.describe()} ({count:,} saved in all)."]
    for name, values in seen.items():
        asked = getattr(wanted, name)
        if asked is not None and asked not in values:
            known = ", ".join(sorted(values)) or "none"
            lines.append(f"No reflection has the {name} '{asked}'. Known: {known}.")
    return "\n".join(lines)


def show(app: App, args: argparse.Namespace) -> int:
    """`coach show ID`: one reflection in full; any unique start of the id finds it."""
    record = app.store.find_reflection(args.record_id)
    zone = app.clock().tzinfo
    if args.format == "json":
        from coach.exchange.export import for_terminal, json_record

        app.write(for_terminal("json", json_record(record)))
    elif args.format == "md":
        from coach.views.markdown import reflection_document

        app.print("\n".join(reflection_document(record, zone)))
    else:
        from coach.views.listing import reflection_lines

        app.print("\n".join(reflection_lines(record, zone)))
    return 0


BROWSE_NEWEST = 20
"""How many reflections `coach browse` lists when it cannot draw (as the menu's Browse does)."""


def browse(app: App, args: argparse.Namespace) -> int:
    """`coach browse`: the history browser the home screen's Browse opens (move, open, filter).

    The browser needs a terminal that can draw; on a pipe or a dumb terminal (TERM=dumb) the
    newest reflections are listed as `coach history` lists them, after a one-line note."""
    if app.is_interactive():
        from coach.commands.home import reflection_browser

        reflection_browser(app.store, app.clock()).run()
        return 0
    from coach.commands.parser import build_parser

    app.warn(f"browsing needs a terminal that can draw; here are the newest {BROWSE_NEWEST} "
             "reflections instead, as `coach history` lists them (it lists them all).")
    return history(app, build_parser().parse_args(["history", "-n", str(BROWSE_NEWEST)]))
