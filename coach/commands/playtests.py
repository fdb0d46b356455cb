"""The `coach playbooks test` command: scripted cases, a transcript under each failure, coverage.

Test files and playbook files may both be named. A playbook file that is not installed yet is
loaded for the run, with the tests kept beside it (`FOLDER/tests/ID.yaml`, the same layout as
the playbooks folder), so an author tests a new playbook before putting it in place.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands.app import App
from coach.commands.playbooks import yaml_files
from coach.conversation.engine import Visit
from coach.errors import CoachError, PlaybookError
from coach.messages import plural
from coach.playbook.library import Library, builtin_folder, load_library
from coach.playbook.model import Playbook
from coach.playbook.yamlsource import MAX_BYTES, parse_document
from coach.playtesting.coverage import coverage, summary
from coach.playtesting.playtest import Case, check_cases, read_cases, run_case


def _is_playbook(path: Path) -> bool:
    """Whether a YAML file is a playbook (it has steps) rather than a test file."""
    try:
        with path.open("rb") as file:
            text = file.read(MAX_BYTES + 1).decode("utf-8")
        root, _ = parse_document(text, str(path))
    except (OSError, UnicodeDecodeError, PlaybookError):
        return False  # reading it as a test file reports what is wrong with it
    return root.kind == "mapping" and "steps" in root.entries and "cases" not in root.entries


def _files(app: App, paths: list[str]) -> tuple[list[Path], list[Path]]:
    """The test files to run and the playbook files to load for them."""
    if not paths:
        folders = [builtin_folder() / "tests", app.store.home / "playbooks" / "tests"]
        return [p for folder in folders if folder.is_dir() for p in yaml_files([str(folder)])], []
    tests: list[Path] = []
    playbooks: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir() and (path / "tests").is_dir():
            tests += yaml_files([str(path / "tests")])
        for found in yaml_files([name]):
            if not _is_playbook(found):
                tests.append(found)
                continue
            playbooks.append(found)
            beside = found.parent / "tests" / found.name
            if beside.is_file() and not path.is_dir():
                tests.append(beside)
    return list(dict.fromkeys(tests)), list(dict.fromkeys(playbooks))


def _sibling(path: Path, playbook_id: str) -> Path | None:
    """The playbook file a test file in a `tests` folder sits beside, if there is one."""
    if path.parent.name != "tests":
        return None
    for suffix in (".yaml", ".yml"):
        candidate = path.parent.parent / f"{playbook_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _included(playbook_ids: list[str], library: dict[str, Playbook]) -> list[str]:
    """The playbooks named and every playbook they include, directly or through others."""
    found: list[str] = []
    waiting = list(playbook_ids)
    while waiting:
        name = waiting.pop(0)
        if name in found or name not in library:
            continue
        found.append(name)
        waiting += [step.include for step in library[name].steps if step.include]
    return found


def _print_coverage(app: App, library: Library, visits: set[Visit], tested: list[str]) -> None:
    app.print("\nCoverage:")
    for playbook_id in tested:
        playbook = library.playbooks[playbook_id]
        if not any(visit.playbook == playbook_id for visit in visits):
            app.print(f"{playbook.path}: no test reaches this playbook")
            continue
        report = coverage(playbook, visits)
        ending = ": everything is reached" if report.complete else ""
        app.print(summary(report) + ending)
        for gap in report.gaps:
            app.print(f"  {playbook.path}:{gap.line}: {gap.text}")


def test_playbooks(app: App, args: argparse.Namespace) -> int:
    test_files, playbook_files = _files(app, args.paths)
    read: list[tuple[Path, list[Case]]] = []
    failed = 0
    known = app.quiet_library
    for path in test_files:
        try:
            cases = read_cases(path)
        except PlaybookError as error:
            for diagnostic in error.diagnostics:
                app.print(str(diagnostic))
            failed += 1
            continue
        read.append((path, cases))
        # A test of a playbook Coach does not know yet runs with the playbook file beside it.
        unknown = bool(cases) and cases[0].playbook not in known.playbooks
        sibling = _sibling(path, cases[0].playbook) if unknown else None
        if sibling is not None and sibling not in playbook_files:
            playbook_files.append(sibling)
    if not read and not failed and playbook_files:
        first = playbook_files[0]
        raise CoachError(
            f"No tests found for {first}: put them in {first.parent / 'tests' / first.name} "
            "(`coach playbooks new` shows the format)."
        )
    if not read and not failed:
        raise CoachError(
            "No playbook test files found. Put them in the playbooks/tests/ folder "
            "of your data folder, or name them on the command line."
        )
    library = load_library(app.store.home / "playbooks", playbook_files) if playbook_files else known
    named = {str(path) for path in playbook_files}
    for shown, problems in library.problems.items():
        if shown in named and problems:
            for diagnostic in problems:
                app.print(str(diagnostic))
            failed += 1
    broken = [Path(shown).stem for shown, problems in library.problems.items() if problems]
    passed = 0
    visits: set[Visit] = set()
    tested: list[str] = []
    for _path, cases in read:
        problems = check_cases(cases, library.playbooks, broken)
        if problems:
            for diagnostic in problems:
                app.print(str(diagnostic))
            failed += 1
            continue
        for case in cases:
            tested.append(case.playbook)
            result = run_case(case, library.playbooks)
            visits |= result.visits
            if result.passed:
                passed += 1
                continue
            failed += 1
            app.print(f"FAIL {case.path}:{case.line}: {case.playbook}: {case.name}")
            for failure in result.failures:
                app.print("  " + failure)
            app.print("  the conversation:")
            for line in result.transcript:
                app.print("  " + line)
    app.print(f"{plural(passed, 'case')} passed, {failed} failed.")
    if args.coverage:
        wanted = sorted(library.playbooks) if not args.paths else _included(
            list(dict.fromkeys(tested)), library.playbooks
        )
        _print_coverage(app, library, visits, wanted)
    return 1 if failed else 0
