"""Conditions run straight from their parse tree give exactly what Jinja2's compiled code gives.

`coach.templating.sandbox.expression_code` runs simple conditions without compiling them (it
saves a few milliseconds each at start-up). Every condition and value of the built-in playbooks,
and a set of tricky ones, is evaluated both ways over many namespaces, missing names, wrong
types and undefined attributes included: the value (and its type) or the error must match.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from coach.errors import TemplateProblem
from coach.playbook.library import Library
from coach.templating import Expression
from coach.templating import sandbox as templating

TRICKY = [
    "sting >= 7", "sting_after < sting", "1 < sting < 5", "sting == sting_after == 3",
    "cause in ['timing', 'budget', 'fit']", "cause not in ('a', 'b')", "cause == 'unknown'",
    "stats.dials_today and stats.meetings_verdict not in ['typical', 'good']",
    "timing_fit.callback", "a.b.c", "not answer", "answer or 'none'", "answer and sting",
    "x[0] == 'a'", "x[1]", "[sting, cause] == [3, 'fit']", "(sting, cause)", "none == None",
    "stats.dials_today > stats.dials_yesterday or not stats.wins_yesterday",
    "sting in x", "'a' in answer", "true and false or none", "sting is none",
    "sting is not none and sting >= 7", "x is string or (x and x != ['none'])",
    "x if x is string else none", "none if x is none else x[0]", "x is defined", "a is sequence",
    "answer | trim | lower in ['none', 'a']", "x | first if x else none", "x | length > 1",
    "not (answer | is_win)", "answer | default('y')", "answer | truncate(3)", "x | max",
    "answer | reflect", "answer | replace('a', 'b')", "x | sort", "sting | round",
]
"""Chains, membership both ways, and/or returning values, items, tuples, undefined chains."""
COMPILED_ONLY = ["sting + 1 > 2", "x | join(', ')", "sting is divisibleby(2)",
                 "-1 < sting", "sting if sting", "answer | truncate(length=3)"]
POOL: list[Any] = [None, 0, 1, 3, 7, 10, -2, 2.5, "", "a", "fit", "timing", "unknown", True,
                   False, [], ["a"], ["a", "b"], (3, "fit"), {"b": {"c": 1}}, "2026-01-05"]
NAMES = ["sting", "sting_after", "cause", "answer", "x", "a", "none", "timing_fit"]
STATS = ["dials_today", "dials_yesterday", "meetings_verdict", "wins_yesterday"]


def expressions_in(value: Any, seen: set[int] | None = None) -> Iterator[Expression]:
    """Every Expression held anywhere in a playbook's frozen data."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Expression):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from expressions_in(getattr(value, field.name), seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from expressions_in(item, seen)


def namespaces(seed: int, count: int) -> Iterator[dict[str, Any]]:
    chance = random.Random(seed)
    yield {}
    for _ in range(count):
        names = {name: chance.choice(POOL) for name in NAMES if chance.random() < 0.8}
        if chance.random() < 0.9:
            names["stats"] = {stat: chance.choice(POOL) for stat in STATS if chance.random() < 0.8}
        if chance.random() < 0.5:
            names["timing_fit"] = {"callback": chance.choice(POOL)}
        yield names


def outcome(run: Callable[..., Any], names: dict[str, Any]) -> tuple[str, Any]:
    try:
        value = run(**names)
    except Exception as error:
        return "error", type(error)
    # repr, not the value: a tuple may hold undefined names, which refuse to be compared.
    return "value", (type(value), repr(value))


def same_everywhere(source: str, seed: int) -> None:
    direct = templating.expression_code(source)
    compiled = templating._ENVIRONMENT.compile_expression(source, undefined_to_none=True)
    for names in namespaces(seed, 300):
        assert outcome(direct, names) == outcome(compiled, names), (source, names)


def is_direct(source: str) -> bool:
    # Jinja2's compiled conditions are TemplateExpression objects; a direct one is a function.
    return type(templating.expression_code(source)).__name__ == "function"


@pytest.mark.parametrize("source", TRICKY)
def test_a_tricky_condition_runs_directly_and_agrees_with_jinja(source: str) -> None:
    assert is_direct(source)
    same_everywhere(source, hash(source) % 1000)


@pytest.mark.parametrize("source", COMPILED_ONLY)
def test_filters_tests_and_arithmetic_are_left_to_jinja(source: str) -> None:
    assert not is_direct(source)
    same_everywhere(source, 7)


def test_every_built_in_condition_agrees_with_jinja(library: Library) -> None:
    sources = sorted({found.source for playbook in library.playbooks.values()
                      for found in expressions_in(playbook)})
    assert len(sources) > 40
    direct = [source for source in sources if is_direct(source)]
    assert len(direct) > len(sources) * 0.9, "nearly every built-in condition runs directly"
    for number, source in enumerate(sources):
        same_everywhere(source, number)


@pytest.mark.parametrize("source", ["x.__class__", "x._private == 1", "x.items()", "range(3)"])
def test_a_condition_outside_the_whitelist_still_never_runs(source: str) -> None:
    # Only a forged cache entry could bring one this far (the load-time checks refuse them):
    # the whitelist is checked again before anything runs, so it counts as false.
    with pytest.raises(TemplateProblem):
        templating.expression_code(source)
    assert Expression(source).value({"x": {"_private": 1}}) is None
