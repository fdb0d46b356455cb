"""Tools for writing playbooks: the editor schema, the flow as a chart, and a starter playbook."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from coach.commands.app import App
from coach.errors import CoachError
from coach.playbook.graph import mermaid
from coach.playbook.jsonschema import playbook_schema, playbook_test_schema
from coach.playbook.schema import IDENTIFIER, RESERVED_NAMES
from coach.playbook.starter import starter_playbook, starter_tests
from coach.store.storage import make_private_folder


def print_schema(app: App, args: argparse.Namespace) -> int:
    schema = playbook_test_schema() if args.tests else playbook_schema()
    app.print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def print_graph(app: App, args: argparse.Namespace) -> int:
    library = app.quiet_library
    app.write(mermaid(library.get(args.playbook_id), library.playbooks))
    return 0


def _check_id(playbook_id: str, known: list[str]) -> None:
    if not IDENTIFIER.match(playbook_id):
        raise CoachError(
            f"'{playbook_id}' is not a valid playbook id: use lower-case letters, digits and '_', "
            "starting with a letter (at most 40 characters)."
        )
    if playbook_id in RESERVED_NAMES:
        raise CoachError(f"'{playbook_id}' is a reserved name: pick another id.")
    if playbook_id in known:
        raise CoachError(
            f"There is already a playbook '{playbook_id}' (see `coach playbooks list`): "
            "pick another id."
        )


def new_playbook(app: App, args: argparse.Namespace) -> int:
    library = app.quiet_library
    _check_id(args.playbook_id, sorted(library.playbooks))
    folder = Path(args.to) if args.to else app.store.home / "playbooks"
    if args.to and not folder.is_dir():
        raise CoachError(f"No such folder: {folder}. Create it first, or leave out --to.")
    playbook_file = folder / f"{args.playbook_id}.yaml"
    test_file = folder / "tests" / f"{args.playbook_id}.yaml"
    for path in (playbook_file, test_file):
        if path.exists():
            raise CoachError(f"{path} already exists; nothing was written. Pick another id.")
    if args.to:
        (folder / "tests").mkdir(exist_ok=True)
    else:
        make_private_folder(folder / "tests")
    try:
        # "x" refuses to overwrite even a file that appeared a moment ago.
        with playbook_file.open("x", encoding="utf-8") as file:
            file.write(starter_playbook(args.playbook_id, playbook_file.name))
        with test_file.open("x", encoding="utf-8") as file:
            file.write(starter_tests(args.playbook_id))
    except OSError as error:
        raise CoachError(f"Cannot write the starter playbook: {error.strerror}.") from None
    app.print(f"Wrote {playbook_file}")
    app.print(f"  and its tests, {test_file}")
    where = f" {playbook_file}" if args.to else ""
    app.print(f"Next: edit it, then `coach playbooks validate{where}` and "
              f"`coach playbooks test{where}`.")
    return 0

