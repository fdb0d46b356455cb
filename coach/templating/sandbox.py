"""The sandboxed Jinja2 environment that parses, compiles and runs playbook text.

Playbooks come from users and teams, so their text is treated as untrusted code. Three layers
keep it harmless:

1. Only a small whitelist of syntax is accepted (`coach.templating.whitelist`). This is checked
   when a playbook is loaded, so a hostile template never reaches a conversation, and again by
   this environment itself whenever it compiles anything.
2. Rendering happens in Jinja2's immutable sandbox with strict undefined names and no loader.
   Attributes are only looked up as keys of a namespace (`stats.dials_today`), so no method or
   class of a Python object can ever be reached or shown.
3. Arithmetic and filters are size-checked (`coach.templating.limits`), so `'a' * 10**9` or
   `7 ** (10**7)` fail at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coach.errors import TemplateProblem
from coach.language.reflect import reflect
from coach.language.wins import is_small_win
from coach.templating.limits import (
    MAX_SOURCE,
    MAX_TEXT,
    TOO_DEEP,
    TemplateRenderError,
    check_binop,
    check_size,
)
from coach.templating.whitelist import ALLOWED_FILTERS, ALLOWED_TESTS, check_tree


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus the syntax whitelist, key-only attributes and size checks."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/"})

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        # The whitelist is checked here too, not only when a playbook is loaded: text that reaches
        # this environment by any other path still cannot loop, call or reach for '_' names.
        # The guarded parse: text too deep or with huge numbers is refused here too, in words.
        tree = source if isinstance(source, nodes.Template) else parse(source, expression=False)
        check_tree(_expression_of(tree))
        return super().compile(tree, name, filename, raw, defer_init)  # type: ignore[call-overload]

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Playbook text reads attributes only to look a name up in a namespace (stats.dials_today,
        # reframe.lesson). Nothing needs an attribute of a Python object, so none is handed out:
        # `''.join` or `stats.items` is simply undefined instead of a method.
        if isinstance(obj, Mapping):
            return self.getitem(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        # Keys of a namespace, positions and slices of an answer; never a fallback to attributes.
        readable = isinstance(obj, Mapping) or (
            isinstance(obj, (str, list, tuple)) and isinstance(argument, (int, slice))
        )
        if readable:
            try:
                return obj[argument]
            except (TypeError, LookupError, ValueError):
                pass
        return self.undefined(obj=obj, name=argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))


def _expression_of(tree: nodes.Template) -> nodes.Node:
    """The part of a compiled tree to check: Jinja2 compiles a condition as `result = <expr>`."""
    body = tree.body
    if (
        len(body) == 1
        and isinstance(body[0], nodes.Assign)
        and isinstance(body[0].target, nodes.Name)
        and body[0].target.name == "result"
    ):
        return body[0].node
    return tree


def _limited(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so its result is size-checked (keeps Jinja's pass-context markers)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return check_size(function(*args, **kwargs))

    return wrapper


def _default(value: Any, fallback: Any = "", boolean: bool = False) -> Any:
    """Like Jinja's `default`, but an unanswered (none) or empty answer also takes the fallback."""
    if isinstance(value, jinja2.Undefined) or value is None or value == "":
        return fallback
    if boolean and not value:
        return fallback
    return value


def _replace(value: Any, old: Any, new: Any, count: Any = None) -> str:
    """Jinja's `replace`, refused before it builds a result longer than the limit."""
    text, old, new = str(value), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None:
        times = min(times, max(int(count), 0))
    if len(text) + times * (len(new) - len(old)) > MAX_TEXT:
        raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")
    return text.replace(old, new, -1 if count is None else max(int(count), 0))


def _make_environment() -> _LimitedSandbox:
    environment = _LimitedSandbox(
        undefined=jinja2.StrictUndefined, autoescape=False, loader=None, keep_trailing_newline=False
    )
    environment.globals.clear()
    environment.filters["reflect"] = reflect
    environment.filters["is_win"] = is_small_win
    filters = {name: environment.filters[name] for name in ALLOWED_FILTERS}
    filters["default"] = _default
    filters["replace"] = _replace
    environment.filters = {name: _limited(function) for name, function in filters.items()}
    environment.tests = {name: environment.tests[name] for name in ALLOWED_TESTS}
    return environment


_ENVIRONMENT = _make_environment()


def template_code(source: str) -> jinja2.Template:
    """Compile template text in the sandbox (the whitelist is checked again on the way)."""
    return _ENVIRONMENT.from_string(source)


def expression_code(source: str) -> Callable[..., Any]:
    """Compile a condition in the sandbox; undefined names come out as None."""
    return _ENVIRONMENT.compile_expression(source, undefined_to_none=True)


def is_undefined(value: Any) -> bool:
    """Whether a value is the sandbox's stand-in for a name that is not there."""
    return isinstance(value, jinja2.Undefined)


def parse(source: str, *, expression: bool) -> nodes.Template:
    """Parse a template or condition without compiling it (raises TemplateProblem)."""
    if expression and ("{{" in source or "{%" in source or "\n" in source.strip()):
        raise TemplateProblem(
            "a condition is a single expression, not a template",
            hint="write it without {{ }}, e.g. sting >= 7",
        )
    if len(source) > MAX_SOURCE:
        raise TemplateProblem(
            f"the text is longer than {MAX_SOURCE} characters", hint="split it into several steps"
        )
    try:
        if expression:
            return _parse_expression(source)
        # The plain parser, not the environment's compile: nothing is checked or compiled yet.
        return jinja2.Environment.parse(_ENVIRONMENT, source)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"does not parse: {error.message}", line=error.lineno or 1) from None
    except RecursionError:
        # Jinja2's parser recurses once per bracket or operator; deep text exhausts the stack.
        raise TemplateProblem(TOO_DEEP, hint="split it into simpler parts") from None
    except (ValueError, OverflowError):
        # The lexer converts number literals with int(), which refuses thousands of digits.
        raise TemplateProblem("a number in it is too large") from None


def _parse_expression(source: str) -> nodes.Template:
    """Parse a condition exactly as `compile_expression` will when it is first evaluated.

    Conditions are compiled lazily, so this parse is the only check a playbook gets at load
    time: text that parses some other way (inside `{{ ( ) }}`, say) could still fail later,
    and a condition that never compiles silently counts as false.
    """
    parser = Parser(_ENVIRONMENT, source, state="variable")
    expression = parser.parse_expression()
    if not parser.stream.eos:
        token = parser.stream.current
        raise jinja2.TemplateSyntaxError(
            f"unexpected {token.value or token.type!r} after the condition", token.lineno
        )
    return nodes.Template([nodes.Output([expression], lineno=1)], lineno=1)
