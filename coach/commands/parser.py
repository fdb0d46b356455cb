"""The command line's grammar: every command, its options and its handler, built into one parser.

The handlers are named lazily ("module:function" under coach.commands), so building the parser
imports no command; `resolve` imports the one that runs. `cli.main` runs it; the menu and the
shell completion build the same parser from here.
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Callable
from typing import NoReturn

from coach import __version__
from coach.commands import arguments
from coach.commands.app import App
from coach.errors import UsageError
from coach.exchange.formats import DEFAULT, NAMES
from coach.messages import DATE_WORDS_HELP

Handler = Callable[[App, argparse.Namespace], int]
LazyHandler = Handler | str
"""A handler, or "module:function" under coach.commands, imported only when that command runs.

Importing every command at start-up would load the playbook machinery (YAML, Jinja2) even for
`coach history`, and the store even for `coach --version`; naming every command lazily, with
their options in the light coach.commands.arguments, keeps every command quick to start."""

DESCRIPTION = """\
A reflection coach for cold-call reps. After a tough call, `coach debrief` walks you
through two minutes of structured reflection; `coach history` shows what you saved
and `coach patterns` what it adds up to.
Data lives in $COACH_HOME, or your platform's user data folder."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports mistakes as a one-line UsageError instead of exiting."""

    def error(self, message: str) -> NoReturn:
        found = _INVALID_COMMAND.search(message)
        if found:
            import difflib

            typed = found.group(1)
            # Python 3.12 lists the choices quoted, later versions may not.
            choices = [choice.strip().strip("'\"") for choice in found.group(2).split(",")]
            close = difflib.get_close_matches(typed, choices, n=1, cutoff=0.6)
            guess = f" Did you mean `{self.prog} {close[0]}`?" if close else ""
            raise UsageError(f"`{self.prog} {typed[:40]}` is not a command.{guess} Run "
                             f"`{self.prog} --help` to see them all.")
        raise UsageError(f"{message}. Run `{self.prog} --help` to see what it accepts.")


