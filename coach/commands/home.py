"""`coach` with no command: a one-line status and a menu of everything the coach can do."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.commands.app import App
from coach.commands.breather import take_breather
from coach.commands.converse import (
    DIALS_BEFORE_A_BREAK,
    choose_draft,
    resume,
    run_playbook,
    titles,
)
from coach.commands.menu import pick, pick_number
from coach.commands.weekly import run_weekly
from coach.conversation.breathing import DEFAULT_MINUTES
from coach.conversation.drafts import describe, resumable
from coach.conversation.session import Face
from coach.store.fields import EFFORT_KINDS, MAX_COUNT
from coach.views.labels import plural

if TYPE_CHECKING:
    from coach.faces.terminal.browse import Browser
    from coach.store.store import Store


def status_line(stats: dict[str, Any], drafts_waiting: int) -> str:
    """Today at a glance: effort, wins, streak, goals met, and whether a draft is waiting.

    The streak and goals come from coach/review/days.py, as in `coach patterns`."""
    dials, wins = int(stats.get("dials_today") or 0), int(stats.get("wins_today") or 0)
    streak = int(stats.get("streak_days") or 0)
    parts = [f"Today: {plural(dials, 'dial')}", plural(wins, "win"), f"streak {plural(streak, 'day')}"]
    if stats.get("goals_met_today"):
        parts.append("goals met")
    if drafts_waiting:
        parts.append(plural(drafts_waiting, "unfinished conversation"))
    line = " · ".join(parts)
    stretch = int(stats.get("dials_since_break") or 0)
    if stretch >= DIALS_BEFORE_A_BREAK:
        line += f"\n{stretch:,} dials since your last break: a two-minute breather would help."
    milestones = stats.get("milestones_today") or []
    if milestones:
        line += f"\nMilestone today: {' and '.join(milestones)}. That's you, showing up."
    return line


WEEK_END = 4
"""From this weekday on (Friday; Monday is 0) the home screen offers the weekly review."""


def weekly_due(stats: dict[str, Any], now: datetime) -> bool:
    """Whether to offer the weekly review: the week's end, and this week's is not done yet."""
    return now.weekday() >= WEEK_END and not stats.get("week_reviewed")


def _menu_actions(app: App, face: Face) -> dict[str, tuple[str, Callable[[], Any]]]:
    """The menu entries in order: key -> (label, action)."""
    return {
        "debrief": ("Debrief a tough call", lambda: run_playbook(app, "debrief", False, face)),
        "quick": (
            "Quick debrief (about a minute)",
            lambda: run_playbook(app, "debrief", True, face),
        ),
        "checkin": ("Morning check-in", lambda: run_playbook(app, "checkin", False, face)),
        "wrapup": ("End-of-day wrap-up", lambda: run_playbook(app, "wrapup", False, face)),
        "log": ("Log effort (dials, conversations, meetings...)", lambda: _log(app, face)),
        "breather": ("Take a breather", lambda: take_breather(app, DEFAULT_MINUTES)),
        "browse": ("Browse past reflections", lambda: _browse(app)),
        "patterns": ("Patterns: what your calls add up to", lambda: _command(app, "patterns")),
        "weekly": ("Weekly review: close the week", lambda: run_weekly(app, face)),
    }


def _command(app: App, *words: str) -> int:
    """Run a command line from the menu, with the same defaults it has on the command line."""
    from coach.commands.parser import build_parser, resolve  # it names this module lazily

    args = build_parser().parse_args(list(words))
    return resolve(args.handler)(app, args)


def _log(app: App, face: Face) -> None:
    """The quick tally on a terminal; in a pipe, one kind and one count, like `coach log`."""
    if app.is_interactive():
        _command(app, "log")
        return
    kinds = [(kind, kind.replace("_", "-")) for kind in EFFORT_KINDS]
    kind = pick(app, face, "What did you do?", kinds, title="Log effort")
    if kind is None:
        return
    count = pick_number(app, face, f"How many {kind.replace('_', '-')}?", 1, MAX_COUNT)
    if count is not None:
        _command(app, "log", kind, str(count))


def _browse(app: App) -> None:
    """Browse interactively in a terminal; in a pipe, list the latest reflections instead."""
    if app.is_interactive():
        reflection_browser(app.store, app.clock()).run()
    else:
        _command(app, "history", "-n", "20")


def reflection_browser(store: Store, now: datetime) -> Browser:
    """The history browser over this store: the list holds summaries, read a week at a time
    (the browser keeps a few fields of each); a reflection is read whole only when it is
    opened, and the filter's free words go to the store's search."""
    from coach.faces.terminal.browse import Browser

    return Browser(store.each_summary(), now, whole=store.find_reflection,
                   matching=store.search_ids)


def home(app: App, args: argparse.Namespace) -> int:
    """Show the status and the menu until the rep quits."""
    face = app.face()
    while True:
        drafts = resumable(app.store.drafts())
        stats = app.stats()
        app.print("")
        app.print(status_line(stats, len(drafts)))
        actions = _menu_actions(app, face)
        options = [(key, label) for key, (label, _) in actions.items()]
        if weekly_due(stats, app.clock()):
            # At the week's end the review says so, in its usual place: the numbers reps know
            # by heart never move.
            options[list(actions).index("weekly")] = (
                "weekly", "Weekly review: it's the week's end, and this week's is not done yet")
        if len(drafts) == 1:
            options.insert(0, ("resume", "Resume: " + describe(drafts[0], titles(app),
                                                             app.clock().tzinfo)))
        elif drafts:
            options.insert(0, ("resume", f"Resume one of {len(drafts):,} unfinished conversations"))
        key = pick(app, face, "What would you like to do? (q to quit)", options)
        if key is None:
            app.print("See you after the next call.")
            return 0
        if key == "resume":
            draft = drafts[0] if len(drafts) == 1 else choose_draft(app, face)
            if draft is not None:
                resume(app, face, draft)
            continue
        actions[key][1]()
