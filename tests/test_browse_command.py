"""`coach browse`: the home screen's Browse, as a command of its own.

On a terminal it opens the same history browser the menu opens (driven here through
prompt-toolkit's pipe input); on a pipe or a dumb terminal it lists the newest reflections the way
`coach history -n 20` does, after a one-line note on stderr.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from lookback_records import at, debrief
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.cli import main
from coach.commands import home as home_screen
from coach.commands.app import App
from coach.faces.terminal.browse import Browser
from coach.messages import NO_REFLECTIONS_YET
from coach.store.store import Store

DOWN, ENTER = "\x1b[B", "\r"


def _fill(home: Path, count: int) -> list[str]:
    """`count` debriefs, one a day back from 2026-11-20; their ids, newest first."""
    store = Store(home)
    ids = []
    for days in range(count):
        day = (at("2026-11-20", "15:00") - timedelta(days=days)).date().isoformat()
        record = debrief(at(day, "15:00"), record_id=f"{days:02d}" + "e" * 30,
                         small_win=f"Win number {days}")
        store.add_reflection(record)
        ids.append(record["id"])
    return ids


class _Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def test_browse_on_a_pipe_lists_the_newest_twenty_like_history(home: Path) -> None:
    _fill(home, 25)
    browsed = run_coach(home, "browse")
    listed = run_coach(home, "history", "-n", "20")
    assert browsed.returncode == 0, browsed.stderr
    assert browsed.stdout == listed.stdout
    assert len(browsed.stdout.splitlines()) == 20
    note = browsed.stderr.splitlines()
    assert len(note) == 1
    assert "terminal" in note[0] and "`coach history`" in note[0]


def test_browse_on_a_pipe_with_nothing_saved_says_so(home: Path) -> None:
    result = run_coach(home, "browse")
    assert result.returncode == 0, result.stderr
    assert NO_REFLECTIONS_YET in result.stdout
    assert "Traceback" not in result.stderr


def test_browse_on_a_dumb_terminal_lists_instead_of_drawing(
    home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fill(home, 3)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(home_screen, "reflection_browser", _never_drawn)
    app = App(stdin=_Terminal(), stdout=_Terminal(), stderr=_Terminal(), home=home)
    assert main(["browse"], app) == 0
    out = app.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Win number 0" in out and "Win number 2" in out
    assert "\x1b" not in out
    assert "terminal" in app.stderr.getvalue()  # type: ignore[attr-defined]


def _never_drawn(*args: Any) -> Browser:
    raise AssertionError("a dumb terminal must not get the full-screen browser")


def test_browse_on_a_terminal_opens_the_menus_browser(
    home: Path, pipe: PipeInput, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _fill(home, 3)
    opened: list[Browser] = []
    built = home_screen.reflection_browser

    def spy(store: Store, now: Any) -> Browser:
        browser = built(store, now)
        opened.append(browser)
        return browser

    monkeypatch.setattr(home_screen, "reflection_browser", spy)
    app = App(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), home=home,
              interactive=True)
    pipe.send_text(DOWN + ENTER + "q" + "q")
    with create_app_session(input=pipe, output=DummyOutput()):
        assert main(["browse"], app) == 0
    [browser] = opened
    assert [record["id"] for record in browser.records] == ids
    assert browser.opened == [ids[1]]  # Down, then Enter: the second newest
    assert app.stdout.getvalue() == ""  # type: ignore[attr-defined]
    assert app.stderr.getvalue() == ""  # type: ignore[attr-defined]


def test_browse_is_listed_in_the_help(home: Path) -> None:
    result = run_coach(home, "--help")
    assert "browse" in result.stdout
    assert run_coach(home, "browse", "--help").returncode == 0


def test_every_menu_entry_is_a_command_docs_cli_names() -> None:
    """docs/cli.md's table of menu entries names a command for each one, and each one parses."""
    from coach.commands.parser import build_parser

    table = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+?) \| `(coach [^`]+)` \|$", table, flags=re.MULTILINE)
    menu = home_screen._menu_actions(App(home=Path("unused")), face=None)  # type: ignore[arg-type]
    # The label as the table shows it: "Quick debrief (about a minute)" -> "Quick debrief".
    shown = [label.split(" (")[0].split(":")[0] for label, _ in menu.values()]
    assert [entry for entry, _ in rows] == shown
    for _, line in rows:
        build_parser().parse_args(line.split()[1:])
