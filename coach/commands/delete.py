"""The `coach delete ID` command: remove one reflection or effort entry, damaged or not.

It says which record it found before anything changes, asks on a terminal (in a pipe it needs
--yes), and keeps a copy of the week's file in backups/deleted/ first, so a delete can be
undone by hand.
"""

from __future__ import annotations

import argparse
from typing import Any

from coach.commands.app import App
from coach.errors import UsageError
from coach.store.layout import relative
from coach.views.listing import shorten

SHOWN_ANSWER = 60
"""How much of the first answer is shown to say which reflection it is."""


def _first_answer(record: dict[str, Any]) -> str:
    answers = record.get("answers")
    if not isinstance(answers, dict):
        return ""
    for entry in answers.values():
        if isinstance(entry, dict):
            shown = entry.get("shown") or entry.get("answer")
            if isinstance(shown, (str, int, float)) and str(shown).strip():
                return shorten(str(shown), SHOWN_ANSWER)
    return ""


def describe(record: dict[str, Any]) -> str:
    """Which record this is, in one line: its day and time, and what it holds."""
    record_id = str(record.get("id"))[:8]
    if record.get("kind") == "effort":
        when = str(record.get("at", "?"))[:16].replace("T", " ")
        return f"the effort entry {record_id} ({when}: {record.get('count')!s} {record.get('type')!s})"
    when = str(record.get("finished", "?"))[:16].replace("T", " ")
    answer = _first_answer(record)
    said = f': "{answer}"' if answer else ""
    return f"the reflection {record_id} ({when}, {str(record.get('playbook', '?'))[:40]}{said})"


def _confirmed(app: App) -> bool:
    app.write("Delete it? [y/N] ")
    app.stdout.flush()
    return app.stdin.readline().strip().lower() in ("y", "yes")


def delete(app: App, args: argparse.Namespace) -> int:
    """`coach delete ID`: show the record, confirm, keep a copy of its file, remove it."""
    path, record = app.store.find_record(args.record_id)
    what = describe(record)
    if not args.yes and not app.on_terminal():
        raise UsageError(f"This would delete {what}. Add --yes to delete it without being "
                         "asked (coach cannot ask when it is not on a terminal).")
    app.print(f"Found {what}.")
    if not args.yes and not _confirmed(app):
        app.print("Kept it; nothing was deleted.")
        return 0
    copy = app.store.delete_record(path, str(record["id"]), app.clock())
    kept = f" A copy of {relative(app.store.home, path)} as it was is in {copy}." if copy else ""
    app.print(f"Deleted it.{kept}")
    return 0
