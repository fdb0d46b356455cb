"""Long output through a pager on a terminal, the way git does it, and straight out otherwise.

The program is `$COACH_PAGER`, else `$PAGER`, else `less`; an unset `LESS` becomes `FRX` (quit
when it fits on one screen, keep colours, leave the text on the screen), as git sets it. An
empty value or `cat` means no pager. The pager is used only when the output is a terminal, and
not a dumb one (TERM=dumb), so a pipe or a file gets the text as it is. A pager that cannot be
started, or one the rep quits before the end, never costs a traceback: the text is printed
directly, or the rest is dropped quietly.
"""

from __future__ import annotations

import contextlib
import io
import shlex
import signal
import subprocess
from collections.abc import Callable, Mapping
from typing import TextIO


def pager_command(environment: Mapping[str, str]) -> list[str] | None:
    """The pager to run, as a command line, or None for no pager (and none on a dumb
    terminal, TERM=dumb, which cannot run one: it would get escape sequences)."""
    if environment.get("TERM") == "dumb":
        return None
    for name in ("COACH_PAGER", "PAGER"):
        if name in environment:
            text = environment[name].strip()
            break
    else:
        text = "less"
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or words == ["cat"]:
        return None
    return words


def pager_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: LESS=FRX and LV=-c when the rep has not set them (as git does)."""
    return {"LESS": "FRX", "LV": "-c", **environment}


class _ToTerminal(io.TextIOWrapper):
    """The pipe into the pager, which ends on a terminal: views may ask, and get a yes."""

    def isatty(self) -> bool:
        return True


def _wait(process: subprocess.Popen[bytes]) -> None:
    """Wait for the rep to leave the pager; Ctrl-C meanwhile belongs to the pager, as in git."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals cannot be changed, so just wait
        previous = None
    try:
        process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def run_paged(stream: TextIO, environment: Mapping[str, str],
              body: Callable[[TextIO], int]) -> int:
    """Run `body` with the stream to print to: a pager's input on a terminal, else `stream`.

    Returns what `body` returns; 0 when the rep quit the pager before the end (they read what
    they wanted), and 130 without a word when they pressed Ctrl-C while it was showing.
    """
    command = pager_command(environment) if stream.isatty() else None
    if command is None:
        return body(stream)
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                   env=pager_environment(environment))
    except OSError:
        return body(stream)  # no such program, or it cannot run: print directly
    assert process.stdin is not None  # stdin=PIPE always gives one
    pipe = _ToTerminal(process.stdin, encoding=getattr(stream, "encoding", None) or "utf-8",
                       errors="replace")
    result = 0
    try:
        result = body(pipe)
    except BrokenPipeError:
        pass
    except KeyboardInterrupt:
        result = 130
    finally:
        # A pager that quit early leaves unflushed text behind: drop it, and close the pipe
        # itself too, so nothing tries to flush it again (and complain) at exit.
        with contextlib.suppress(OSError, ValueError):
            pipe.close()
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()
        _wait(process)
    return result
