"""Turning one step's node into a Step: its type, the keys that type allows, its text and default.

What differs between types comes from the step registry (`coach.playbook.steps`): the keys each
adds, whether it asks the rep something, the type a step without `type:` gets, the text key it
needs, its range, and how its `default:` is read. Nothing here compares a type's name, so a new
type needs no change in this module. The step's lists (choices, `next` rules, responses) are
read by `coach.playbook.stepparts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.playbook.filereader import FileReader
from coach.playbook.model import Step
from coach.playbook.reader import did_you_mean
from coach.playbook.reader import value_of as _get
from coach.playbook.stepparts import read_choices, read_jumps, read_responses
from coach.playbook.steps import PLAIN_TYPE, StepType, implied_type, playbook_types, step_type
from coach.playbook.yamlsource import Node
from coach.templating import Template

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
LABEL_KEYS = ("min", "max")
_COMMON_STEP_KEYS = ("id", "type", "when", "next")
_QUESTION_KEYS = ("ask", "help", "required", "default", "respond")
_TYPE_KEYS = {name: step_type(name).keys for name in playbook_types()}
"""The keys each step type adds, as its module in `coach.playbook.steps` declares them."""


def step_keys(kind: str) -> tuple[str, ...]:
    """The keys a step of this type uses.

    >>> step_keys("say")
    ('id', 'type', 'when', 'next', 'say')
    """
    questions = _QUESTION_KEYS if step_type(kind).asks else ()
    return (*_COMMON_STEP_KEYS, *questions, *_TYPE_KEYS.get(kind, ()))


def _check_keys_apply(reader: FileReader, node: Node, kind: str, where: str) -> None:
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


class _WrittenDefault:
    """A step's `default:` scalar, as a step type reads it (see `steps.base.WrittenDefault`)."""

    def __init__(self, reader: FileReader, node: Node, where: str) -> None:
        self._reader = reader
        self._node = node
        self._where = where

    @property
    def tag(self) -> str:
        return self._node.tag

    @property
    def value(self) -> Any:
        return self._node.value

    def text(self) -> str | None:
        return self._reader.text(self._node, self._where)

    def number(self) -> float | None:
        return self._reader.number(self._node, self._where)

    def boolean(self) -> bool | None:
        if self._node.tag == "bool":
            return bool(self._node.value)
        self.problem(f"expected true or false, found {self._node.describe()}")
        return None

    def problem(self, message: str, hint: str = "") -> None:
        self._reader.problem(self._node, self._where + message, hint)

    def suggest(self, word: str, options: Sequence[str]) -> str:
        return did_you_mean(word, list(options))


def _default(
    reader: FileReader, node: Node | None, rules: StepType, step: Step, where: str
) -> Any:
    """A step's default, checked by its type and kept the way a typed answer is stored.

    `step` is the step so far: its type, choices, `multiple` and range, which the default is
    checked against. Only a question takes a default (its key is reported on any other step).
    """
    if node is None or not rules.asks:
        return None
    where += "default: "
    if node.kind != "scalar":
        reader.problem(node, f"{where}a default must be a single value")
        return None
    return rules.read_default(step, _WrittenDefault(reader, node, where))


def _infer_type(node: Node) -> str:
    """The type a step names, or the one its keys imply when it names none."""
    if "type" not in node.entries:
        return implied_type(node.entries)
    type_node = _get(node, "type")
    return type_node.text if type_node is not None and type_node.kind == "scalar" else PLAIN_TYPE


def read_step(reader: FileReader, node: Node, position: int) -> Step | None:
    """The step at `position` (from 1) of a playbook's steps, or None if it is not a mapping."""
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
        kind = PLAIN_TYPE  # keep checking the rest of the step as if it were a question
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
    choices = read_choices(reader, _get(node, "choices"), where)
    include = reader.identifier(include_node, where + "include: ") if rules.includes else None
    multiple = reader.boolean(_get(node, "multiple"), where + "multiple: ", False)
    other = reader.boolean(_get(node, "other"), where + "other: ", False)
    so_far = Step(
        "", kind, choices=choices, multiple=multiple, minimum=minimum, maximum=maximum
    )
    default = _default(reader, _get(node, "default"), rules, so_far, where)
    # A say step may list several lines; the coach says them in turn across conversations.
    variants: tuple[Template, ...] = ()
    if rules.says and ask_node is not None and ask_node.kind == "sequence":
        compiled = [reader.template(item, where + f"{text_key}: ") for item in ask_node.items]
        variants = tuple(template for template in compiled if template is not None)
        if not variants:
            reader.problem(ask_node, f"{where}{text_key}: the list of lines is empty")
    words = rules.free_text or (other and rules.has_choices)
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
        next=read_jumps(reader, _get(node, "next"), where),
        responses=read_responses(reader, _get(node, "respond"), where, rules, words),
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
