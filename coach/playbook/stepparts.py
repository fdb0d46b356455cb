"""Reading the lists inside one step: its choices, its `next` rules, and what it says back.

Each reader takes the step's node for one key and the `where` prefix of the step's problems, and
gives frozen model values; `coach.playbook.stepschema` puts them together into a Step.
"""

from __future__ import annotations

import re

from coach.language.matching import WordMatcher, compile_phrase, phrase_problems
from coach.playbook.filereader import FileReader
from coach.playbook.model import END, Choice, Jump, Response
from coach.playbook.reader import value_of as _get
from coach.playbook.steps import StepType
from coach.playbook.yamlsource import Node

JUMP_KEYS = ("goto", "when", "limit")
RESPONSE_KEYS = ("say", "when", "keywords", "patterns", "fallback")
DEFAULT_JUMP_LIMIT = 2
"""How many times a jump back to the same or an earlier step may be taken, unless `limit` says."""
MAX_JUMP_LIMIT = 10
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


def _check_phrases(reader: FileReader, listed: Node, where: str) -> None:
    """Report each keyword or pattern that would be slow or could match nothing useful."""
    for node in [listed] if listed.kind == "scalar" else listed.items:
        if node.kind == "scalar":
            for problem, hint in phrase_problems(node.text):
                reader.problem(node, f"{where}'{node.text}' {problem}", hint)


def read_choices(reader: FileReader, node: Node | None, where: str) -> tuple[Choice, ...]:
    """A step's `choices`: a mapping of key: label, or a list of labels keyed by their words."""
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


def read_jumps(reader: FileReader, node: Node | None, where: str) -> tuple[Jump, ...]:
    """A step's `next`: one step id (or end), or a list of {goto, when, limit} rules."""
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


def read_responses(
    reader: FileReader, node: Node | None, where: str, kind: StepType, words: bool
) -> tuple[Response, ...]:
    """A step's `respond` list; `words` says whether its answers are words keywords can match."""
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
                    f"for a {kind.name} step, use when: with the step id"
                    + (" (or give the choice other: true)" if kind.has_choices else ""),
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
