"""Hostile playbook text: refused when a playbook is loaded, and harmless even if it got past that.

The payloads are the usual server-side template injection attempts against Jinja2, plus the
resource bombs (huge repetition, huge powers, nested loops). Each must be refused within a
second, with a message in plain words that shows nothing of Python's internals.
"""

from __future__ import annotations

import os
import re
import textwrap
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from coach.errors import PlaybookError, TemplateProblem
from coach.playbook.library import Library, playbook_from_text
from coach.templating import (
    Expression,
    Template,
    TemplateRenderError,
    compile_expression,
    compile_template,
)
from coach.templating import sandbox as templating

# Signs that a message shows Python internals rather than words meant for an author.
INTERNALS = re.compile(
    r"Traceback|object at 0x|<class|<built-in|<function|<module|<bound|<TemplateReference"
    r"|jinja2|Error:|__globals__.*=|\bos\.|subprocess",
)


def assert_plain(message: str) -> None:
    assert message, "a refusal must say why"
    assert not INTERNALS.search(message), message


# Far below what any payload here would take if it were carried out (`'a' * 10**9` is a GB,
# `7 ** 10**7` several MB), and far above what compiling and refusing one takes.
MEMORY_CAP = 2 * 1024 * 1024


@contextmanager
def without_expanding() -> Iterator[None]:
    """Fails if the block ever held more than MEMORY_CAP bytes at once: a payload refused before
    it was carried out never builds its huge string, number or list."""
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_CAP, f"held {peak} bytes at once: the payload was expanded"


TEMPLATE_PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__()[59].__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os }}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ config.items() }}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{{ self._TemplateReference__context.cycler }}",
    "{{ self }}",
    "{{ ''|attr('__class__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ stats|attr('items') }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ '%s and %s' % ('a', 'b') }}",
    "{{ 'a' * 10**9 }}",
    "{{ 7 ** (10**7) }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ [0] * 10**9 }}",
    "{% for a in range(10**6) %}{% for b in range(10**6) %}x{% endfor %}{% endfor %}",
    "{% for a in 'x' * 4000 %}{% for b in 'x' * 4000 %}{% for c in 'x' * 4000 %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{{ range(10**9) | list }}",
    "{% set x = 'a' %}{{ x }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% extends 'base.html' %}",
    "{% macro bomb() %}{{ bomb() }}{% endmacro %}{{ bomb() }}",
    "{% filter upper %}x{% endfilter %}",
    "{{ stats['__class__'] }}",
    "{{ stats.__init__ }}",
    "{{ ''.join }}",
    "{{ 'abc'.upper }}",
    "{{ {'a': 1} }}",
    "{{ items | sort(attribute='__class__') }}",
    "{{ 1" + " + 1" * 3000 + " }}",
    "{{ " + "(" * 400 + "1" + ")" * 400 + " }}",
    "{{ " + "9" * 5000 + " }}",
]


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_injection_payload_is_refused_when_the_template_is_checked(payload: str) -> None:
    with without_expanding(), pytest.raises(TemplateProblem) as refused:
        compile_template(payload)
    assert_plain(refused.value.message)


# Names that only exist in other Jinja2 set-ups (Flask, Jinja2's default globals).
FOREIGN_NAMES = ["config", "request", "session", "lipsum", "cycler", "joiner", "namespace", "range"]


@pytest.mark.parametrize(
    "payload", [*TEMPLATE_PAYLOADS, *(f"{{{{ {n} }}}}" for n in FOREIGN_NAMES)]
)
def test_injection_payload_in_a_playbook_fails_validation_at_its_line(
    library: Library, payload: str
) -> None:
    text = "id: x\ntitle: X\nsteps:\n  - id: a\n    ask: |-\n      " + payload + "\n"
    with without_expanding(), pytest.raises(PlaybookError) as refused:
        playbook_from_text(text, "hostile.yaml", library.playbooks)
    problem = refused.value.diagnostics[0]
    assert (problem.path, problem.line) == ("hostile.yaml", 6)
    assert_plain(problem.message)


CONDITION_PAYLOADS = [
    "''.__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "stats.__class__",
    "stats | attr('__class__')",
    "'a' * 10**9 == 'x'",
    "7 ** (10**7) > 1",
    "9 ** 9 ** 9 > 1",
    "lipsum.__globals__",
    "range(10**9) | length > 0",
    "cycler.__init__",
    "'%s' % stats",
    "'{0.__class__}'.format(stats)",
    "self",
    "sting.__dict__",
    "{'a': 1}",
    "stats['_private']",
    "sting {{ 1 }}",
    "sting }}{{ 7 ** 7 ** 7",
]


@pytest.mark.parametrize("payload", CONDITION_PAYLOADS)
def test_injection_payload_in_a_condition_is_refused(payload: str) -> None:
    with without_expanding(), pytest.raises(TemplateProblem) as refused:
        compile_expression(payload)
    assert_plain(refused.value.message)


@pytest.mark.parametrize("payload", [*CONDITION_PAYLOADS, "config", "request.args"])
def test_injection_payload_in_a_playbook_condition_fails_validation(
    library: Library, payload: str
) -> None:
    text = textwrap.dedent(
        f"""\
        id: x
        title: X
        steps:
          - id: sting
            type: scale
            ask: "How much?"
          - id: b
            ask: "Next?"
            when: {payload!r}
        """
    )
    with without_expanding(), pytest.raises(PlaybookError) as refused:
        playbook_from_text(text, "hostile.yaml", library.playbooks)
    problem = refused.value.diagnostics[0]
    assert (problem.line, problem.column) == (9, 11)
    assert_plain(problem.message)


