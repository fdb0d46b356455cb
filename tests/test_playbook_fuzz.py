"""Property tests: whatever text the loader is given, it returns a playbook or a PlaybookError.

Nothing else may come out (no other exception, no traceback for the rep). Examples have no
deadline: a slow example on a busy machine is not a failure; an input that truly hangs the loader
shows up as a test that never ends.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import PlaybookError, TemplateProblem
from coach.playbook.library import Library, playbook_from_text
from coach.playbook.model import Playbook
from coach.playbook.schema import JUMP_KEYS, PLAYBOOK_KEYS, RESPONSE_KEYS, STEP_KEYS
from coach.templating import (
    Template,
    TemplateRenderError,
    compile_expression,
    compile_template,
)

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def loads_or_refuses(library: Library, text: str) -> None:
    """The property itself: a Playbook, or a PlaybookError with positioned problems."""
    try:
        playbook = playbook_from_text(text, "fuzz.yaml", library.playbooks)
    except PlaybookError as error:
        assert error.diagnostics, "a PlaybookError must say what is wrong"
        for problem in error.diagnostics:
            assert problem.path == "fuzz.yaml"
            assert problem.line >= 1 and problem.column >= 1
            assert "Traceback" not in problem.message
        return
    assert isinstance(playbook, Playbook)


# --- arbitrary text ----------------------------------------------------------------------------


@FAST
@given(text=st.text(max_size=2000))
def test_arbitrary_text_loads_or_is_refused(library: Library, text: str) -> None:
    loads_or_refuses(library, text)


YAML_PIECES = [
    *"abc:- \n\t[]{}'\"!&*|>#%@`,?~0123456789.",
    "id: ",
    "title: ",
    "steps:",
    "\n  - id: ",
    "\n    ask: ",
    "\n    when: ",
    "\n    next: ",
    "\n    choices: ",
    "\n    type: ",
    "{{ ",
    " }}",
    "{% if ",
    "{% endif %}",
    "---",
    "...",
    "&x ",
    "*x",
    "!!python/object:os.system ",
    "no",
    "12:30",
    "2026-01-01",
    "__class__",
    "include: ",
    "debrief",
    "\n",
    "  ",
]


@FAST
@given(text=st.lists(st.sampled_from(YAML_PIECES), max_size=80).map("".join))
def test_yaml_like_text_loads_or_is_refused(library: Library, text: str) -> None:
    loads_or_refuses(library, text)


# --- arbitrary structures, serialised as YAML (JSON is valid YAML) -----------------------------

NAMES = st.sampled_from(["a", "b", "sting", "cause", "end", "stats", "debrief", "small_win", "x_1"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    NAMES,
    st.sampled_from(
        [
            "no",
            "{{ a }}",
            "{{ a.__class__ }}",
            "{% for x in a %}{% endfor %}",
            "a >= 7",
            "stats.dials_today > 3",
            "cause in ['x', 'y']",
            "'a' * 10**9",
            "7 ** (10**7)",
            "{{ 'a' * 10**9 }}",
            "should have *",
            "*",
            "",
            " ",
        ]
    ),
    st.text(max_size=30),
)
# Every key the schema knows, so the fuzzer builds near-valid playbooks as well as nonsense.
KEYS = st.sampled_from(
    list(dict.fromkeys([*PLAYBOOK_KEYS, *STEP_KEYS, *JUMP_KEYS, *RESPONSE_KEYS]))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)
STEP_TYPES = st.sampled_from(
    ["text", "choice", "scale", "yesno", "number", "date", "say", "include", "bogus"]
)


@st.composite
def playbook_like(draw: st.DrawFn) -> dict[str, Any]:
    """Something shaped like a playbook, with plausible and implausible values mixed in."""
    steps = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        step: dict[str, Any] = {"id": draw(NAMES), "type": draw(STEP_TYPES)}
        step.update(draw(st.dictionaries(KEYS, VALUES, max_size=4)))
        steps.append(step)
    document: dict[str, Any] = {"id": draw(NAMES), "title": draw(SCALARS), "steps": steps}
    document.update(draw(st.dictionaries(KEYS, VALUES, max_size=3)))
    return document


@FAST
@given(document=playbook_like())
def test_playbook_shaped_structures_load_or_are_refused(
    library: Library, document: dict[str, Any]
) -> None:
    loads_or_refuses(library, json.dumps(document, indent=2))


@FAST
@given(document=VALUES)
def test_any_structure_loads_or_is_refused(library: Library, document: Any) -> None:
    loads_or_refuses(library, json.dumps(document))


# --- templates and conditions on their own -----------------------------------------------------

JINJA_PIECES = [
    *"abc_.()[]'\"+-*/%~|,<>=! 0123456789\n",
    "{{",
    "}}",
    "{%",
    "%}",
    "if ",
    "else",
    "endif",
    "for ",
    " in ",
    " is ",
    "not ",
    " and ",
    "stats",
    "__class__",
    "default",
    "join",
    "**",
    "10**9",
    "lipsum",
    "self",
    "none",
]


@FAST
@given(
    source=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(JINJA_PIECES)).map("".join))
)
def test_any_template_compiles_and_renders_or_says_why(source: str) -> None:
    try:
        template = compile_template(source)
    except TemplateProblem as problem:
        assert problem.message
        return
    assert isinstance(template, Template)
    namespace = {name: "x" * 100 for name in template.names}
    namespace["stats"] = {"dials_today": 10**6}
    try:
        text = template.render(namespace)
    except TemplateRenderError as error:
        assert str(error) and "Traceback" not in str(error)
        return
    assert len(text) <= 4000


@FAST
@given(
    source=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(JINJA_PIECES)).map("".join))
)
def test_any_condition_compiles_and_evaluates_or_says_why(source: str) -> None:
    try:
        expression = compile_expression(source)
    except TemplateProblem as problem:
        assert problem.message
        return
    # Any namespace at all: a condition that cannot be computed is simply false.
    namespace = {name: 10**6 for name in ("a", "b", "c", "self", "none")}
    assert expression.holds(namespace) in (True, False)
