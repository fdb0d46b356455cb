"""`coach completion bash|zsh|fish`: a shell completion script generated from the parser.

The script completes commands and options from the parser in `coach/commands/parser.py`
(through shtab, imported only here), and playbook and reflection ids by calling back
`coach completion --list KIND`, which answers without loading a playbook or writing to the data
folder: it reads each playbook file's top-level `id:` line, and the ids of the newest
reflections. The call back happens only when Tab is pressed on such an argument, once (never
when the shell starts: zsh gets functions, not command substitutions), and it never asks for a
passphrase or runs the passphrase command: an encrypted folder completes no reflection ids.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import UsageError

if TYPE_CHECKING:
    from coach.commands.app import App

RECENT_REFLECTIONS = 30
_ID_LINE = re.compile(rb"^id:[ \t]*[\"']?([A-Za-z0-9_-]{1,64})[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_HEAD_BYTES = 16 * 1024
_MAX_FILES = 500


def _builtin_folder() -> Path:
    # The same places as coach.playbook.library.builtin_folder, without importing the playbook
    # machinery (YAML, Jinja2), which would make every Tab press slow.
    from importlib import resources

    packaged = Path(str(resources.files("coach"))) / "playbooks"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "playbooks"


def playbook_ids(folders: list[Path]) -> list[str]:
    """The ids the playbook files in `folders` declare, read from their top-level `id:` line."""
    found: set[str] = set()
    for folder in folders:
        try:
            files = sorted(path for path in folder.iterdir() if path.suffix in (".yaml", ".yml"))
        except OSError:
            continue
        for path in files[:_MAX_FILES]:
            try:
                with path.open("rb") as file:
                    head = file.read(_HEAD_BYTES)
            except OSError:
                continue
            if match := _ID_LINE.search(head):
                found.add(match.group(1).decode("ascii"))
    return sorted(found)


def _reflection_ids(app: App) -> Iterator[str]:
    from coach.store.encryption import folder_state

    home = app.home or _data_home()
    if not home.is_dir():
        return  # no data folder yet; completing must not create one
    if folder_state(home) is not None:
        return  # encrypted: a Tab press must never ask for the passphrase or run its command
    for record in islice(app.store.each_summary(), RECENT_REFLECTIONS):
        record_id = str(record.get("id", ""))
        if re.fullmatch(r"[0-9a-f]{8,}", record_id):
            yield record_id[:8]


ZSH_LISTS = """
# Each runs coach once, when Tab is pressed on such an id (never when the shell starts).
_coach_playbook_ids() {
  local -a ids
  ids=(${(f)"$(coach completion --list playbooks 2>/dev/null)"})
  compadd -a ids
}
_coach_reflection_ids() {
  local -a ids
  ids=(${(f)"$(coach completion --list reflections 2>/dev/null)"})
  compadd -a ids
}
"""


def _lazy(kind: str) -> dict[str, Any]:
    """A completer calling `coach completion --list KIND` when Tab is pressed, in every shell.

    shtab's own `cmd` completer puts a command substitution into zsh's option arrays, which
    zsh runs while it reads the script: every call back, at every shell start. Here zsh gets
    a function instead; bash and fish already call back only on Tab."""
    import shtab

    completer: dict[str, Any] = dict(shtab.cmd(f"coach completion --list {kind} 2>/dev/null"))
    function = "_coach_playbook_ids" if kind == "playbooks" else "_coach_reflection_ids"
    completer["zsh"] = function
    completer["preamble"] = {**completer.get("preamble", {}), "zsh": ZSH_LISTS}
    return completer


def _with_completers(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser, with the ids of playbooks and reflections completed by calling coach back."""
    import shtab

    completers = {
        "playbook_id": _lazy("playbooks"),
        "playbook": _lazy("playbooks"),
        "record_id": _lazy("reflections"),
        "file": shtab.FILE, "output": shtab.FILE, "html": shtab.FILE, "paths": shtab.FILE,
    }
    stack = [parser]
    while stack:
        current = stack.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
            elif action.dest in completers:
                action.complete = completers[action.dest]  # type: ignore[attr-defined]
    return parser


def completion(app: App, args: argparse.Namespace) -> int:
    """Print a completion script, or (for the script itself) the ids it completes."""
    if args.list == "playbooks":
        folders = [_builtin_folder(), (app.home or _data_home()) / "playbooks"]
        for playbook_id in playbook_ids(folders):
            app.print(playbook_id)
        return 0
    if args.list == "reflections":
        for short_id in _reflection_ids(app):
            app.print(short_id)
        return 0
    if args.shell is None:
        raise UsageError("Name your shell: `coach completion bash`, `coach completion zsh` or "
                         "`coach completion fish` (the README says where to put it).")
    import shtab

    from coach.commands.parser import build_parser

    app.write(shtab.complete(_with_completers(build_parser()), shell=args.shell))
    return 0


def _data_home() -> Path:
    from coach.store.paths import data_home

    return data_home()
