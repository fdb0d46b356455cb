"""Commands about playbooks: list."""

from __future__ import annotations

import argparse

from coach.commands.app import App
from coach.display import safe


def list_playbooks(app: App, args: argparse.Namespace) -> int:
    library = app.library
    rows = []
    for playbook in sorted(library.playbooks.values(), key=lambda p: p.id):
        source = playbook.origin if playbook.origin != "user" else f"user: {playbook.path}"
        if playbook.overrides:
            source += " (overrides the built-in)"
        quick = "yes" if playbook.quick is not None else "no"
        rows.append((playbook.id, playbook.title, str(len(playbook.steps)), quick, source))
    header = ("ID", "TITLE", "STEPS", "QUICK", "SOURCE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        app.print(safe("  ".join([*cells, row[4]])))
    broken = [path for path, problems in library.problems.items() if problems]
    if broken:
        app.print(
            f"\n{len(broken)} playbook file(s) skipped; run `coach playbooks validate` to see why."
        )
    return 0
