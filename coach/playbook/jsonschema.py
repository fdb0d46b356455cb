"""JSON Schemas (draft 2020-12) of playbook files and test files, for editors' YAML servers.

The schemas are built from the definitions the validator itself uses: the top-level, jump,
response and label keys of `coach.playbook.schema`, each step type's keys from the step registry,
and the test-file keys and stats of `coach.playtesting.playtest`. Only the shape of each key's value
is written here, and a key without one is an error when the schema is built, so a key added to
the validator cannot be left out of the schema (tests/test_playbook_authoring.py checks both ways).

The schema is a help while typing, not the validator: it cannot see conditions, templates,
references between steps or YAML's surprises, so `coach playbooks validate` stays the judge.
"""

from __future__ import annotations

from typing import Any

from coach.playbook.schema import (
    IDENTIFIER,
    JUMP_KEYS,
    LABEL_KEYS,
    MAX_JUMP_LIMIT,
    MAX_STEPS,
    PLAYBOOK_KEYS,
    RESERVED_NAMES,
    RESPONSE_KEYS,
    STEP_KEYS,
    step_keys,
)
from coach.playbook.steps import playbook_types, step_type
from coach.review.stats import KNOWN_STATS

FILE_KEYS = ("playbook", "today", "stats", "cases")
CASE_KEYS = ("name", "quick", "stats", "answers", "expect")
EXPECT_KEYS = ("steps", "says", "not_says", "values", "finished")
"""The keys of a playbook test file, its cases and their expectations: the JSON Schema here
and the reader of test files (coach/playtesting/playtest.py) share them."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_NAME: dict[str, Any] = {
    "type": "string",
    "pattern": IDENTIFIER.pattern,
    "not": {"enum": sorted(RESERVED_NAMES)},
}
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean", "null"]}


def _one_or_list(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _described(shape: dict[str, Any], text: str) -> dict[str, Any]:
    return {**shape, "description": text}


_JUMP = {
    "goto": _described({"type": "string", "pattern": IDENTIFIER.pattern}, "a step id, or end"),
    "when": _described(_TEXT, "take this rule only if the condition holds"),
    "limit": _described(
        {"type": "integer", "minimum": 1, "maximum": MAX_JUMP_LIMIT},
        "a jump back: how many times it may be taken (default 2)",
    ),
}
_RESPONSE = {
    "say": _described(_one_or_list(_TEXT), "what the coach says back; several lines rotate"),
    "when": _described(_TEXT, "say it only if the condition holds"),
    "keywords": _described(_one_or_list(_TEXT), "words that make this response fit the answer"),
    "patterns": _described(_one_or_list(_TEXT), "phrases with * capturing the rep's words"),
    "fallback": _described({"type": "boolean"}, "say it when no keyword response matched"),
}
_LABELS = {key: _described(_TEXT, f"the label of the {key} end") for key in LABEL_KEYS}
_PLAYBOOK = {
    "id": _described(_NAME, "the playbook's name, used by coach run ID and include:"),
    "title": _described(_TEXT, "a short title shown in coach playbooks list"),
    "summary": _described(_TEXT, "what the playbook is for"),
    "tags": _described(_one_or_list(_TEXT), "words saved with each reflection"),
    "steps": {"type": "array", "minItems": 1, "maxItems": MAX_STEPS, "items": {"$ref": "#/$defs/step"}},
    "quick": _described(_one_or_list(_TEXT), "the step ids of the short variant"),
    "set": _described(
        {"type": "object", "propertyNames": _NAME, "additionalProperties": _TEXT},
        "values worked out from the answers: name: expression",
    ),
    "inputs": _described(
        {"type": "object", "propertyNames": _NAME, "additionalProperties": _SCALAR},
        "names taken from a flow that includes this playbook, with their defaults",
    ),
}


def _step_shapes() -> dict[str, dict[str, Any]]:
    return {
        "id": _described(_NAME, "the step's name; rules and texts read the answer by it"),
        "type": _described({"enum": list(playbook_types())}, "what kind of step this is"),
        "ask": _described(_TEXT, "the question (a template)"),
        "say": _described(_one_or_list(_TEXT), "what the coach says; several lines take turns"),
        "help": _described(_TEXT, "a line shown when the rep types /help"),
        "required": _described({"type": "boolean"}, "false lets the rep leave it empty"),
        "default": _described(_SCALAR, "the answer stored when the rep just presses Enter"),
        "when": _described(_TEXT, "run this step only if the condition holds"),
        "next": _described(
            {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/$defs/jump"}}]},
            "where to go after this step: a step id, end, or a list of {goto, when} rules",
        ),
        "respond": _described(
            {"type": "array", "items": {"$ref": "#/$defs/response"}},
            "what the coach says back after the answer",
        ),
        "choices": _described(
            {
                "anyOf": [
                    {"type": "object", "propertyNames": {"pattern": IDENTIFIER.pattern},
                     "additionalProperties": _TEXT, "minProperties": 1},
                    {"type": "array", "items": _TEXT, "minItems": 1},
                ]
            },
            "key: label of each option (or a list of labels)",
        ),
        "multiple": _described({"type": "boolean"}, "let the rep pick several options"),
        "other": _described({"type": "boolean"}, "also keep the rep's own words"),
        "min": _described({"type": "number"}, "the lowest number accepted"),
        "max": _described({"type": "number"}, "the highest number accepted"),
        "labels": _described(_closed(_LABELS), "names of the two ends of a scale"),
        "multiline": _described({"type": "boolean"}, "let the rep write several lines"),
        "include": _described(_NAME, "the id of the playbook to run at this point"),
    }


def _closed(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        shape["required"] = list(required)
    return shape


def _keys_of(kind: str) -> dict[str, Any]:
    """What a step of one type must and may have: its own keys, from the step registry."""
    rules = step_type(kind)
    required = [key for key in (rules.text_key, rules.needs) if key]
    shape: dict[str, Any] = {"propertyNames": {"enum": list(step_keys(kind))}}
    if required:
        shape["required"] = list(dict.fromkeys(required))
    return shape


def _step() -> dict[str, Any]:
    shapes = _step_shapes()
    missing = set(STEP_KEYS) ^ set(shapes)
    if missing:
        raise RuntimeError(f"the JSON Schema has no shape for the step keys {sorted(missing)}")
    by_type = [
        {"if": {"properties": {"type": {"const": kind}}}, "then": _keys_of(kind)}
        for kind in playbook_types()
    ]
    # Without `type`, the validator infers it from the first of these keys present.
    inferred: dict[str, Any] = _keys_of("text")
    for key, kind in (("say", "say"), ("choices", "choice"), ("include", "include")):
        inferred = {"if": {"required": [key]}, "then": _keys_of(kind), "else": inferred}
    step = _closed({key: shapes[key] for key in STEP_KEYS})
    step["anyOf"] = [{"required": ["id"]}, {"required": ["include"]}]
    step["if"] = {"required": ["type"]}
    step["then"] = {"allOf": by_type}
    step["else"] = inferred
    return step


def _checked(shapes: dict[str, Any], keys: tuple[str, ...], what: str) -> dict[str, Any]:
    if set(shapes) != set(keys):
        raise RuntimeError(f"the JSON Schema's {what} keys differ from the validator's")
    return {key: shapes[key] for key in keys}


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook file."""
    return {
        "$schema": DIALECT,
        "title": "Coach playbook",
        "description": "A guided reflection for Coach; check it with coach playbooks validate.",
        **_closed(_checked(_PLAYBOOK, PLAYBOOK_KEYS, "playbook"), ("id", "title", "steps")),
        "$defs": {
            "step": _step(),
            "jump": _closed(_checked(_JUMP, JUMP_KEYS, "next rule"), ("goto",)),
            "response": _closed(_checked(_RESPONSE, RESPONSE_KEYS, "response"), ("say",)),
        },
    }


