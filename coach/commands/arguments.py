"""The options of the commands cli.py builds its parser from, without importing the commands.

cli.py builds the whole parser at every start, even for `coach --version`, so what it needs to
describe `history`, `show`, `patterns`, `report`, `import` and `completion` lives here, with only
light imports: the commands themselves (and the store, playbooks and views they use) are
imported when they run. tests/test_startup_imports.py checks that it stays that way.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.exchange.callcolumns import PRESETS
from coach.exchange.dispositions import OUTCOMES
from coach.exchange.formats import HISTORY_CHOICES, SHOW_CHOICES
from coach.messages import DATE_WORDS_HELP

PATTERN_DAYS = 28
"""`coach patterns` and the HTML report look at the last four weeks unless told otherwise."""

HUDDLE_DAYS = 7
"""`coach report --md` summarises the last seven days, today included: one week for a huddle."""

SHELLS = ("bash", "zsh", "fish")
LISTS = ("playbooks", "reflections", "callbacks")


def positive_count(text: str) -> int:
    """argparse type for -n: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small: show at least 1 reflection")
    return value


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    """The filters and formats of `coach history`."""
    parser.add_argument("--since", metavar="WHEN", help=f"from this day on ({DATE_WORDS_HELP})")
    parser.add_argument("--until", metavar="WHEN", help="up to and including this day")
    parser.add_argument("--playbook", metavar="ID", help="only this playbook, e.g. debrief")
    parser.add_argument("--cause", help="only this cause: timing, budget, fit, priorities, "
                        "gatekeeper, delivery, unknown, has_solution or brush_off")
    parser.add_argument("--tag", help="only reflections with this tag")
    parser.add_argument("--search", metavar="TEXT", help="only reflections whose answers "
                        "contain TEXT (any case)")
    parser.add_argument("-n", "--limit", metavar="N", type=positive_count,
                        help="show at most N, newest first")
    parser.add_argument("--format", choices=HISTORY_CHOICES, default="text",
                        help="text (one line each), json, jsonl, csv or md (a Markdown table)")


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record_id", metavar="ID", help="the id, or any unique start of it")
    parser.add_argument("--format", choices=SHOW_CHOICES, default="text",
                        help="text, json (the stored record) or md (to share)")


OUTPUT_FORMATS = ("text", "json")
"""`--format` of patterns, callbacks, log and config: words for people, or JSON for scripts."""


def add_output_format(parser: argparse.ArgumentParser, what: str) -> None:
    """`--format text|json`; the JSON's keys are listed in docs/records.md."""
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text",
                        help=f"text (the default) or json: {what} as JSON for scripts, with "
                        "the keys docs/records.md lists")


def add_objections_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "md"), default="text",
                        help="text (the default), json for scripts (keys in docs/records.md) "
                        "or md to keep")


def add_practice_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("objection", nargs="*", metavar="OBJECTION",
                        help="a common one (email, not_interested, later, incumbent, budget, "
                        "price, not_decider) or their words; default: your most frequent")


def add_period_arguments(parser: argparse.ArgumentParser, default_days: int) -> None:
    parser.add_argument("--since", metavar="WHEN",
                        help=f"from this day on ({DATE_WORDS_HELP}); default: the last {default_days} days")
    parser.add_argument("--until", metavar="WHEN", help="up to and including this day (default: today)")


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--html", metavar="FILE", type=Path,
                      help="write a self-contained HTML page (charts included) to FILE")
    kind.add_argument("--md", action="store_true",
                      help="the week's summary in Markdown, for a team huddle")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="with --md: write to FILE instead of printing")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    parser.add_argument("--since", metavar="WHEN",
                        help=f"from this day on ({DATE_WORDS_HELP}); default: the last "
                        f"{PATTERN_DAYS} days for --html, {HUDDLE_DAYS} for --md")
    parser.add_argument("--until", metavar="WHEN", help="up to and including this day (default: today)")


