"""Turning one parsed playbook file into a Playbook, collecting every shape problem on the way.

This module checks what can be checked inside one file: known keys, value types, step ids,
choice lists, ranges, and that each template and condition compiles. Checks that need the other
playbooks (includes, names read across playbooks, reachability) live in `coach.playbook.checks`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from coach.errors import Diagnostic, TemplateProblem
from coach.language.matching import WordMatcher, compile_phrase, phrase_problems
from coach.playbook.model import END, Choice, Jump, Playbook, Response, Step, Value
from coach.playbook.reader import NodeReader, did_you_mean
from coach.playbook.reader import value_of as _get
from coach.playbook.steps import playbook_types, step_type
from coach.playbook.yamlsource import Node
from coach.templating import Expression, Template, compile_expression, compile_template

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_NAMES = frozenset(
    [
        "stats",
        "match",
        "answer",
        "shown",
        "end",
        "today",
        "true",
        "false",
        "none",
        "and",
        "or",
        "not",
        "in",
        "is",
        "if",
        "else",
        "self",  # Jinja2 binds `self` to the template itself, so a step by that name is unreadable
    ]
)
PLAYBOOK_KEYS = ("id", "title", "summary", "tags", "steps", "quick", "set", "inputs")
STEP_KEYS = (
    "id",
    "type",
    "ask",
    "say",
    "help",
    "required",
    "default",
    "when",
    "next",
    "respond",
    "choices",
    "multiple",
    "other",
    "min",
    "max",
    "labels",
    "multiline",
    "include",
)
_COMMON_STEP_KEYS = ("id", "type", "when", "next")
_QUESTION_KEYS = ("ask", "help", "required", "default", "respond")
_TYPE_KEYS = {name: step_type(name).keys for name in playbook_types()}
"""The keys each step type adds, as its module in `coach.playbook.steps` declares them."""
JUMP_KEYS = ("goto", "when", "limit")
LABEL_KEYS = ("min", "max")
RESPONSE_KEYS = ("say", "when", "keywords", "patterns", "fallback")
DEFAULT_JUMP_LIMIT = 2
"""How many times a jump back to the same or an earlier step may be taken, unless `limit` says."""
MAX_JUMP_LIMIT = 10
MAX_STEPS = 200
MAX_PHRASES_PER_STEP = 150
"""Keywords and patterns in one step's replies: all of them are heard on an everyday answer."""


def keyword_matcher(phrase: str) -> WordMatcher:
    """A matcher on word stems for a keyword or a `*` pattern (see `coach.language.matching`).

    >>> bool(keyword_matcher("rushed").search("I was rushing the intro"))
    True
    >>> keyword_matcher("should have *").search("I should have asked more, but").capture
    'asked more'
    """
    return compile_phrase(phrase)


def _check_phrases(reader: _FileReader, listed: Node, where: str) -> None:
    """Report each keyword or pattern that would be slow or could match nothing useful."""
    for node in [listed] if listed.kind == "scalar" else listed.items:
        if node.kind == "scalar":
            for problem, hint in phrase_problems(node.text):
                reader.problem(node, f"{where}'{node.text}' {problem}", hint)


class _FileReader(NodeReader):
    """Reads one playbook file's nodes: the shared reader, plus ids and compiled playbook text."""

    def identifier(self, node: Node | None, where: str) -> str | None:
        value = self.text(node, where)
        if value is None or node is None:
            return None
        if not IDENTIFIER.match(value):
            self.problem(
                node,
                f"{where}'{value}' is not a valid id",
                "use lower-case letters, digits and '_', starting with a letter",
            )
            return None
        if value in RESERVED_NAMES:
            self.problem(node, f"{where}'{value}' is a reserved name", "pick another id")
            return None
        return value

    def choice_key(self, node: Node, where: str) -> str | None:
        value = self.text(node, where + "choice key: ")
        if value is not None and not IDENTIFIER.match(value):
            self.problem(
                node,
                f"{where}choice key '{value}' is not a valid key",
                "use lower-case letters, digits and '_', starting with a letter",
            )
            return None
        return value

    def compiled(self, node: Node | None, where: str, compile: Callable[[str], Any]) -> Any:
        source = self.text(node, where)
        if source is None or node is None:
            return None
        try:
            compiled = compile(source)
        except TemplateProblem as problem:
            offset = problem.line - 1 + (1 if node.block else 0)
            self.problem(node, f"{where}{problem.message}", problem.hint, offset)
            return None
        # Remember where the text starts, so later checks can point into it.
        start = node.line + (1 if node.block else 0)
        return dataclasses.replace(compiled, line=start, column=node.column)

    def template(self, node: Node | None, where: str) -> Template | None:
        return self.compiled(node, where, compile_template)  # type: ignore[no-any-return]

    def condition(self, node: Node | None, where: str) -> Expression | None:
        return self.compiled(node, where, compile_expression)  # type: ignore[no-any-return]


