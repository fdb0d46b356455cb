"""The `coach breather` command: a short paced-breathing reset, logged so stats know you paused."""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

from coach.commands.app import App
from coach.conversation.breathing import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    length_words,
    phase_at,
)
from coach.errors import UsageError
from coach.store.records import effort_record


def minutes_value(text: str) -> float:
    """Parse --minutes: a number of minutes within the allowed range."""
    try:
        minutes = float(text)
    except ValueError:
        raise UsageError(f"--minutes takes a number, not {text!r}.") from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be between {MIN_MINUTES:g} and {MAX_MINUTES:g}.")
    return minutes


def breathe_in_lines(
    app: App, total_seconds: float, sleep: Callable[[float], None] = time.sleep
) -> float:
    """The breather for pipes: one line per phase, paced in real time."""
    elapsed = 0.0
    while elapsed < total_seconds:
        name, left = phase_at(elapsed)
        step = min(left, total_seconds - elapsed)
        app.print(f"{name}... {math.ceil(step)}")
        app.stdout.flush()
        sleep(step)
        elapsed += step
    return elapsed


def take_breather(app: App, minutes: float) -> None:
    """Run a breather of `minutes` in whichever face fits, then log it."""
    total = minutes * 60
    words = length_words(total)
    app.print(f"{words[0].upper()}{words[1:]} for yourself. Sit back, shoulders down, and follow "
              "the words.")
    try:
        if app.is_interactive():
            from coach.faces.terminal.breather import run_breather

            seconds = run_breather(total)
        else:
            seconds = breathe_in_lines(app, total)
    except KeyboardInterrupt:
        seconds = 0.0
    app.add_effort(effort_record("breather", 1, app.clock(), note=f"{round(seconds)}s"))
    app.print("Done. Notice how your shoulders feel, then pick up the next call fresh.")


def breather(app: App, args: argparse.Namespace) -> int:
    take_breather(app, minutes_value(args.minutes) if args.minutes else DEFAULT_MINUTES)
    return 0