def playbook_test_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook test file (see `coach.playtesting.playtest`)."""
    stats = {
        "type": "object",
        # Stats hold numbers, none, or lists (yesterday's next actions): any value goes.
        "properties": {name: {"description": text} for name, text in KNOWN_STATS.items()},
        "additionalProperties": False,
    }
    texts = {"type": "array", "items": _SCALAR}
    expect = {
        "steps": _described(texts, "the questions answered, in order"),
        "says": _described(texts, "texts the coach must say"),
        "not_says": _described(texts, "texts the coach must not say"),
        "values": _described({"type": "object"}, "name: value each must have at the end"),
        "finished": _described({"type": "boolean"}, "whether the conversation ended"),
    }
    case = {
        "name": _described(_SCALAR, "what the case checks"),
        "quick": _described({"type": "boolean"}, "run the quick variant"),
        "stats": stats,
        "answers": _described(texts, "what the rep types, in order"),
        "expect": _closed(_checked(expect, EXPECT_KEYS, "expect")),
    }
    top = {
        "playbook": _described(_NAME, "the id of the playbook under test"),
        "today": _described(
            {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, "the date the cases run on"
        ),
        "stats": stats,
        "cases": {"type": "array", "items": _closed(_checked(case, CASE_KEYS, "case"), ("answers",))},
    }
    return {
        "$schema": DIALECT,
        "title": "Coach playbook tests",
        "description": "Scripted conversations for coach playbooks test.",
        **_closed(_checked(top, FILE_KEYS, "test file"), ("playbook", "cases")),
    }
