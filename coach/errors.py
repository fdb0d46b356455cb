"""The exceptions that carry problems a user can fix, with their message and exit code."""

from __future__ import annotations

from dataclasses import dataclass

from coach.messages import plural


class CoachError(Exception):
    """A problem the user can fix: `main()` prints the message and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CoachError):
    """The command line itself is wrong (unknown command, bad option value)."""

    exit_code = 2


class InputEnded(CoachError):
    """Standard input ran out before the conversation was finished."""


class StoreError(CoachError):
    """The data folder or one of its files cannot be used safely."""


class UntrustedPath(StoreError):
    """A file or folder Coach reads that someone else owns or could change (like ssh's rule).

    It exits with 77, the "permission denied" code of sysexits.h, so a script can tell it apart.
    """

    exit_code = 77

    def __init__(self, path: str, problem: str, fix: str) -> None:
        super().__init__(f"{path} is not safe to use: {problem}, so what it holds could have "
                         f"been changed behind your back. To fix it, run: {fix}")
        self.path = path
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a playbook file, positioned like a compiler error."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class PlaybookError(CoachError):
    """A playbook that cannot be used; carries every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = str(self.diagnostics[0]) if self.diagnostics else "invalid playbook"
        more = len(self.diagnostics) - 1
        suffix = f" (and {plural(more, 'more problem')})" if more > 0 else ""
        super().__init__(first + suffix)


class TemplateProblem(Exception):
    """A template or condition that does not parse or is not allowed (line is 1-based, in the text)."""

    def __init__(self, message: str, line: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint
