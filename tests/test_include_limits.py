"""Includes are bounded: nesting past 20 playbooks, or expanding past 1,000 steps, is a problem.

A playbook file is untrusted input; a chain of a thousand includes once raised RecursionError and
broke every command that loads playbooks. Now it is reported like any other playbook problem,
at the include step that goes too deep, and the other playbooks keep working.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import run_coach

from coach.conversation.engine import Conversation
from coach.errors import PlaybookError
from coach.playbook.library import FILE, load_library, read_file
from coach.playbook.model import MAX_EXPANDED_STEPS, MAX_INCLUDE_DEPTH
from coach.playbook.safetyrules import load_rules


def write_chain(folder: Path, length: int) -> None:
    """Playbooks c0 includes c1 includes ... c{length-1}; each asks one question first."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(length):
        last = number == length - 1
        more = "" if last else f"  - include: c{number + 1}\n"
        (folder / f"c{number}.yaml").write_text(
            f"id: c{number}\ntitle: Chain {number}\nsteps:\n"
            f"  - id: q\n    ask: Question {number}?\n{more}", encoding="utf-8")


def test_a_thousand_deep_include_chain_is_reported_not_a_crash(home: Path) -> None:
    write_chain(home / "playbooks", 1000)
    result = run_coach(home, "playbooks", "validate", timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "RecursionError" not in result.stderr + result.stdout
    head = str(home / "playbooks" / "c0.yaml")
    assert (f"{head}:6:5: step 'c1': includes nest 999 playbooks deep (c0 -> c1 -> c2 -> ... -> "
            f"c998 -> c999), more than the {MAX_INCLUDE_DEPTH} allowed") in result.stdout
    # The built-ins, and the tail of the chain that is short enough, still work.
    listed = run_coach(home, "playbooks", "list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "debrief" in listed.stdout and "c979" in listed.stdout and "c978" not in listed.stdout


def test_thirty_deep_is_reported_with_its_position_and_twenty_is_fine(tmp_path: Path) -> None:
    write_chain(tmp_path / "playbooks", 31)  # c0 nests 30 deep, c10 exactly 20
    library = load_library(tmp_path / "playbooks")
    too_deep = [f"c{number}" for number in range(10)]
    assert sorted(Path(path).stem for path in library.problems) == sorted(too_deep)
    (problem,) = library.problems[str(tmp_path / "playbooks" / "c0.yaml")]
    assert (problem.line, problem.column) == (6, 5)
    assert "includes nest 30 playbooks deep" in problem.message
    assert {f"c{number}" for number in range(10, 31)} <= set(library.playbooks)
    conversation = Conversation(library.playbooks["c10"], library.playbooks, {}, date(2026, 11, 20))
    assert conversation.current is not None and conversation.current.total == 21


def test_includes_that_double_at_every_level_are_reported_quickly(tmp_path: Path) -> None:
    # d0 includes d1 twice, d1 includes d2 twice...: 2 ** 14 copies of d14's question.
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for number in range(15):
        steps = "  - id: q\n    ask: Last?\n" if number == 14 else (
            f"  - id: a\n    include: d{number + 1}\n  - id: b\n    include: d{number + 1}\n")
        (folder / f"d{number}.yaml").write_text(
            f"id: d{number}\ntitle: D{number}\nsteps:\n{steps}", encoding="utf-8")
    library = load_library(folder)
    broken = {Path(path).stem: problems for path, problems in library.problems.items()}
    # d5 expands to 2 ** 9 = 512 steps, d4 to 1,024: past the limit.
    assert sorted(broken) == sorted(f"d{number}" for number in range(5))
    assert broken["d0"][0].message == (
        f"with its includes, the playbook runs to more than {MAX_EXPANDED_STEPS} steps")
    assert "d5" in library.playbooks


def test_the_engine_never_recurses_past_the_cap_even_unchecked(tmp_path: Path) -> None:
    write_chain(tmp_path / "playbooks", 1000)
    unchecked = {}
    for number in range(1000):
        playbook, problems = read_file(tmp_path / "playbooks" / f"c{number}.yaml", FILE)
        assert playbook is not None and not problems
        unchecked[playbook.id] = playbook
    conversation = Conversation(unchecked["c0"], unchecked, {}, date(2026, 11, 20))
    asked = []
    while conversation.current is not None:
        asked.append(conversation.current.path)
        conversation = conversation.answer("fine")
    # c0 to c20 run; the include past the cap is left out rather than followed.
    assert len(asked) == MAX_INCLUDE_DEPTH + 1
    assert asked[-1] == ".".join([*(f"c{number}" for number in range(1, 21)), "q"])


@pytest.mark.parametrize("length", [2, 3])
def test_include_cycles_are_still_said_from_each_side(tmp_path: Path, length: int) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for number in range(length):
        (folder / f"r{number}.yaml").write_text(
            f"id: r{number}\ntitle: R\nsteps:\n  - id: q\n    ask: Q?\n"
            f"  - include: r{(number + 1) % length}\n", encoding="utf-8")
    library = load_library(folder)
    ring = [f"r{n}" for n in range(length)]
    for number in range(length):
        order = ring[number:] + ring[:number] + [ring[number]]
        messages = [p.message for p in library.problems[str(folder / f"r{number}.yaml")]]
        assert f"step 'r{(number + 1) % length}': include cycle {' -> '.join(order)}" in messages


@pytest.mark.parametrize("text", ["[" * 100_000, "a:\n" + "".join(
    "  " * depth + "- x:\n" for depth in range(1, 300)), "- " * 50_000 + "x"],
    ids=["flow", "block mappings", "block lists"])
def test_deeply_nested_yaml_is_a_positioned_problem_in_every_reader(
    tmp_path: Path, text: str
) -> None:
    # Playbooks, their test files and rules files share one YAML reader, which refuses deep
    # nesting while scanning events, before anything is built by recursion.
    playbook = tmp_path / "deep.yaml"
    playbook.write_text(text, encoding="utf-8")
    _, problems = read_file(playbook, FILE)
    with pytest.raises(PlaybookError) as refused:
        load_rules(playbook)
    for problem in (problems[0], refused.value.diagnostics[0]):
        assert problem.line >= 1 and problem.column >= 1
        assert "nesting" in problem.message
