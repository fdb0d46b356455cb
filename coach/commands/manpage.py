"""`coach man`: the manual page, written in roff from the same parser the command line uses.

Each command gets a section: its usage, what it does, its options and arguments, and the
examples its --help shows (`arguments.EXAMPLES`). Built when asked, from the installed parser,
so the page always matches the installed Coach and nothing has to be generated at build time.
`coach man > ~/.local/share/man/man1/coach.1` installs it for `man coach`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.commands.app import App

NAME_LINE = "coach \\- a reflection coach for sales reps who cold-call"

ENVIRONMENT = (
    ("COACH_HOME", "the data folder; unset, the platform's user data folder "
     "(~/.local/share/coach on Linux)"),
    ("COACH_PASSPHRASE_COMMAND", "a command that prints the passphrase of an encrypted data "
     "folder; it wins over the passphrase_command setting"),
    ("COACH_PAGER, PAGER", "the pager for long output (default: less)"),
)

FILES = (
    ("~/.config/coach/config.toml", "your settings (coach config); in $COACH_HOME when that "
     "is set"),
    ("$COACH_HOME/playbooks/", "your own playbooks, beside the built-in ones"),
)


def text(words: str) -> str:
    """Prose for roff: backslashes kept, and no line that roff would read as a request."""
    escaped = words.replace("\\", "\\e")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line
                     for line in escaped.splitlines())


def code(words: str) -> str:
    """A command or option for roff: also each '-' a real minus, so it can be copied."""
    return text(words).replace("-", "\\-")


def _usage(parser: argparse.ArgumentParser) -> str:
    usage = " ".join(parser.format_usage().split())
    return usage.removeprefix("usage: ")


def _actions(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str]]:
    """Each option and argument a person can use: how it is written, and what it does."""
    formatter = parser._get_formatter()
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(
                action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        help_text = formatter._expand_help(action) if action.help else ""
        yield formatter._format_action_invocation(action), help_text


def commands(parser: argparse.ArgumentParser, words: str = "coach"
             ) -> Iterator[tuple[str, argparse.ArgumentParser, str]]:
    """Every command below `parser`, depth first in the parser's order: (its words, its parser,
    its one-line help)."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._get_subactions()}
        for name, sub in action.choices.items():
            if helps.get(name) == argparse.SUPPRESS:
                continue
            yield f"{words} {name}", sub, helps.get(name, "")
            yield from commands(sub, f"{words} {name}")


def _section(lines: list[str], parser: argparse.ArgumentParser) -> None:
    """The usage, options and examples of one command, under its heading."""
    lines += [".PP", f"\\fB{code(_usage(parser))}\\fR"]
    for invocation, help_text in _actions(parser):
        lines += [".TP", f"\\fB{code(invocation)}\\fR", text(help_text) or "\\&"]
    if parser.epilog:
        examples = [line.strip() for line in parser.epilog.splitlines()[1:] if line.strip()]
        lines += [".PP", "Examples:", ".RS", ".nf", *map(code, examples), ".fi", ".RE"]


def manual(parser: argparse.ArgumentParser, version: str) -> str:
    """The man page of `parser` (the coach command line), in roff for man(7)."""
    lines = [f'.TH COACH 1 "" "coach {version}" "User Commands"', ".SH NAME", NAME_LINE,
             ".SH SYNOPSIS", "\\fBcoach\\fR [\\fIOPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIARGS\\fR]",
             ".SH DESCRIPTION"]
    for paragraph in (parser.description or "").split("\n\n"):
        lines += [text(" ".join(paragraph.split())), ".PP"]
    lines += ["Run \\fBcoach\\fR alone for the status line and a menu of what to do next.",
              ".SH OPTIONS"]
    _section(lines, parser)
    lines.append(".SH COMMANDS")
    for words, sub, help_text in commands(parser):
        lines += [f'.SS "{code(words)}"', text(sub.description or help_text)]
        _section(lines, sub)
    lines.append(".SH ENVIRONMENT")
    for name, meaning in ENVIRONMENT:
        lines += [".TP", f"\\fB{code(name)}\\fR", text(meaning)]
    lines.append(".SH FILES")
    for path, meaning in FILES:
        lines += [".TP", f"\\fI{code(path)}\\fR", text(meaning)]
    lines += [".SH SEE ALSO", "The README and docs/ of Coach: cli.md (every command), "
              "call-logs.md, playbooks.md, records.md, privacy.md, safety.md and team.md.", ""]
    return "\n".join(lines)


def manpage(app: App, args: argparse.Namespace) -> int:
    """`coach man`: print the man page, to save as coach.1 or read with `man -l -`."""
    from coach import __version__
    from coach.commands.parser import build_parser

    app.write(manual(build_parser(), __version__))
    return 0