# --- the second line of defence: text that skipped validation ------------------------------------

COMPILERS: dict[str, Callable[[str], Any]] = {
    "template": templating._ENVIRONMENT.from_string,
    "expression": templating._ENVIRONMENT.compile_expression,
}


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_the_sandbox_itself_refuses_to_compile_a_payload(payload: str) -> None:
    with without_expanding(), pytest.raises(TemplateProblem) as refused:
        COMPILERS["template"](payload)
    assert_plain(refused.value.message)


@pytest.mark.parametrize(
    "payload", [p for p in CONDITION_PAYLOADS if "{{" not in p and "}}" not in p]
)
def test_the_sandbox_itself_refuses_to_compile_a_hostile_condition(payload: str) -> None:
    with without_expanding(), pytest.raises(TemplateProblem) as refused:
        COMPILERS["expression"](payload)
    assert_plain(refused.value.message)


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_a_template_built_without_checks_still_renders_nothing_hostile(payload: str) -> None:
    unchecked = Template(payload)  # skips compile_template and its checks entirely
    with without_expanding(), pytest.raises(TemplateRenderError) as stopped:
        unchecked.render({"stats": {"dials_today": 3}, "items": ["a", "b"]})
    assert_plain(str(stopped.value))


@pytest.mark.parametrize("payload", CONDITION_PAYLOADS)
def test_a_condition_built_without_checks_is_simply_false(payload: str) -> None:
    unchecked = Expression(payload)
    with without_expanding():
        assert unchecked.value({"stats": {"dials_today": 3}, "sting": 9}) is None
        assert unchecked.holds({"stats": {"dials_today": 3}, "sting": 9}) is False


# Templates that pass every check, made hostile by the values they are rendered with: only the
# sandbox's limits stand between them and the rep's terminal.
HOSTILE_VALUES = [
    ("{{ word * times }}", {"word": "a", "times": 10**9}, "longer than 4000 characters"),
    ("{{ times * word }}", {"word": "ab", "times": 10**9}, "longer than 4000 characters"),
    ("{{ items * times }}", {"items": [0], "times": 10**9}, "longer than 4000 characters"),
    ("{{ base ** power }}", {"base": 7, "power": 10**7}, "the power is too large"),
    ("{{ base ** power }}", {"base": 10**60, "power": 10}, "the number would be too large"),
    ("{{ big * big }}", {"big": 2**200}, "the number would be too large"),
    ("{{ pattern % value }}", {"pattern": "%s%s", "value": ("a", "b")}, "'%' formatting"),
    ("{{ word | replace('a', word) }}", {"word": "a" * 3000}, "longer than 4000 characters"),
    ("{{ items | join(glue) }}", {"items": list("abcdef"), "glue": "x" * 900}, "longer than"),
    ("{{ word ~ word }}", {"word": "a" * 3000}, "longer than 4000 characters"),
    ("{{ answer }}", {"answer": "a" * 2_000_000}, "longer than 4000 characters"),
    ("{{ thing.upper }}", {"thing": "abc"}, "unknown name"),
    ("{{ thing.items }}", {"thing": {"a": 1}}, "unknown name"),
    ("{{ thing[key] }}", {"thing": "abc", "key": "__class__"}, "unknown name"),
    ("{{ thing[key] }}", {"thing": {"a": 1}, "key": "__class__"}, "unknown name"),
    ("{{ thing.system }}", {"thing": os}, "unknown name"),
    ("{{ thing.__name__ }}", {"thing": os}, "not allowed"),
    ("{{ items | sort(attribute=key) }}", {"items": ["a", "b"], "key": "__class__"}, ""),
]


@pytest.mark.parametrize(("source", "values", "reason"), HOSTILE_VALUES)
def test_the_sandbox_stops_hostile_values_at_render(
    source: str, values: dict[str, Any], reason: str
) -> None:
    template = Template(source)
    with without_expanding(), pytest.raises(TemplateRenderError) as stopped:
        template.render(values)
    assert reason in str(stopped.value)
    assert_plain(str(stopped.value))


HOSTILE_CONDITIONS = [
    ("word * times == 'x'", {"word": "a", "times": 10**9}),
    ("base ** power > 1", {"base": 7, "power": 10**7}),
    ("big * big > 1", {"big": 2**200}),
    ("pattern % value == 'x'", {"pattern": "%s", "value": "a"}),
    ("word | replace('a', word) | length > 1", {"word": "a" * 3000}),
    ("thing.upper", {"thing": "abc"}),
    ("thing.items", {"thing": {"a": 1}}),
    ("thing[key]", {"thing": "abc", "key": "__class__"}),
    ("thing.system", {"thing": os}),
]


@pytest.mark.parametrize(("source", "values"), HOSTILE_CONDITIONS)
def test_a_condition_with_hostile_values_counts_as_false(
    source: str, values: dict[str, Any]
) -> None:
    condition = compile_expression(source)  # each one passes the checks on its own
    with without_expanding():
        assert condition.value(values) is None
        assert condition.holds(values) is False


def test_reading_a_namespace_by_attribute_still_works() -> None:
    template = compile_template("{{ stats.dials_today }} dials, {{ win.small_win | default('-') }}")
    assert template.render({"stats": {"dials_today": 12}, "win": {"small_win": None}}) == (
        "12 dials, -"
    )


def test_a_missing_stat_makes_a_condition_false_instead_of_raising() -> None:
    assert compile_expression("stats.goal_dials").holds({"stats": {}}) is False
    assert compile_expression("stats.goal_dials").value({"stats": {}}) is None
