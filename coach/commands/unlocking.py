"""`coach unlock [--for 30m]` and `coach lock`: an encrypted folder's key kept for a while by a
small agent (coach/store/agent.py), so a calling block's commands neither ask for the
passphrase nor pay for deriving the key from it."""

from __future__ import annotations

import argparse
import re

from coach.commands.app import App
from coach.errors import CoachError, UsageError
from coach.store import agent, encryption
from coach.store.paths import data_home

DEFAULT = "30m"
_PART = re.compile(r"(\d+)\s*([hms])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def duration(text: str) -> int:
    """Seconds in '30m', '2h', '1h30m' or '90s' (a bare number is minutes); UsageError else.

    >>> duration("1h30m"), duration("45")
    (5400, 2700)
    """
    words = text.strip().lower().replace(" ", "")
    if words.isdigit():
        words += "m"
    parts = _PART.findall(words)
    if not parts or "".join(f"{number}{unit}" for number, unit in parts) != words:
        raise UsageError(f"--for: {text[:20]!r} is not a length of time; give e.g. 30m, 2h or "
                         "1h30m.")
    seconds = sum(int(number) * _SECONDS[unit] for number, unit in parts)
    if not 1 <= seconds <= agent.MAX_SECONDS:
        raise UsageError(f"--for: give a time from 1s to {agent.MAX_SECONDS // 3600}h.")
    return seconds


def _words(seconds: int) -> str:
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{max(minutes, 1)} minute{'s' if minutes != 1 else ''}"


def unlock(app: App, args: argparse.Namespace) -> int:
    """`coach unlock`: ask for the passphrase once and keep the key for a while."""
    seconds = duration(args.duration or DEFAULT)
    home = app.home or data_home()
    if encryption.folder_state(home) is None:
        raise CoachError(f"{home} is not encrypted, so there is nothing to unlock.")
    kept = encryption.key_kept(home)
    if kept is not None:
        key = kept[1]  # unlocked already: only the time changes, and nothing is asked
    else:
        app.unlock(home, passphrase_needed=True)
        assert app.passphrase is not None
        key = encryption.data_key(home, app.passphrase)
    agent.start(home, key, seconds)
    app.store  # noqa: B018  (opening the store takes in what was logged while locked)
    app.print(f"Unlocked for {_words(seconds)}. `coach lock` forgets the key sooner, and so "
              "does logging out.")
    return 0


def lock(app: App, args: argparse.Namespace) -> int:
    """`coach lock`: the agent forgets the key at once."""
    home = app.home or data_home()
    if agent.stop(home):
        app.print("Locked: the key is forgotten. Logging still works without it.")
    else:
        app.print("Nothing to lock: no key was being kept.")
    return 0