_INVALID_COMMAND = re.compile(
    r"argument (?:COMMAND|SUBCOMMAND): invalid choice: '(.*?)' \(choose from (.*)\)")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand and its help."""
    parser = _Parser(
        prog="coach", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    parser.add_argument("--no-pager", action="store_true",
                        help="print long output directly, never through a pager")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: LazyHandler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    debrief = command("debrief", "converse:debrief",
                      "debrief a tough call (about two minutes; --quick: about one)")
    debrief.add_argument("--quick", action="store_true",
                         help="the short variant: the sting, the cause, a win, the next call")

    for name, handler, help_text in (
        ("checkin", "converse:checkin", "morning check-in: mindset and effort goals"),
        ("wrapup", "converse:wrapup", "end-of-day wrap-up: effort against goals, wins, lessons"),
    ):
        command(name, handler, help_text).add_argument(
            "--quick", action="store_true", help="the short variant"
        )
    command("weekly", "weekly:weekly",
            "weekly review: the week's effort and wins, one lesson, next week's goal")
    pause = command(
        "breather", "breather:breather", "a paced-breathing reset, two minutes by default"
    )
    pause.add_argument("--minutes", metavar="N", help="how long, in minutes (default 2)")

    run = command("run", "converse:run", "run any playbook by its id")
    run.add_argument(
        "playbook_id", metavar="ID", help="the playbook id (see `coach playbooks list`)"
    )
    run.add_argument("--quick", action="store_true", help="the short variant, if it has one")

    past = command("history", "history:history", "list your saved reflections, newest first")
    arguments.add_history_arguments(past)
    command("browse", "history:browse",
            "browse your reflections: move, open one, filter (the home screen's Browse)")
    one = command("show", "history:show", "one saved reflection in full, by its id")
    arguments.add_show_arguments(one)
    review = command("patterns", "patterns:patterns", "what your reflections and effort add up to")
    arguments.add_period_arguments(review, arguments.PATTERN_DAYS)
    arguments.add_output_format(review, "the review's numbers")
    share = command("report", "patterns:report",
                    "a report to share: an HTML page or a Markdown week")
    arguments.add_report_arguments(share)
    reminders = command("callbacks", "callbacks:callbacks", "the prospects to call back: due, "
                    "coming up, done, moved, or as a calendar file (--ics)")
    reminders.add_argument("--ics", metavar="FILE", help="write the open callbacks to an iCalendar "
                       "file (- for the screen) for Google Calendar, Outlook or Apple Calendar")
    reminders.add_argument("--force", action="store_true",
                           help="with --ics FILE: replace the file if it exists")
    arguments.add_output_format(reminders, "the open callbacks")
    call_commands = reminders.add_subparsers(dest="callbacks_command", metavar="SUBCOMMAND",
                                         parser_class=_Parser)
    done = call_commands.add_parser("done", help="mark a callback done",
                                    description="mark a callback done")
    done.set_defaults(handler="callbacks:mark_done")
    moved = call_commands.add_parser("move", help="move a callback to another day",
                                     description="move a callback to another day")
    moved.set_defaults(handler="callbacks:move")
    for sub in (done, moved):
        sub.add_argument("record_id", metavar="ID", help="its id, as `coach callbacks` shows it")
    moved.add_argument("when", nargs="+", metavar="WHEN",
                       help="the new day, e.g. friday, next tuesday, in 2 weeks, Q3, jan 15")
    book = command("objections", "objections:objections",
                   "your objection book: what calls died on and your answers, most frequent first")
    arguments.add_objections_arguments(book)
    drills = book.add_subparsers(dest="objections_command", metavar="SUBCOMMAND",
                                 parser_class=_Parser)
    drill = drills.add_parser("practice", help="practise your answer to one objection",
                              description="practise your answer to one objection")
    drill.set_defaults(handler="objections:practice")
    arguments.add_practice_arguments(drill)
    for long_output in (past, one, review):
        _pages_when(long_output, _always)
    _pages_when(share, _printed_markdown)

    log = command("log", "effort:log", "log dials, conversations, meetings, follow-ups or "
                  "objections (alone, on a terminal: a quick tally)")
    log.add_argument("words", nargs="*", metavar="KIND [COUNT]",
                     help="dials, conversations, meetings, follow-ups or objections (singular or "
                     "plural), and how many (default 1)")
    log.add_argument("--note", metavar="TEXT", help='a short note, e.g. "ACME, Tue 10am"')
    log.add_argument("--undo", action="store_true", help="take back the last entry logged today")
    arguments.add_output_format(log, "what was logged and today's totals (alone: the totals)")
    export = command("export", "exchange:export",
                     f"export your records as {', '.join(NAMES[:-1])} or {NAMES[-1]}")
    export.add_argument("--format", choices=NAMES,
                        help=f"default: from the -o file's extension, else {DEFAULT}")
    export.add_argument("--since", metavar="WHEN", help=f"from this day on ({DATE_WORDS_HELP})")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (readable only by you) instead of the screen")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--plain", action="store_true", help="from an encrypted folder: write "
                        "plain text instead of an export sealed with your passphrase")
    export.add_argument("--team", action="store_true", help="a team export for your sales lead: "
                        "effort and one summary line per reflection, no answers (docs/team.md)")
    export.add_argument("--as", dest="rep", metavar="NAME",
                        help="with --team: the name your lead sees you as (needed)")
    export.add_argument("--with-text", action="store_true",
                        help="with --team: also share your answers and effort notes")
    export.add_argument("--leave-out", metavar="WHAT", default="",
                        help="with --team: keep these out, comma-separated: sting (your sting "
                             "ratings), traps (the thinking traps you caught)")
    bring_in = command("import", "exchange:import_file", "add the records of a json or jsonl "
                       "export, or the calls of a dialer's CSV call log, that are not here yet")
    bring_in.add_argument("file", metavar="FILE", help="a Coach export (.json, .jsonl) or a "
                          "call log (.csv)")
    arguments.add_call_log_arguments(bring_in)
    command("share", "exchange:share", "one reflection as Markdown, for a mentor or a huddle"
            ).add_argument("record_id", metavar="ID", nargs="?",
                           help="its id, or any unique start of it (default: the newest)")
    team = command("team", _missing_subcommand, "a sales lead's review of the team's exports "
                   "(`coach export --team`)")
    team_commands = team.add_subparsers(dest="team_command", metavar="SUBCOMMAND",
                                        parser_class=_Parser)
    team_report = team_commands.add_parser(
        "report", help="effort, rates, causes, sting, strain and wins per rep and for the team",
        description="effort, rates, causes, sting, strain and wins per rep and for the team, "
        "from team exports (needs the team extra: pip install \"coach[team]\")")
    team_report.set_defaults(handler="team:report")
    team_report.add_argument("paths", nargs="+", metavar="PATH",
                             help="team export files, or folders of *.jsonl files")
    team_report.add_argument("--since", metavar="WHEN", help=f"from this day on ({DATE_WORDS_HELP}); "
                             "default: everything shared")
    team_report.add_argument("--until", metavar="WHEN",
                             help="up to and including this day (default: today)")
    team_report.add_argument("--md", action="store_true", help="print Markdown, for a wiki or chat")
    team_report.add_argument("--html", metavar="FILE",
                             help="write a self-contained HTML page to FILE")
    team_report.add_argument("--force", action="store_true",
                             help="with --html: replace FILE if it exists")
    arguments.add_completion_arguments(command(
        "completion", "completion:completion", "a completion script for bash, zsh or fish"))
    command("man", "manpage:manpage", "print this manual as a man page (roff), to install in "
            "~/.local/share/man/man1/coach.1 or read with `man -l -`")
    remove = command("delete", "delete:delete", "delete one reflection or effort entry by its id "
                     "(a copy of its week is kept in backups/deleted/)")
    remove.add_argument("record_id", metavar="ID", help="its id, or any unique start of it")
    remove.add_argument("--yes", action="store_true",
                        help="do not ask first (needed when coach is not on a terminal)")
    protect = command("encrypt", "encrypt:encrypt", "encrypt your records at rest with a "
                      "passphrase (see docs/privacy.md); again: finish an interrupted run")
    protect.add_argument("--passphrase-command", metavar="CMD",
                         help="take the new passphrase from what CMD prints (default: "
                         "$COACH_PASSPHRASE_COMMAND or the passphrase_command setting, else "
                         "typed twice)")
    command("decrypt", "encrypt:decrypt", "turn encryption off: write your records back as "
            "plain files; again: finish an interrupted run")
    rekey = command("change-passphrase", "encrypt:change_passphrase",
                    "a new passphrase for your encrypted records (nothing is decrypted)")
    rekey.add_argument("--new-passphrase-command", metavar="CMD",
                       help="take the new passphrase from what CMD prints (default: typed twice)")
    opening = command("unlock", "unlocking:unlock", "keep an encrypted folder's key for a "
                      "while, so commands read without asking (coach lock: forget it now)")
    opening.add_argument("--for", dest="duration", metavar="TIME",
                         help="how long: 30m (the default), 2h, 1h30m; at most 12h")
    command("lock", "unlocking:lock", "forget the key `coach unlock` keeps, at once")
    command("doctor", "doctor:doctor", "check the data folder; say what is wrong and how to fix it")
    command("help-now", "care:help_now", "where to find someone to talk to, right now")
    command("forget", "care:forget", "delete a stopped or unfinished conversation (alone: list "
            "the ones stopped for safety)").add_argument(
        "draft_id", nargs="?", metavar="ID", help="its id, or any unique start of it")
    settings = command("config", "care:config_show", "show your settings, each explained")
    arguments.add_output_format(settings, "every setting, its value and meaning")
    setting_commands = settings.add_subparsers(
        dest="config_command", metavar="SUBCOMMAND", parser_class=_Parser
    )
    change = setting_commands.add_parser("set", help="change a setting",
                                         description="change a setting")
    change.set_defaults(handler="care:config_set")
    change.add_argument("key", metavar="KEY", help="the setting, e.g. country")
    change.add_argument("value", metavar="VALUE", help="its new value, e.g. AU")
    unset = setting_commands.add_parser("unset", help="remove a setting",
                                         description="remove a setting")
    unset.set_defaults(handler="care:config_unset")
    unset.add_argument("key", metavar="KEY", help="the setting, e.g. country")

    books = command("playbooks", _missing_subcommand, "list, show, check, test and write playbooks")
    book_commands = books.add_subparsers(
        dest="playbooks_command", metavar="SUBCOMMAND", parser_class=_Parser
    )

    def book_command(name: str, handler: LazyHandler, help_text: str) -> argparse.ArgumentParser:
        sub = book_commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    book_command("list", "playbooks:list_playbooks", "every playbook found, with its source")
    show = book_command("show", "playbooks:show_playbook", "a readable outline of one playbook")
    show.add_argument("playbook_id", metavar="ID", help="the playbook id")
    validate = book_command(
        "validate", "playbooks:validate_playbooks", "check playbooks and report every problem"
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: every known playbook)"
    )
    tests = book_command("test", "playtests:test_playbooks", "run scripted conversation tests")
    tests.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="test files, playbook files (with their tests/ beside them) or folders "
        "(default: the built-in tests and your playbooks/tests/)",
    )
    tests.add_argument("--coverage", action="store_true",
                       help="list the steps, branches, replies and options no test reaches")
    schema = book_command("schema", "authoring:print_schema",
                          "print a JSON Schema of playbook files, for your editor")
    schema.add_argument("--tests", action="store_true", help="the schema of test files instead")
    graph = book_command("graph", "authoring:print_graph", "print a playbook's flow as Mermaid")
    graph.add_argument("playbook_id", metavar="ID", help="the playbook id")
    new = book_command("new", "authoring:new_playbook",
                       "write a starter playbook and its tests into your playbooks folder")
    new.add_argument("playbook_id", metavar="ID", help="the new playbook's id")
    new.add_argument("--to", metavar="FOLDER", help="write them into FOLDER instead")
    arguments.add_examples(parser)
    return parser


def _always(args: argparse.Namespace) -> bool:
    return True


def _printed_markdown(args: argparse.Namespace) -> bool:
    return bool(args.md) and args.output is None


def _pages_when(parser: argparse.ArgumentParser, rule: Callable[[argparse.Namespace], bool]) -> None:
    """Page this command's output on a terminal when `rule` says it prints something long."""
    parser.set_defaults(pages=rule)
    # Also accepted after the command; SUPPRESS keeps an earlier --no-pager from being reset.
    parser.add_argument("--no-pager", action="store_true", default=argparse.SUPPRESS,
                        help="print directly, never through a pager")


def resolve(handler: LazyHandler) -> Handler:
    """The handler function itself, importing its command module if it was named lazily."""
    if callable(handler):
        return handler
    module, name = handler.split(":")
    function: Handler = getattr(importlib.import_module(f"coach.commands.{module}"), name)
    return function


def _missing_subcommand(app: App, args: argparse.Namespace) -> int:
    raise UsageError(
        f"`coach {args.command}` needs a subcommand. Run `coach {args.command} --help`."
    )
