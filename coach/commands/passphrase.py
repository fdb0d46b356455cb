"""Where the passphrase of an encrypted data folder comes from: a command the rep configured
($COACH_PASSPHRASE_COMMAND, else the `passphrase_command` setting), or the terminal, unechoed.

It is kept in memory only, for the life of the process (see docs/privacy.md).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.commands.app import App

ENV = "COACH_PASSPHRASE_COMMAND"
TIMEOUT = 30.0
HOW = (f"set {ENV} (or `coach config set passphrase_command CMD`) to a command that prints "
       "it, or run coach on a terminal to type it")


def configured_command(home: Path) -> str | None:
    """The command that prints the passphrase, if the rep set one (the environment first)."""
    from coach.store.config import read_config

    return os.environ.get(ENV, "").strip() or read_config(home).get("passphrase_command")


def run_command(text: str) -> str:
    """The first line the passphrase command prints; CoachError in one line if it fails."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise CoachError(f"Cannot split the passphrase command ({error}).") from None
    if not words:
        raise CoachError("The passphrase command is empty.")
    shown = shlex.quote(words[0])
    try:
        done = subprocess.run(words, capture_output=True, timeout=TIMEOUT, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise CoachError(f"The passphrase command {shown} was not found.") from None
    except subprocess.TimeoutExpired:
        raise CoachError(f"The passphrase command {shown} did not finish within "
                         f"{TIMEOUT:.0f} seconds.") from None
    except OSError as error:
        raise CoachError(f"The passphrase command {shown} could not run: "
                         f"{error.strerror}.") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f": {said[0][:200]}" if said else ""
        raise CoachError(f"The passphrase command {shown} failed (exit {done.returncode})"
                         f"{reason}.")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise CoachError(f"The passphrase command {shown} printed no passphrase.")
    return lines[0]


def _ask(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CoachError("No passphrase was typed; nothing was changed.") from None


KEYRING_SERVICE = "coach"
"""The keyring entry is this service, with the data folder's path as the user name."""


def uses_keyring(home: Path) -> bool:
    """Whether the rep chose to keep the passphrase in the system keyring."""
    from coach.store.config import read_config

    return read_config(home).get("passphrase_keyring") == "yes"


def _keyring() -> Any:
    try:
        import keyring
    except ImportError:
        raise CoachError('The passphrase_keyring setting needs the keyring package: '
                         'pip install "coach[keyring]" (or `coach config unset '
                         'passphrase_keyring`).') from None
    return keyring


def from_keyring(home: Path) -> str | None:
    """The passphrase kept in the system keyring for `home`, if there is one."""
    try:
        found = _keyring().get_password(KEYRING_SERVICE, str(home))
    except Exception as error:  # the keyring backends raise their own kinds
        raise CoachError(f"The system keyring could not be read: {error}.") from None
    return found or None


def keep_in_keyring(home: Path, secret: str) -> None:
    """Keep `secret` as the passphrase of `home` in the system keyring."""
    try:
        _keyring().set_password(KEYRING_SERVICE, str(home), secret)
    except CoachError:
        raise
    except Exception as error:
        raise CoachError(f"The passphrase could not be kept in the system keyring: "
                         f"{error}.") from None


def passphrase(app: App, home: Path) -> str:
    """The passphrase of the encrypted folder `home`: from the command, else the keyring (if
    the rep chose it), else the terminal, which then keeps it in the keyring."""
    command = configured_command(home)
    if command:
        return run_command(command)
    keyring = uses_keyring(home)
    if keyring:
        kept = from_keyring(home)
        if kept is not None:
            return kept
    if not app.is_interactive():
        raise CoachError(f"{home} is encrypted and needs its passphrase: {HOW}.")
    typed = _ask("Passphrase for your Coach data: ")
    if keyring:
        # Kept only once it unlocks the folder: see App.unlock.
        app.keep_passphrase = True
    return typed


def new_passphrase(app: App, home: Path, command: str | None, *, configured: bool) -> str:
    """A new passphrase: from `command` (or, if `configured`, the configured one), else typed
    twice on the terminal."""
    if not command and configured:
        command = configured_command(home)
    if command:
        chosen = run_command(command)
    elif not app.is_interactive():
        raise CoachError(f"A new passphrase is needed: {HOW}.")
    else:
        chosen = _ask("New passphrase: ")
        if _ask("The same again: ") != chosen:
            raise CoachError("The two passphrases differ; nothing was changed.")
    if len(chosen) < 8:
        raise CoachError("That passphrase is too short: use at least 8 characters (a few "
                         "words are easy to remember and hard to guess).")
    return chosen
