"""Commands that review a period: `coach patterns` in the terminal and `coach report` to share."""

from __future__ import annotations

import argparse
import shutil
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.commands.app import App
from coach.commands.arguments import HUDDLE_DAYS, PATTERN_DAYS
from coach.commands.outputs import output_file
from coach.errors import UsageError
from coach.review.periods import Period, period_for

if TYPE_CHECKING:
    from coach.review.patterns import Review

RECENT_IN_REPORT = 12


def _reviewed(app: App, period: Period, now: datetime) -> tuple[Review, list[dict[str, Any]]]:
    """The review of `period`, reading only the records it can use; also the records read."""
    from coach.review.callbacks import states_of
    from coach.review.patterns import horizon_of, review

    since = datetime.combine(horizon_of(period), time(0), tzinfo=now.tzinfo)
    records = app.store.summaries(since=since)
    states = states_of(app.store.callback_states())
    return review(records, app.store.effort_counts(since, now), now, period, states), records


def patterns(app: App, args: argparse.Namespace) -> int:
    """`coach patterns`: the pattern review of a period, as text with small charts (or JSON)."""
    from coach.views.charts import charset_for
    from coach.views.text import review_lines

    now = app.clock()
    period = period_for(args.since, args.until, now.date(), PATTERN_DAYS)
    found, _ = _reviewed(app, period, now)
    if getattr(args, "format", "text") == "json":
        from coach.views.jsonviews import json_text, patterns_view

        # Every number, even for an empty period: a script reads the same keys every time.
        app.write(json_text(patterns_view(found)))
        return 0
    if not found.reflections and not any(found.effort.values()):
        app.print(f"Nothing saved between {period.start} and {period.end} yet. After a few "
                  "debriefs (`coach debrief`) and some logged effort, patterns show up here.")
        return 0
    charset = charset_for(getattr(app.stdout, "encoding", None))
    # Wrapped to the screen on a terminal; one line per sentence in a pipe, for grep and friends.
    width = shutil.get_terminal_size((80, 24)).columns if app.stdout.isatty() else 0
    for line in review_lines(found, charset, width):
        app.print(line)
    return 0


def report(app: App, args: argparse.Namespace) -> int:
    """`coach report`: the review as a self-contained HTML page, or the week in Markdown."""
    from coach.review.query import HistoryFilter, select

    now = app.clock()
    if args.output is not None and not args.md:
        raise UsageError("-o goes with --md; --html takes its file name directly.")
    default_days = HUDDLE_DAYS if args.md else PATTERN_DAYS
    period = period_for(args.since, args.until, now.date(), default_days)
    found, records = _reviewed(app, period, now)
    if args.md:
        from coach.views.charts import UNICODE, charset_for
        from coach.views.markdown import review_document

        if args.output is None:
            charset = charset_for(getattr(app.stdout, "encoding", None))
            app.write("\n".join(review_document(found, charset)) + "\n")
            return 0
        text = "\n".join(review_document(found, UNICODE)) + "\n"
        _write(app, args.output, args.force, text)
        app.print(f"Wrote the summary of {period.start} to {period.end} to {args.output}.")
        return 0
    from coach.views.html import report_html

    recent = select(records, HistoryFilter(since=period.start, until=period.end,
                                           limit=RECENT_IN_REPORT), now.tzinfo)
    _write(app, args.html, args.force, report_html(found, recent, now))
    app.print(f"Wrote the report for {period.start} to {period.end} to {args.html}. "
              "Open it in any browser; it needs no internet connection.")
    return 0


def _write(app: App, path: Path, force: bool, text: str) -> None:
    """Write a report the rep asked for, readable only by them until they choose to share it."""
    from coach.store.storage import write_atomically

    example = "report.html" if path.suffix.lower() in (".html", ".htm") else "week.md"
    write_atomically(output_file(path, force, example, app.store.home), text)
