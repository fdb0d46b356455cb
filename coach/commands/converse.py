"""Commands that hold a conversation: debrief, run, checkin and wrapup."""

from __future__ import annotations

import argparse

from coach.commands.app import App
from coach.session import ConversationRunner, Outcome


def closing_lines(record: dict[str, object]) -> list[str]:
    """What the coach says once a reflection is saved."""
    lines = ["", "Saved. Well done for taking the time."]
    before, after = record.get("sting_before"), record.get("sting_after")
    if isinstance(before, int) and isinstance(after, int):
        lines.append(f"Sting {before} -> {after}.")
    if record.get("small_win"):
        lines.append(f"Small win: {record['small_win']}")
    if record.get("next_action"):
        lines.append(f"Next: {record['next_action']}")
    return lines


def run_playbook(app: App, playbook_id: str, quick: bool) -> int:
    """Run a playbook by id from start to finish; 0 when finished or paused."""
    library = app.library
    playbook = library.get(playbook_id)
    runner = ConversationRunner(app.store, app.face(), app.clock, confirm_quit=app.is_interactive())
    outcome = runner.start(playbook, library.playbooks, app.stats(), quick)
    return report(app, outcome)


def report(app: App, outcome: Outcome) -> int:
    """Print the end of a conversation and give the exit code."""
    if outcome.status == "finished" and outcome.record is not None:
        for line in closing_lines(outcome.record):
            app.print(line)
    return 0


def debrief(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "debrief", args.quick)


def run(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, args.playbook_id, args.quick)


def checkin(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "checkin", False)


def wrapup(app: App, args: argparse.Namespace) -> int:
    return run_playbook(app, "wrapup", False)
