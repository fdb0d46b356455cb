"""Where the passphrase of an encrypted data folder comes from: a command the rep configured
($COACH_PASSPHRASE_COMMAND, else the `passphrase_command` setting), or the terminal, unechoed.

It is kept in memory only, for the life of the process (see docs/privacy.md).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.commands.app import App

ENV = "COACH_PASSPHRASE_COMMAND"
TIMEOUT = 30.0
OUTPUT_LIMIT = 4096
"""The most a passphrase command may print (bytes); a passphrase is one short line."""
POLL_SECONDS = 0.05
HOW = (f"set {ENV} (or `coach config set passphrase_command CMD`) to a command that prints "
       "it, or run coach on a terminal to type it")


def configured_command(home: Path) -> str | None:
    """The command that prints the passphrase, if the rep set one (the environment first)."""
    from coach.store.config import ConfigError, config_path, read_config

    from_environment = os.environ.get(ENV, "").strip()
    found: object = from_environment or read_config(home).get("passphrase_command")
    if not found:
        return None
    if not isinstance(found, str) or "\0" in found:
        where = ENV if from_environment else f"passphrase_command in {config_path(home)}"
        raise ConfigError(f"{where} is not a command line (one line of text, with no NUL "
                          "character): set it again with `coach config set passphrase_command "
                          "CMD`.")
    return found


def run_command(text: str) -> str:
    """The first line the passphrase command prints; CoachError in one line if it fails.

    The command's output is read up to OUTPUT_LIMIT bytes and for at most TIMEOUT seconds,
    reading the pipes here with a deadline: a command that never stops printing is stopped at
    the limit, and one that exits while a child of its own still holds its output is done when
    it exits. Whatever is still running of it at the deadline or the limit is killed.
    """
    if not isinstance(text, str) or "\0" in text:
        raise CoachError("The passphrase command must be one line of text (no NUL characters); "
                         "set it again with `coach config set passphrase_command CMD`.")
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise CoachError(f"Cannot split the passphrase command ({error}).") from None
    if not words:
        raise CoachError("The passphrase command is empty.")
    shown = shlex.quote(words[0])
    try:
        process = subprocess.Popen(words, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except FileNotFoundError:
        raise CoachError(f"The passphrase command {shown} was not found.") from None
    except OSError as error:
        raise CoachError(f"The passphrase command {shown} could not run: "
                         f"{error.strerror}.") from None
    out, err, finished = _collect(process)
    if len(out) > OUTPUT_LIMIT:
        raise CoachError(f"The passphrase command {shown} printed more than "
                         f"{OUTPUT_LIMIT // 1024} KiB; make it print only the passphrase.")
    if finished is None:
        raise CoachError(f"The passphrase command {shown} did not finish within "
                         f"{TIMEOUT:.0f} seconds.")
    if finished != 0:
        said = err.decode("utf-8", "replace").strip().splitlines()
        reason = f": {said[0][:200]}" if said else ""
        raise CoachError(f"The passphrase command {shown} failed (exit {finished}){reason}.")
    lines = out.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise CoachError(f"The passphrase command {shown} printed no passphrase.")
    return lines[0]


def _collect(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes, int | None]:
    """What `process` printed on stdout and stderr (each cut at OUTPUT_LIMIT + 1 bytes) and its
    exit code: None if it did not finish by the deadline, or printed too much, and was killed.
    Never waits for children it left behind holding the pipes."""
    assert process.stdout is not None and process.stderr is not None
    out, err = bytearray(), bytearray()
    if os.name == "nt":  # pragma: no cover - no selectable pipes, nor process groups
        try:
            got_out, got_err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return b"", b"", None
        return got_out[:OUTPUT_LIMIT + 1], got_err[:OUTPUT_LIMIT + 1], process.returncode
    import selectors

    buffers = {process.stdout.fileno(): out, process.stderr.fileno(): err}
    deadline = time.monotonic() + TIMEOUT
    with selectors.DefaultSelector() as selector:
        for descriptor in buffers:
            os.set_blocking(descriptor, False)
            selector.register(descriptor, selectors.EVENT_READ)
        while selector.get_map() and len(out) <= OUTPUT_LIMIT:
            exited = process.poll() is not None
            left = deadline - time.monotonic()
            if left <= 0:
                break
            # Once the command has exited, only what is already in the pipes is read: a child
            # it left behind may hold them open for ever.
            ready = selector.select(0 if exited else min(left, POLL_SECONDS))
            if exited and not ready:
                break
            for key, _ in ready:
                chunk = _read(key.fd)
                if chunk == b"":
                    selector.unregister(key.fd)
                elif chunk is not None:
                    buffer = buffers[key.fd]
                    buffer += chunk[:OUTPUT_LIMIT + 1 - len(buffer)]
    finished: int | None = None
    if len(out) <= OUTPUT_LIMIT:
        with contextlib.suppress(subprocess.TimeoutExpired):
            finished = process.wait(max(0.0, deadline - time.monotonic()))
    if finished is None:
        _kill(process)
    process.stdout.close()
    process.stderr.close()
    return bytes(out), bytes(err), finished


def _read(descriptor: int) -> bytes | None:
    """The next bytes in a pipe: b"" at its end, None when nothing is there yet."""
    try:
        return os.read(descriptor, 65536)
    except (BlockingIOError, InterruptedError):
        return None


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and everything it started in its session, and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()


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
    if not app.on_terminal():
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
    elif not app.on_terminal():
        raise CoachError(f"A new passphrase is needed: {HOW}.")
    else:
        chosen = _ask("New passphrase: ")
        if _ask("The same again: ") != chosen:
            raise CoachError("The two passphrases differ; nothing was changed.")
    if len(chosen) < 8:
        raise CoachError("That passphrase is too short: use at least 8 characters (a few "
                         "words are easy to remember and hard to guess).")
    return chosen
