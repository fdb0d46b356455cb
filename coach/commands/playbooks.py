"""Commands about playbooks: list, show and validate (test and the authoring tools are beside)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands.app import App
from coach.errors import CoachError
from coach.messages import plural
from coach.playbook.library import load_library
from coach.playbook.model import Playbook, Step
from coach.playbook.replies import praise_without_guard
from coach.playbook.steps import kind_of


def _source(playbook: Playbook) -> str:
    source = (
        playbook.origin if playbook.origin == "built-in" else f"{playbook.origin}: {playbook.path}"
    )
    return source + (" (overrides the built-in)" if playbook.overrides else "")


def list_playbooks(app: App, args: argparse.Namespace) -> int:
    library = app.library
    rows = [
        (p.id, p.title, str(len(p.steps)), "yes" if p.quick is not None else "no", _source(p))
        for p in sorted(library.playbooks.values(), key=lambda p: p.id)
    ]
    header = ("ID", "TITLE", "STEPS", "QUICK", "SOURCE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        app.print("  ".join([*cells, row[4]]))
    broken = [path for path, problems in library.problems.items() if problems]
    if broken:
        app.print(
            f"\n{len(broken)} playbook file(s) skipped; run `coach playbooks validate` to see why."
        )
    return 0


def _step_outline(number: int, step: Step, positions: dict[str, int]) -> list[str]:
    kind = kind_of(step).outline(step)
    if not step.required and step.asks:
        kind += ", optional"
    head = f"{number:>3}. {step.id} ({kind})"
    if step.include is not None:
        head = f"{number:>3}. {step.id} -> runs the playbook '{step.include}'"
    lines = [head]
    if step.when is not None:
        lines.append(f"       only when: {step.when.source}")
    if step.ask is not None:
        text = " ".join(step.ask.source.split())
        lines.append(f"       {kind_of(step).text_key}s: {text[:160]}")
    for choice in step.choices:
        lines.append(f"         - {choice.key}: {choice.label}")
    for response in step.responses:
        if response.fallback:
            trigger = "otherwise"
        elif response.keywords:
            trigger = "if the answer mentions " + ", ".join(repr(k) for k in response.keywords)
        else:
            trigger = "always"
        if response.when is not None:
            trigger = f"when {response.when.source}" + (
                "" if trigger == "always" else f", {trigger}"
            )
        variants = f" ({len(response.say)} variants)" if len(response.say) > 1 else ""
        first = " ".join(response.say[0].source.split())
        lines.append(f"       replies {trigger}{variants}: {first[:120]}")
    for jump in step.next:
        condition = f"if {jump.when.source}" if jump.when is not None else "always"
        # Only a jump back is limited; saying so on a forward jump would suggest a loop.
        if positions.get(jump.goto, number + 1) <= number:
            target = f"go back to {jump.goto} (at most {jump.limit}x)"
        else:
            target = f"go to {jump.goto}"
        lines.append(f"       then {condition}: {target}")
    return lines


def show_playbook(app: App, args: argparse.Namespace) -> int:
    playbook = app.quiet_library.get(args.playbook_id)
    app.print(f"{playbook.id}: {playbook.title}")
    app.print(f"  {playbook.summary}" if playbook.summary else "")
    app.print(f"  source: {_source(playbook)}")
    if playbook.tags:
        app.print("  tags: " + ", ".join(playbook.tags))
    for name, default in playbook.inputs:
        app.print(f"  input: {name} (default {default!r}), taken from the flow that includes it")
    app.print("\nSteps:")
    positions = {step.id: number for number, step in enumerate(playbook.steps, 1)}
    for number, step in enumerate(playbook.steps, 1):
        for line in _step_outline(number, step, positions):
            app.print(line)
    if playbook.values:
        app.print("\nValues it sets:")
        for value in playbook.values:
            app.print(f"  {value.name} = {value.expression.source}")
    if playbook.quick is not None:
        app.print("\nQuick variant: " + ", ".join(playbook.quick))
    return 0


def yaml_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            files.append(path)
        else:
            raise CoachError(f"No such file or folder: {name}")
    # The same file named twice (or as itself and inside a folder) is read once.
    return list({path.resolve(): path for path in reversed(files)}.values())[::-1]


def validate_playbooks(app: App, args: argparse.Namespace) -> int:
    files = yaml_files(args.paths)
    # Always the full checks, never the cache: this is the command that vouches for the files.
    library = load_library(app.store.home / "playbooks", files)
    wanted = {str(path) for path in files}
    problems = {
        path: found
        for path, found in library.problems.items()
        if found and (not files or path in wanted)
    }
    for found in problems.values():
        for diagnostic in sorted(found, key=lambda d: (d.line, d.column)):
            app.print(str(diagnostic))
    checked = len(wanted) if files else len(library.playbooks) + len(problems)
    if problems:
        count = sum(len(found) for found in problems.values())
        app.print(
            f"{plural(count, 'problem')} in {len(problems)} of {plural(checked, 'playbook file')}."
        )
        return 1
    # Advice, not errors: the file still loads and runs.
    for playbook in library.playbooks.values():
        if playbook.origin != "built-in" and (not files or str(playbook.path) in wanted):
            for warning in praise_without_guard(playbook):
                app.print(str(warning))
    app.print("The playbook file is valid." if checked == 1 else f"All {checked:,} playbook files are valid.")
    return 0
