"""Commands that browse what was saved: `coach history` (filtered lists) and `coach show`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from coach.commands.app import App
from coach.messages import NO_REFLECTIONS_YET
from coach.review.periods import parse_day
from coach.review.query import HistoryFilter, select

READ_WINDOWS_DAYS = (14, 120, 730)
"""With -n, read the newest reflections in these steps before falling back to all of them."""


def history_filter(app: App, args: argparse.Namespace) -> HistoryFilter:
    today = app.clock().date()
    return HistoryFilter(
        since=parse_day(args.since, today) if args.since else None,
        until=parse_day(args.until, today) if args.until else None,
        playbook=args.playbook, cause=args.cause, tag=args.tag,
        search=args.search or None, limit=args.limit,
    )


def _chosen(app: App, wanted: HistoryFilter, full: bool) -> list[dict[str, Any]]:
    """The reflections the filter picks, newest first: whole records with `full`, else their
    summaries (coach/store/digest.py), which is all a one-line list shows.

    Only what the filter can reach is read: from its --since day on; a search looks its words
    up in the week digests; and with -n, the newest weeks come first, widening until enough
    reflections match. The results are the same as from a full read, since the store returns
    records newest first.
    """
    now = app.clock()
    zone = now.tzinfo
    since = datetime.combine(wanted.since, time(0), tzinfo=zone) if wanted.since else None
    store = app.store
    if wanted.search is not None and wanted.search.strip():
        found = store.search(wanted.search, since, full=full)
        return list(select(found, replace(wanted, search=None), zone))
    read = store.reflections if full else store.summaries
    if since is None and wanted.limit is not None:
        for days in READ_WINDOWS_DAYS:
            chosen = list(select(read(now - timedelta(days=days)), wanted, zone))
            if len(chosen) >= wanted.limit:
                return chosen
    return list(select(read(since), wanted, zone))


def history(app: App, args: argparse.Namespace) -> int:
    """`coach history`: the saved reflections, newest first, filtered, in one format."""
    wanted = history_filter(app, args)
    zone = app.clock().tzinfo
    chosen = _chosen(app, wanted, full=args.format in ("json", "jsonl", "csv"))
    if args.format in ("json", "jsonl", "csv"):
        from coach.views.export import csv_export, for_terminal, json_records, jsonl_export

        if args.format == "csv":
            data = csv_export(chosen).encode("utf-8")
        else:
            data = (json_records if args.format == "json" else jsonl_export)(chosen)
        # Printed, never written to a file, so always made safe for a terminal (CSV gets LF).
        app.write(for_terminal(args.format, data))
    elif args.format == "md":
        from coach.views.markdown import history_table

        for line in history_table(chosen, zone):
            app.print(line)
    elif not chosen:
        app.print(_nothing_found(app.store.summaries(), wanted))
    else:
        from coach.views.listing import history_lines

        for line in history_lines(chosen, zone):
            app.print(line)
    return 0


def _nothing_found(records: list[dict[str, Any]], wanted: HistoryFilter) -> str:
    from coach.views.display import safe

    if not records:
        return NO_REFLECTIONS_YET
    lines = [safe(f"No reflection matches {wanted.describe()} ({len(records)} saved in all).")]
    for name, key in (("playbook", "playbook"), ("cause", "cause")):
        asked = getattr(wanted, name)
        if asked is None:
            continue
        seen = sorted({str(record.get(key)) for record in records if record.get(key)})
        if asked not in seen:
            lines.append(safe(f"No reflection has the {name} '{asked}'. Known: {', '.join(seen) or 'none'}."))
    return "\n".join(lines)


def show(app: App, args: argparse.Namespace) -> int:
    """`coach show ID`: one reflection in full; any unique start of the id finds it."""
    record = app.store.find_reflection(args.record_id)
    zone = app.clock().tzinfo
    if args.format == "json":
        from coach.views.export import for_terminal, json_record

        app.write(for_terminal("json", json_record(record)))
    elif args.format == "md":
        from coach.views.markdown import reflection_document

        app.print("\n".join(reflection_document(record, zone)))
    else:
        from coach.views.listing import reflection_lines

        app.print("\n".join(reflection_lines(record, zone)))
    return 0


