"""The face for scripts and pipes: prints each question and reads one answer per line."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TextIO

from coach.conversation.answers import hint_for
from coach.conversation.breathing import PATTERN, length_words
from coach.conversation.engine import Ask, Say
from coach.errors import InputEnded
from coach.playbook.steps import kind_of
from coach.safetext import safe
from coach.views.display import progress


def option_lines(ask: Ask) -> list[str]:
    """The numbered options of a choice or yes/no question, or the ends of a scale."""
    return [safe(line) for line in kind_of(ask.step).option_lines(ask.step)]


def question_lines(ask: Ask) -> list[str]:
    """The question as plain lines: progress, text, options and what it accepts."""
    lines = [f"[{progress(ask)}] {safe(ask.text)}" if ask.total else safe(ask.text)]
    lines += option_lines(ask)
    if not kind_of(ask.step).free_text:
        lines.append(f"  ({hint_for(ask.step)})")
    return lines


_PREFIX = {"say": "", "response": "coach: ", "safety": "", "support": ""}
NOT_TEXT = "Sorry, that line didn't come through as text (UTF-8), so I left it out. Please type it again."


def as_utf8(line: str, encoding: str) -> str | None:
    """A line whose bytes were UTF-8 but were read in another encoding (an ASCII locale such as
    LC_ALL=C), decoded as UTF-8; None if its bytes are not UTF-8 either."""
    try:
        return line.encode(encoding, "surrogateescape").decode("utf-8")
    except (UnicodeError, LookupError):
        return None


def is_text(line: str) -> bool:
    """Whether `line` is real text: no lone surrogates, which is what undecodable bytes become."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class LineFace:
    """Reads answers line by line from `stdin`; every question and reply goes to `stdout`."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        # A line that is not valid text in the stream's encoding would raise UnicodeDecodeError
        # and end the conversation. Decoded with surrogateescape, its bad bytes arrive as lone
        # surrogates instead: `_read` decodes UTF-8 typed under an ASCII locale (LC_ALL=C) as
        # what it is, and turns any other line away and reads the next.
        self._encoding = getattr(stdin, "encoding", None) or "utf-8"
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="surrogateescape")
        # The answers are said back: on an output that cannot show a character (an ASCII
        # locale), that character becomes "?" instead of ending the conversation.
        reconfigure = getattr(stdout, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")

    def _print(self, text: str = "") -> None:
        # The one place this face writes: whatever a playbook, a record or the rep put in the
        # text, no control character reaches the terminal.
        self.stdout.write(safe(text) + "\n")
        self.stdout.flush()

    def _read(self) -> str:
        """The next line that is valid text; a line that is not is refused and read again."""
        while True:
            try:
                line = self.stdin.readline()
            except UnicodeDecodeError:
                # A stream that could not be told to escape bad bytes: its line is lost,
                # but the conversation goes on.
                self._print(NOT_TEXT)
                continue
            if not line:
                raise InputEnded(
                    "Input ended before the conversation was finished; the answers so far are "
                    "kept as a draft (run `coach` to resume it)."
                )
            if is_text(line):
                return line.rstrip("\r\n")
            # Under LC_ALL=C a rep's "café" arrives as undecodable bytes that are UTF-8 all
            # along: kept as typed, so a piped script's answers stay on their questions.
            typed = as_utf8(line, self._encoding)
            if typed is not None:
                return typed.rstrip("\r\n")
            self._print(NOT_TEXT)

    def show(self, say: Say) -> None:
        self._print(_PREFIX.get(say.kind, "") + safe(say.text))

    def ask(self, ask: Ask, check: Callable[[str], str | None], prefill: str, partial: str) -> str:
        self._print()
        for line in question_lines(ask):
            self._print(line)
        return self._read()

    def notice(self, text: str) -> None:
        self._print(safe(text))

    def breathe(self, seconds: float) -> float:
        # A pipe has no one to pace: say what to do in one line and go on without waiting, so
        # scripts and tests never sleep. `coach breather` paces it line by line when asked.
        rhythm = ", ".join(f"{name.lower()} for {length}" for name, length in PATTERN)
        self._print(f"Breather: {rhythm}, for {length_words(seconds)}. Go on when you're ready.")
        return 0.0

    def confirm(self, question: str, default: bool) -> bool:
        self._print(f"{question} [{'Y/n' if default else 'y/N'}]")
        try:
            answer = self._read().strip().lower()
        except InputEnded:
            return default
        if answer in ("y", "yes", "1"):
            return True
        if answer in ("n", "no", "2"):
            return False
        return default
