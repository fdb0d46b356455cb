"""The `coach` command line: parses arguments, runs a command, and turns errors into exit codes.

`main()` is the only place that prints errors: a user-fixable problem is one line on stderr and
its exit code, Ctrl-C is a friendly line and 130, and a traceback appears only with --debug.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from coach.commands.app import App
from coach.commands.parser import build_parser, resolve
from coach.errors import CoachError


def _wants_pager(app: App, args: argparse.Namespace) -> bool:
    """Whether this command's output goes through a pager (see coach/faces/pager.py)."""
    rule = getattr(args, "pages", None)
    if rule is None or getattr(args, "no_pager", False) or not rule(args):
        return False
    if not app.stdout.isatty():
        return False
    from coach.store.config import read_config
    from coach.store.paths import data_home

    try:
        return read_config(app.home or data_home()).get("pager") != "false"
    except CoachError:
        return True  # the command itself says what is wrong with the settings, if it reads them


def main(argv: Sequence[str] | None = None, app: App | None = None) -> int:
    """Run the command line; returns the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    app = app or App()
    debug = "--debug" in arguments
    try:
        args = build_parser().parse_args(arguments)
        handler = resolve(getattr(args, "handler", None) or "home:home")
        if _wants_pager(app, args):
            return app.paged(lambda: handler(app, args))
        return handler(app, args)
    except CoachError as error:
        if debug:
            raise
        app.warn(error.message)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (`coach history | head`): stop quietly, like other Unix tools.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        if debug:
            raise
        kept = {"kept": " Anything you answered is kept as a draft.",
                "sealed": " Anything you answered is kept as a sealed draft; `coach unlock` "
                          "brings it back."}.get(app.drafting, "")
        app.write(f"\nStopped.{kept}\n", error=True)
        return 130
    except Exception as error:
        if debug:
            raise
        app.warn(
            f"unexpected error: {type(error).__name__}: {error}. "
            "Run again with --debug for details, and please report it."
        )
        return 1