def _choices(reader: _FileReader, node: Node | None, where: str) -> tuple[Choice, ...]:
    if node is None:
        return ()
    choices: list[Choice] = []
    if node.kind == "mapping":
        for text, (key_node, label_node) in node.entries.items():
            key = reader.choice_key(key_node, where)
            label = reader.text(label_node, f"{where}choice '{text}': ")
            if key and label:
                choices.append(Choice(key, label, key_node.line))
    elif node.kind == "sequence":
        for item in node.items:
            label = reader.text(item, where + "choice: ")
            if label:
                key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or "option"
                choices.append(Choice(key if key[0].isalpha() else "c_" + key, label, item.line))
    else:
        reader.problem(node, f"{where}choices must be a mapping of key: label, or a list")
    if not choices and node.kind in ("mapping", "sequence"):
        reader.problem(node, f"{where}a choice step needs at least one choice")
    keys = [choice.key for choice in choices]
    for duplicate in sorted({key for key in keys if keys.count(key) > 1}):
        reader.problem(node, f"{where}the choice key '{duplicate}' appears twice")
    return tuple(choices)


def _jumps(reader: _FileReader, node: Node | None, where: str) -> tuple[Jump, ...]:
    if node is None:
        return ()
    if node.kind == "scalar":
        target = reader.identifier(node, where + "next: ") if node.text != END else END
        return (Jump(target, None, DEFAULT_JUMP_LIMIT, node.line, node.column),) if target else ()
    if node.kind != "sequence":
        reader.problem(node, f"{where}next must be a step id or a list of {{goto, when}} rules")
        return ()
    jumps = []
    for item in node.items:
        if not reader.mapping(item, where + "next: "):
            continue
        reader.check_keys(item, JUMP_KEYS, where + "next: ")
        goto_node = _get(item, "goto")
        if goto_node is None:
            reader.problem(item, f"{where}a next rule needs 'goto'", "name a step id, or end")
            continue
        target = END if goto_node.text == END else reader.identifier(goto_node, where + "goto: ")
        limit_node = _get(item, "limit")
        limit_value = reader.number(limit_node, where + "limit: ")
        limit = DEFAULT_JUMP_LIMIT if limit_value is None else int(limit_value)
        if not 1 <= limit <= MAX_JUMP_LIMIT:
            reader.problem(item, f"{where}limit must be between 1 and {MAX_JUMP_LIMIT}")
        when = reader.condition(_get(item, "when"), where + "when: ")
        if target:
            limit_at = (limit_node.line, limit_node.column) if limit_node is not None else None
            jumps.append(Jump(target, when, limit, goto_node.line, goto_node.column, limit_at))
    return tuple(jumps)


def step_keys(kind: str) -> tuple[str, ...]:
    """The keys a step of this type uses.

    >>> step_keys("say")
    ('id', 'type', 'when', 'next', 'say')
    """
    questions = _QUESTION_KEYS if step_type(kind).asks else ()
    return (*_COMMON_STEP_KEYS, *questions, *_TYPE_KEYS.get(kind, ()))


def _check_keys_apply(reader: _FileReader, node: Node, kind: str, where: str) -> None:
    """Report known keys that this step's type would silently ignore (choices on a text step)."""
    allowed = step_keys(kind)
    for text, (key, _) in node.entries.items():
        if text not in STEP_KEYS or text in allowed:
            continue
        if text == "say":
            hint = "a question's text goes in 'ask'"
        elif text == "ask":
            hint = "the text of a say step goes in 'say'"
        elif text in _QUESTION_KEYS:
            hint = "only questions use it"
        else:
            users = [name for name, keys in _TYPE_KEYS.items() if text in keys]
            hint = f"only {' and '.join(users)} steps use it"
        article = "an" if kind[0] in "aeiou" else "a"
        reader.problem(key, f"{where}'{text}' does not apply to {article} {kind} step", hint)


