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
LISTS = ("playbooks", "reflections")


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
                        "gatekeeper, delivery or unknown")
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
                        help="read a field (date, time, disposition, duration, contact, notes) "
                        "from this column; repeat for several")
    parser.add_argument("--date-format", metavar="FORMAT",
                        help="how the dates are written, e.g. %%d/%%m/%%Y %%H:%%M")
    parser.add_argument("--disposition", action="append", metavar="TEXT=OUTCOME",
                        help=f"count a disposition as {', '.join(OUTCOMES[:-1])} or "
                        f"{OUTCOMES[-1]}; repeat for several")


def add_completion_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", nargs="?", choices=SHELLS, help="the shell: bash, zsh or fish")
    # What the script calls back for ids; not for people, so left out of --help.
    parser.add_argument("--list", choices=LISTS, help=argparse.SUPPRESS)
