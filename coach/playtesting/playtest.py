"""Scripted conversation tests for playbooks: typed answers in, expected path and replies out.

A test file names a playbook and lists cases. Each case gives the answers exactly as a rep would
type them (so `y`, `3`, `tomorrow` and option labels all work) and what must come out: the steps
asked in order, lines the coach says, values set, and whether the conversation finished.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from coach.conversation.answers import InvalidAnswer, parse_answer
from coach.conversation.engine import Conversation, Visit
from coach.errors import Diagnostic, PlaybookError
from coach.playbook.checks import names_of
from coach.playbook.jsonschema import CASE_KEYS, EXPECT_KEYS, FILE_KEYS
from coach.playbook.model import Playbook
from coach.playbook.reader import NodeReader, did_you_mean, value_of
from coach.playbook.yamlsource import Node, parse_document
from coach.review.stats import KNOWN_STATS, compute_stats


@dataclass(frozen=True)
class Case:
    """One scripted conversation and what it must produce."""

    name: str
    playbook: str
    answers: tuple[str, ...]
    quick: bool = False
    stats: Mapping[str, Any] = field(default_factory=dict)
    today: date | None = None
    steps: tuple[str, ...] | None = None
    says: tuple[str, ...] = ()
    not_says: tuple[str, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    finished: bool | None = None
    path: str = ""
    line: int = 0
    playbook_at: tuple[int, int] = (1, 1)
    value_at: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Where each name of `values` is written, to point at a name that does not exist."""


@dataclass(frozen=True)
class Result:
    """The outcome of one case: the failures (empty when it passed), the path it took, what the
    walk went through (for coverage) and the conversation as it went (shown under a failure)."""

    case: Case
    failures: tuple[str, ...]
    steps: tuple[str, ...]
    visits: frozenset[Visit] = frozenset()
    transcript: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


def _plain(node: Node) -> Any:
    """A node as plain data; scalars keep the text as typed, so `no` stays the word no."""
    if node.kind == "mapping":
        return {key: _plain(value) for key, (_, value) in node.entries.items()}
    if node.kind == "sequence":
        return [_plain(item) for item in node.items]
    if isinstance(node.value, date):
        # A date step stores its answer as ISO text, so a bare date in `values` must compare
        # equal to it rather than fail as a date object.
        return node.value.isoformat()
    return node.value


def _typed(node: Node) -> str:
    return node.text if node.kind == "scalar" and node.tag != "null" else ""


def _stats(reader: NodeReader, node: Node | None, where: str) -> dict[str, Any]:
    if node is None or not reader.keys(node, tuple(KNOWN_STATS), where + "stats: "):
        return {}
    return {key: _plain(value) for key, (_, value) in node.entries.items() if key in KNOWN_STATS}


def _finished(reader: NodeReader, node: Node | None, where: str) -> bool | None:
    return None if node is None else reader.boolean(node, where + "finished: ", False)


def _texts(reader: NodeReader, node: Node | None, where: str) -> tuple[str, ...]:
    """A list of what a rep types: every scalar as typed, so `3` and `no` stay text."""
    if node is None:
        return ()
    if node.kind != "sequence":
        reader.problem(node, f"{where}expected a list")
        return ()
    return tuple(_typed(item) for item in node.items)


def read_cases(path: Path, shown: str | None = None) -> list[Case]:
    """Read a test file; raises PlaybookError listing every problem with its position."""
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlaybookError(
            [Diagnostic(shown, 1, 1, f"cannot read the test file: {error}")]
        ) from None
    root, problems = parse_document(text, shown)
    reader = NodeReader(shown)
    reader.problems += problems
    if not reader.keys(root, FILE_KEYS, ""):
        raise PlaybookError(reader.problems)
    playbook_node, cases_node = value_of(root, "playbook"), value_of(root, "cases")
    if playbook_node is None or cases_node is None or cases_node.kind != "sequence":
        reader.problem(root, "a test file needs 'playbook: ID' and a list of 'cases'")
        raise PlaybookError(reader.problems)
    today_node = value_of(root, "today")
    today = None
    if today_node is not None:
        try:
            today = date.fromisoformat(_typed(today_node))
        except ValueError:
            reader.problem(today_node, "today: expected a date like 2026-11-20")
    shared_stats = _stats(reader, value_of(root, "stats"), "")
    cases = []
    for number, node in enumerate(cases_node.items, 1):
        where = f"case {number}: "
        if not reader.keys(node, CASE_KEYS, where):
            continue
        expect = value_of(node, "expect")
        expected: dict[str, Node] = {}
        if expect is not None and reader.keys(expect, EXPECT_KEYS, where + "expect: "):
            expected = {key: value for key, (_, value) in expect.entries.items()}
        answers = value_of(node, "answers")
        if answers is None:
            reader.problem(node, f"{where}no 'answers' given", "list what the rep types, in order")
            continue
        name_node, quick_node = value_of(node, "name"), value_of(node, "quick")
        values_node, finished_node = expected.get("values"), expected.get("finished")
        if values_node is not None and values_node.kind != "mapping":
            reader.problem(values_node, f"{where}values: expected a mapping of name: value")
        cases.append(
            Case(
                name=_typed(name_node) if name_node is not None else f"case {number}",
                playbook=_typed(playbook_node),
                answers=_texts(reader, answers, where + "answers: "),
                quick=reader.boolean(quick_node, where + "quick: ", False),
                stats={**shared_stats, **_stats(reader, value_of(node, "stats"), where)},
                today=today,
                steps=_texts(reader, expected["steps"], where) if "steps" in expected else None,
                says=_texts(reader, expected.get("says"), where + "says: "),
                not_says=_texts(reader, expected.get("not_says"), where + "not_says: "),
                values=_plain(values_node)
                if values_node is not None and values_node.kind == "mapping"
                else {},
                finished=_finished(reader, finished_node, where),
                path=shown,
                line=node.line,
                playbook_at=(playbook_node.line, playbook_node.column),
                value_at={
                    key: (key_node.line, key_node.column)
                    for key, (key_node, _) in values_node.entries.items()
                }
                if values_node is not None and values_node.kind == "mapping"
                else {},
            )
        )
    if reader.problems:
        raise PlaybookError(reader.problems)
    return cases