def _default(
    reader: _FileReader,
    node: Node | None,
    kind: str,
    choices: tuple[Choice, ...],
    multiple: bool,
    limits: tuple[float | None, float | None],
    where: str,
) -> Any:
    """A step's default, checked against its type and kept the way a typed answer is stored.

    The default is stored as the answer when the rep just presses Enter, so it must be a value
    the step could have produced: text for text (so YAML's `no` is caught), a choice key, a
    number in range, a boolean for yes/no, an ISO date.
    """
    if node is None or kind in ("say", "breather", "include"):
        return None
    where += "default: "
    if node.kind != "scalar":
        reader.problem(node, f"{where}a default must be a single value")
        return None
    if kind == "yesno":
        if node.tag == "bool":
            return bool(node.value)
        reader.problem(node, f"{where}expected true or false, found {node.describe()}")
        return None
    if kind in ("scale", "number"):
        value = reader.number(node, where)
        low, high = limits
        if value is None:
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            reader.problem(node, f"{where}{value} is outside the step's range")
            return None
        if kind == "scale" and value != int(value):
            reader.problem(node, f"{where}a scale's default is a whole number")
            return None
        return value
    if kind == "date" and node.tag == "timestamp" and type(node.value) is date:
        return node.value.isoformat()  # a bare date is exactly what a date step wants
    text = reader.text(node, where)
    if text is None:
        return None
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            reader.problem(node, f"{where}'{text}' is not a date", "write it as YYYY-MM-DD")
            return None
    if kind == "choice":
        keys = [choice.key for choice in choices]
        if keys and text not in keys:
            reader.problem(node, f"{where}'{text}' is not a choice key", did_you_mean(text, keys))
            return None
        return [text] if multiple else text
    return text


def _responses(
    reader: _FileReader, node: Node | None, where: str, kind: str, words: bool
) -> tuple[Response, ...]:
    if node is None:
        return ()
    if node.kind != "sequence":
        reader.problem(node, f"{where}respond must be a list of responses")
        return ()
    responses = []
    for item in node.items:
        if not reader.mapping(item, where + "respond: "):
            continue
        reader.check_keys(item, RESPONSE_KEYS, where + "respond: ")
        say_node = _get(item, "say")
        if say_node is None:
            reader.problem(item, f"{where}a response needs 'say'", "the text the coach says back")
            continue
        variants = [say_node] if say_node.kind == "scalar" else say_node.items
        says = tuple(t for v in variants if (t := reader.template(v, where + "say: ")) is not None)
        keywords = reader.text_list(_get(item, "keywords"), where + "keywords: ")
        patterns = reader.text_list(_get(item, "patterns"), where + "patterns: ")
        fallback = reader.boolean(_get(item, "fallback"), where + "fallback: ", False)
        # Keywords that could never match would make a response silently dead, so say so.
        for key in ("keywords", "patterns"):
            listed = item.entries.get(key)
            if listed is None:
                continue
            if fallback:
                reader.problem(
                    listed[0],
                    f"{where}respond: a fallback takes no {key}",
                    "it answers whatever the other responses did not match",
                )
            elif not words:
                reader.problem(
                    listed[0],
                    f"{where}respond: {key} only match free-text answers",
                    f"for a {kind} step, use when: with the step id"
                    + (" (or give the choice other: true)" if kind == "choice" else ""),
                )
            else:
                _check_phrases(reader, listed[1], f"{where}respond: {key}: ")
        when = reader.condition(_get(item, "when"), where + "when: ")
        if says:
            matchers = tuple(keyword_matcher(p) for p in (*keywords, *patterns) if p.strip("* "))
            responses.append(
                Response(says, when, keywords + patterns, matchers, fallback, item.line)
            )
    listened = sum(len(response.matchers) for response in responses)
    if listened > MAX_PHRASES_PER_STEP:
        reader.problem(
            node,
            f"{where}respond has {listened} keywords and patterns",
            f"keep a step to {MAX_PHRASES_PER_STEP}: past that, some are never tried on a long "
            "answer",
        )
    return tuple(responses)


def _infer_type(node: Node) -> str:
    for key, kind in (("include", "include"), ("choices", "choice"), ("say", "say")):
        if key in node.entries and "type" not in node.entries:
            return kind
    type_node = _get(node, "type")
    return type_node.text if type_node is not None and type_node.kind == "scalar" else "text"


