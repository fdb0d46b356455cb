"""Turning one parsed playbook file into a Playbook, collecting every shape problem on the way.

This module checks what can be checked inside one file: known keys, value types, step ids,
choice lists, ranges, and that each template and condition compiles. Checks that need the other
playbooks (includes, names read across playbooks, reachability) live in `coach.playbook.checks`.

The playbook's own keys (`set`, `inputs`, `quick`, duplicate ids, jump limits) are read here;
one step in `coach.playbook.stepschema`, the lists inside a step in `coach.playbook.stepparts`,
and ids and compiled text in `coach.playbook.filereader`. The names other modules use from all
of them stay importable from here.
"""

from __future__ import annotations

from typing import Any

from coach.errors import Diagnostic
from coach.playbook.filereader import IDENTIFIER, RESERVED_NAMES, FileReader
from coach.playbook.model import END, Playbook, Step, Value
from coach.playbook.reader import did_you_mean
from coach.playbook.reader import value_of as _get
from coach.playbook.stepparts import (
    DEFAULT_JUMP_LIMIT,
    JUMP_KEYS,
    MAX_JUMP_LIMIT,
    MAX_PHRASES_PER_STEP,
    RESPONSE_KEYS,
    keyword_matcher,
)
from coach.playbook.stepschema import LABEL_KEYS, STEP_KEYS, read_step, step_keys
from coach.playbook.yamlsource import Node

__all__ = [
    "DEFAULT_JUMP_LIMIT",
    "IDENTIFIER",
    "JUMP_KEYS",
    "LABEL_KEYS",
    "MAX_JUMP_LIMIT",
    "MAX_PHRASES_PER_STEP",
    "MAX_STEPS",
    "PLAYBOOK_KEYS",
    "RESERVED_NAMES",
    "RESPONSE_KEYS",
    "STEP_KEYS",
    "keyword_matcher",
    "read_playbook",
    "step_keys",
]

PLAYBOOK_KEYS = ("id", "title", "summary", "tags", "steps", "quick", "set", "inputs")
MAX_STEPS = 200


def _check_limits(reader: FileReader, steps: list[Step]) -> None:
    """Report a `limit` on a jump forward: only a jump back can loop, so it would do nothing."""
    position = {step.id: index for index, step in enumerate(steps)}
    for index, step in enumerate(steps):
        for jump in step.next:
            target = position.get(jump.goto, len(steps) if jump.goto == END else None)
            if jump.limit_at is None or target is None or target <= index:
                continue
            reader.problems.append(
                Diagnostic(
                    reader.path,
                    *jump.limit_at,
                    f"step '{step.id}': next: limit only applies to a jump back, and "
                    + ("end" if jump.goto == END else f"'{jump.goto}'")
                    + " comes later",
                    "remove it: a jump forward cannot loop, so it is never limited",
                )
            )


def _set_values(reader: FileReader, node: Node | None) -> list[Value]:
    """A playbook's `set`: names computed from the answers, each by a checked expression."""
    values: list[Value] = []
    for text, name, value_node in _names(reader, node, "set"):
        expression = reader.condition(value_node, f"set '{text}': ")
        if expression is not None:
            values.append(Value(name, expression, value_node.line))
    return values


def _inputs(reader: FileReader, node: Node | None) -> list[tuple[str, Any]]:
    """A playbook's `inputs`: the names an including playbook may pass, each with its default."""
    inputs: list[tuple[str, Any]] = []
    for text, name, value_node in _names(reader, node, "inputs"):
        if value_node.kind != "scalar":
            reader.problem(value_node, f"inputs '{text}': a default must be a single value")
        else:
            inputs.append((name, value_node.value))
    return inputs


def _names(reader: FileReader, node: Node | None, key: str) -> list[tuple[str, str, Node]]:
    """The valid names of a `set` or `inputs` mapping: (key as typed, name, value node)."""
    if not reader.mapping(node, f"{key}: ") or node is None:
        return []
    named = []
    for text, (name_node, value_node) in node.entries.items():
        name = reader.identifier(name_node, f"{key}: ")
        if name is not None:
            named.append((text, name, value_node))
    return named


def read_playbook(root: Node, path: str, origin: str) -> tuple[Playbook | None, list[Diagnostic]]:
    """Build a Playbook from a parsed file, with every problem found.

    A playbook comes back even when there are problems (unless its id, title or steps are
    unusable), so the checks across playbooks can still report the rest; a caller must not
    run a playbook that came with problems.
    """
    reader = FileReader(path)
    if root.kind != "mapping":
        reader.problem(
            root, f"a playbook is a mapping with id, title and steps, not {root.describe()}"
        )
        return None, reader.problems
    reader.check_keys(root, PLAYBOOK_KEYS, "")
    for required in ("id", "title", "steps"):
        if required not in root.entries:
            reader.problem(root, f"missing required key '{required}'")
    playbook_id = reader.identifier(_get(root, "id"), "id: ")
    title = reader.text(_get(root, "title"), "title: ")
    summary = reader.text(_get(root, "summary"), "summary: ") or ""
    steps_node = _get(root, "steps")
    steps: list[Step] = []
    if steps_node is not None:
        if steps_node.kind != "sequence" or not steps_node.items:
            reader.problem(steps_node, "steps must be a non-empty list")
        elif len(steps_node.items) > MAX_STEPS:
            reader.problem(steps_node, f"a playbook has at most {MAX_STEPS} steps")
        else:
            steps = [s for i, n in enumerate(steps_node.items, 1) if (s := read_step(reader, n, i))]
    seen: dict[str, Step] = {}
    for step in steps:
        if step.id in seen:
            reader.problems.append(
                Diagnostic(
                    path,
                    step.line,
                    step.column,
                    f"duplicate step id '{step.id}'",
                    f"it is already used on line {seen[step.id].line}",
                )
            )
        seen.setdefault(step.id, step)
    quick_node = _get(root, "quick")
    quick = reader.text_list(quick_node, "quick: ") if quick_node is not None else None
    for name in quick or ():
        if name not in seen and quick_node is not None:
            reader.problem(
                quick_node, f"quick: unknown step '{name}'", did_you_mean(name, list(seen))
            )
    values = _set_values(reader, _get(root, "set"))
    inputs = _inputs(reader, _get(root, "inputs"))
    for key in ("set", "inputs"):
        names = _get(root, key)
        for text, (name_node, _) in names.entries.items() if names is not None else ():
            if text in seen:
                reader.problem(name_node, f"{key}: '{text}' is both a step id and a {key} name",
                               "rename one")
    _check_limits(reader, steps)
    tags = reader.text_list(_get(root, "tags"), "tags: ")
    # A broken title is already reported; the id and steps are all the other checks need, so
    # they still run and the author sees every problem in one go.
    if playbook_id is None or not steps:
        return None, reader.problems
    playbook = Playbook(
        id=playbook_id,
        title=title or playbook_id,
        summary=summary,
        steps=tuple(steps),
        tags=tags,
        quick=quick,
        values=tuple(values),
        inputs=tuple(inputs),
        path=path,
        origin=origin,
    )
    return playbook, reader.problems