def add_call_log_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `coach import` that say how to read a call log."""
    parser.add_argument("--preset", choices=tuple(PRESETS),
                        help="the tool the CSV came from, so its column names are tried first")
    parser.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                        help="read a field (date, time, disposition, duration, contact, notes, "
                        "sentiment) from this column; repeat for several")
    parser.add_argument("--date-format", metavar="FORMAT",
                        help="how the dates are written, e.g. %%d/%%m/%%Y %%H:%%M")
    parser.add_argument("--disposition", action="append", metavar="TEXT=OUTCOME",
                        help=f"count a disposition as {', '.join(OUTCOMES[:-1])} or "
                        f"{OUTCOMES[-1]}; repeat for several")


def add_completion_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", nargs="?", choices=SHELLS, help="the shell: bash, zsh or fish")
    # What the script calls back for ids; not for people, so left out of --help.
    parser.add_argument("--list", choices=LISTS, help=argparse.SUPPRESS)


EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ("coach debrief --quick", "coach log dials 12", "coach history -n 5"),
    "debrief": ("coach debrief", "coach debrief --quick"),
    "checkin": ("coach checkin", "coach checkin --quick"),
    "wrapup": ("coach wrapup", "coach wrapup --quick"),
    "weekly": ("coach weekly",),
    "breather": ("coach breather", "coach breather --minutes 1"),
    "run": ("coach run small_win", "coach run self_compassion --quick"),
    "history": ("coach history --since 7d", "coach history --cause timing --format md"),
    "browse": ("coach browse",),
    "show": ("coach show 3fa2c1", "coach show 3fa2c1 --format md"),
    "patterns": ("coach patterns", "coach patterns --since 90d"),
    "report": ("coach report --html week.html", "coach report --md -o huddle.md"),
    "callbacks": ("coach callbacks", "coach callbacks --ics callbacks.ics"),
    "callbacks done": ("coach callbacks done 3fa2c1",),
    "objections": ("coach objections", "coach objections --format md > objections.md"),
    "objections practice": ("coach objections practice", "coach objections practice budget"),
    "callbacks move": ("coach callbacks move 3fa2c1 friday",
                       "coach callbacks move 3fa2c1 in 2 weeks"),
    "log": ("coach log dials 12", 'coach log meeting --note "ACME, Tue 10am"', "coach log --undo"),
    "export": ("coach export -o records.json", "coach export --team --as Sam -o sam.jsonl"),
    "import": ("coach import records.json", "coach import calls.csv --preset aircall"),
    "share": ("coach share", "coach share 3fa2c1"),
    "team": ("coach team report exports/",),
    "team report": ("coach team report exports/ --since 30d",
                    "coach team report exports/ --html team.html"),
    "completion": ("coach completion bash > ~/.local/share/bash-completion/completions/coach",
                   "coach completion zsh > ~/.zfunc/_coach"),
    "man": ("coach man > ~/.local/share/man/man1/coach.1", "coach man | man -l -"),
    "delete": ("coach delete 3fa2c1",),
    "encrypt": ("coach encrypt", "coach encrypt --passphrase-command 'pass show coach'"),
    "decrypt": ("coach decrypt",),
    "change-passphrase": ("coach change-passphrase",),
    "unlock": ("coach unlock", "coach unlock --for 2h"),
    "lock": ("coach lock",),
    "doctor": ("coach doctor",),
    "help-now": ("coach help-now",),
    "forget": ("coach forget", "coach forget 3fa2c1"),
    "config": ("coach config", "coach config set country AU"),
    "config set": ("coach config set country AU", "coach config set timezone Europe/Berlin"),
    "config unset": ("coach config unset timezone",),
    "playbooks": ("coach playbooks list", "coach playbooks validate"),
    "playbooks list": ("coach playbooks list",),
    "playbooks show": ("coach playbooks show debrief",),
    "playbooks validate": ("coach playbooks validate", "coach playbooks validate my_book.yaml"),
    "playbooks test": ("coach playbooks test", "coach playbooks test --coverage"),
    "playbooks schema": ("coach playbooks schema > playbook.schema.json",),
    "playbooks graph": ("coach playbooks graph debrief",),
    "playbooks new": ("coach playbooks new gratitude",),
}
"""A command or two a rep would type, shown under each command's --help and in the man page,
keyed by the command's words after `coach` ('' for `coach` itself)."""


class ExampleFormatter(argparse.HelpFormatter):
    """argparse's formatter, keeping the lines of a text that has them (the examples) as they
    are, and wrapping the one-line descriptions as usual."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def add_examples(parser: argparse.ArgumentParser, words: str = "") -> None:
    """Put each command's examples (EXAMPLES) under its --help, in this parser and below."""
    examples = EXAMPLES.get(words)
    if examples:
        parser.epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
        if parser.formatter_class is argparse.HelpFormatter:
            parser.formatter_class = ExampleFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                add_examples(sub, f"{words} {name}".strip())