def _step(reader: _FileReader, node: Node, position: int) -> Step | None:
    if not reader.mapping(node, f"step {position}: "):
        return None
    step_id_node = _get(node, "id")
    include_node = _get(node, "include")
    if step_id_node is None and include_node is not None:
        step_id_node = include_node  # an include is named after its playbook unless given an id
    step_id = reader.identifier(step_id_node, f"step {position}: id: ")
    if step_id_node is None:
        reader.problem(node, f"step {position} has no id", "add id: some_name")
    where = f"step '{step_id or position}': "
    reader.check_keys(node, STEP_KEYS, where)
    kind = _infer_type(node)
    if kind not in _TYPE_KEYS:
        reader.problem(
            _get(node, "type") or node,
            f"{where}unknown type '{kind}'",
            did_you_mean(kind, tuple(_TYPE_KEYS)),
        )
        kind = "text"  # keep checking the rest of the step as if it were a question
    else:
        _check_keys_apply(reader, node, kind, where)
    rules = step_type(kind)
    text_key = rules.text_key
    ask_node = _get(node, text_key) if text_key else None
    if text_key and ask_node is None:
        reader.problem(node, f"{where}a {kind} step needs '{text_key}'")
    if rules.needs and rules.needs not in node.entries:
        article = "an" if kind[0] in "aeiou" else "a"
        example = "include: playbook_id" if rules.includes else rules.needs
        reader.problem(node, f"{where}{article} {kind} step needs '{example}'")
    labels = _get(node, "labels")
    min_label = max_label = ""
    if reader.mapping(labels, where + "labels: ") and labels is not None:
        reader.check_keys(labels, LABEL_KEYS, where + "labels: ")
        min_label = reader.text(_get(labels, "min"), where + "labels: ") or ""
        max_label = reader.text(_get(labels, "max"), where + "labels: ") or ""
    minimum = reader.number(_get(node, "min"), where + "min: ")
    maximum = reader.number(_get(node, "max"), where + "max: ")
    if rules.default_range is not None:
        minimum = rules.default_range[0] if minimum is None else minimum
        maximum = rules.default_range[1] if maximum is None else maximum
    span = rules.whole_span
    if span is not None and minimum is not None and maximum is not None:
        whole = minimum == int(minimum) and maximum == int(maximum)
        if maximum - minimum > span or not whole:
            reader.problem(
                node,
                f"{where}a {kind} runs over at most {span + 1} whole numbers",
                "use a number step for wider ranges",
            )
    if minimum is not None and maximum is not None and minimum >= maximum:
        reader.problem(node, f"{where}min must be below max")
    choices = _choices(reader, _get(node, "choices"), where)
    include = reader.identifier(include_node, where + "include: ") if rules.includes else None
    multiple = reader.boolean(_get(node, "multiple"), where + "multiple: ", False)
    other = reader.boolean(_get(node, "other"), where + "other: ", False)
    limits = (minimum, maximum)
    default = _default(reader, _get(node, "default"), kind, choices, multiple, limits, where)
    # A say step may list several lines; the coach says them in turn across conversations.
    variants: tuple[Template, ...] = ()
    if rules.says and ask_node is not None and ask_node.kind == "sequence":
        compiled = [reader.template(item, where + f"{text_key}: ") for item in ask_node.items]
        variants = tuple(template for template in compiled if template is not None)
        if not variants:
            reader.problem(ask_node, f"{where}{text_key}: the list of lines is empty")
    return Step(
        id=step_id or f"step_{position}",
        type=kind,
        ask=(variants[0] if variants else reader.template(ask_node, where + f"{text_key}: ")
             if text_key and (ask_node is None or ask_node.kind != "sequence") else None),
        variants=variants[1:],
        help=reader.text(_get(node, "help"), where + "help: ") or "",
        required=reader.boolean(_get(node, "required"), where + "required: ", not rules.says),
        default=default,
        when=reader.condition(_get(node, "when"), where + "when: "),
        next=_jumps(reader, _get(node, "next"), where),
        responses=_responses(
            reader, _get(node, "respond"), where, kind, rules.free_text or (other and rules.has_choices)
        ),
        choices=choices,
        multiple=multiple,
        other=other,
        minimum=minimum,
        maximum=maximum,
        min_label=min_label,
        max_label=max_label,
        multiline=reader.boolean(_get(node, "multiline"), where + "multiline: ", False),
        include=include,
        line=node.line,
        column=node.column,
        include_at=(include_node.line, include_node.column) if include_node else (0, 0),
    )


def _check_limits(reader: _FileReader, steps: list[Step]) -> None:
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


def _set_values(reader: _FileReader, node: Node | None) -> list[Value]:
    """A playbook's `set`: names computed from the answers, each by a checked expression."""
    values: list[Value] = []
    for text, name, value_node in _names(reader, node, "set"):
        expression = reader.condition(value_node, f"set '{text}': ")
        if expression is not None:
            values.append(Value(name, expression, value_node.line))
    return values


def _inputs(reader: _FileReader, node: Node | None) -> list[tuple[str, Any]]:
    """A playbook's `inputs`: the names an including playbook may pass, each with its default."""
    inputs: list[tuple[str, Any]] = []
    for text, name, value_node in _names(reader, node, "inputs"):
        if value_node.kind != "scalar":
            reader.problem(value_node, f"inputs '{text}': a default must be a single value")
        else:
            inputs.append((name, value_node.value))
    return inputs


def _names(reader: _FileReader, node: Node | None, key: str) -> list[tuple[str, str, Node]]:
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
    reader = _FileReader(path)
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
            steps = [s for i, n in enumerate(steps_node.items, 1) if (s := _step(reader, n, i))]
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