def check_cases(
    cases: list[Case], library: Mapping[str, Playbook], broken: Collection[str] = ()
) -> list[Diagnostic]:
    """Problems of a test file that need the playbooks: a playbook or a value that does not exist.

    The cases read fine on their own, but a misspelt name would only show up as a puzzling
    failure ("lesson is None"), so it is reported where it is written, with the likely fix.
    """
    problems: list[Diagnostic] = []
    for case in cases:
        playbook = library.get(case.playbook)
        if playbook is None:
            hint = (
                "it has problems: run `coach playbooks validate`"
                if case.playbook in broken
                else did_you_mean(case.playbook, sorted(library))
            )
            problems.append(
                Diagnostic(
                    case.path, *case.playbook_at, f"playbook: no playbook '{case.playbook}'", hint
                )
            )
            break  # every case names the same playbook: once is enough
        known = names_of(playbook)
        for name in case.values:
            if name not in known:
                problems.append(
                    Diagnostic(
                        case.path,
                        *case.value_at.get(name, (case.line, 1)),
                        f"values: '{playbook.id}' has no step, value or input '{name}'",
                        did_you_mean(name, known),
                    )
                )
    return list(dict.fromkeys(problems))


def _said(conversation: Conversation, transcript: list[str]) -> list[str]:
    lines = [say.text for say in conversation.pending]
    transcript += [f"  coach: {text}" for text in lines]
    return lines


def run_case(case: Case, library: Mapping[str, Playbook]) -> Result:
    """Play one case through the engine and compare what happened with what was expected."""
    if case.playbook not in library:
        return Result(case, (f"no playbook '{case.playbook}'",), ())
    today = case.today or date.today()
    now = datetime(today.year, today.month, today.day, 12, tzinfo=timezone.utc)
    stats = {**compute_stats([], [], now), **case.stats}
    conversation = Conversation(library[case.playbook], library, stats, today, case.quick)
    transcript: list[str] = []
    said = _said(conversation, transcript)
    # Every walk is recorded, not just the last: a /back takes answers away from the last one.
    visits = set(conversation.trail)
    failures: list[str] = []
    for typed in case.answers:
        ask = conversation.current
        if ask is None:
            failures.append(f"the conversation ended before the answer {typed!r}")
            break
        transcript.append(f"  coach ({ask.path}): {ask.text}")
        said.append(ask.text)  # a question is said too: `says` may quote it
        transcript.append(f"  rep: {typed if typed.strip() else '(Enter)'}")
        if typed.strip().lower() == "/back":
            conversation = conversation.back()
            continue
        try:
            if typed.strip().lower() != "/skip":
                value = parse_answer(ask.step, typed, today)
            elif ask.step.required:
                # The conversation refuses /skip on a required question, so a test must too.
                raise InvalidAnswer("this question needs an answer; it cannot be skipped")
            else:
                value = ask.step.default
        except InvalidAnswer as problem:
            failures.append(f"at step '{ask.path}' the answer {typed!r} was refused: {problem}")
            break
        conversation = conversation.answer(value)
        visits.update(conversation.trail)
        said += _said(conversation, transcript)
    if conversation.current is not None:
        waiting = conversation.current
        transcript.append(f"  coach ({waiting.path}): {waiting.text}  (no answer left)")
    steps = tuple(answer.path for answer in conversation.answers)
    if case.steps is not None and steps != case.steps:
        failures.append(
            "the steps differ:\n    expected: "
            + " -> ".join(case.steps)
            + "\n    actual:   "
            + " -> ".join(steps)
        )
    for line in case.says:
        if not any(line in text for text in said):
            failures.append(f"the coach never said {line!r}")
    for line in case.not_says:
        if any(line in text for text in said):
            failures.append(f"the coach said {line!r}, which it should not")
    for name, expected in case.values.items():
        actual = conversation.values.get(name)
        if actual != expected:
            failures.append(f"{name} is {actual!r}, expected {expected!r}")
    if case.finished is not None and conversation.finished != case.finished:
        state = "finished" if conversation.finished else f"stopped at '{conversation.current.path}'"  # type: ignore[union-attr]
        failures.append(f"the conversation {state}, expected finished: {case.finished}")
    return Result(case, tuple(failures), steps, frozenset(visits), tuple(transcript))
