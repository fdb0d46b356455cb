"""The sandboxed Jinja2 environment that parses, compiles and runs playbook text.

Playbooks come from users and teams, so their text is treated as untrusted code. Three layers
keep it harmless:

1. Only a small whitelist of syntax is accepted (`coach.templating.whitelist`). This is checked
   when a playbook is loaded, so a hostile template never reaches a conversation, and again by
   this environment itself whenever it compiles anything.
2. Rendering happens in Jinja2's immutable sandbox with strict undefined names and no loader.
   Attributes are only looked up as keys of a namespace (`stats.dials_today`), so no method or
   class of a Python object can ever be reached or shown.
   Conditions of the common shapes run straight from their checked parse tree through this
   same sandbox's lookups, filters and tests (see `expression_code`); the rest are compiled.
3. Arithmetic and filters are size-checked (`coach.templating.limits`), so `'a' * 10**9` or
   `7 ** (10**7)` fail at once.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coach.errors import TemplateProblem
from coach.language.hearing import FIELDS, hear
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
        # reframe.lesson), or what an answer says beyond its words (answer.tone, win.nonanswer:
        # `coach.language.hearing`). Nothing needs an attribute of a Python object, so none is
        # handed out: `''.join` or `stats.items` is simply undefined instead of a method.
        if isinstance(obj, Mapping):
            return self.getitem(obj, attribute)
        if (obj is None or isinstance(obj, str)) and attribute in FIELDS:
            return getattr(hear(obj), attribute)  # an unanswered question said nothing
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


def _nonanswer(value: Any) -> bool:
    """The `nonanswer` test: `answer is nonanswer` for "idk", "nothing.", a skipped question."""
    return hear(value).nonanswer


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
    environment.tests["nonanswer"] = _nonanswer
    environment.tests = {name: environment.tests[name] for name in ALLOWED_TESTS}
    return environment


_ENVIRONMENT = _make_environment()


def template_code(source: str) -> jinja2.Template:
    """Compile template text in the sandbox (the whitelist is checked again on the way)."""
    return _ENVIRONMENT.from_string(source)


def expression_code(source: str) -> Callable[..., Any]:
    """Compile a condition in the sandbox; undefined names come out as None.

    A condition made only of names, attributes, items, literals, comparisons, and/or/not, tests
    such as `is none`, filters and `a if b else c` (nearly all of them: `sting >= 7`, `cause in ['timing',
    'fit']`) is run straight from its checked
    parse tree (see `_direct`), with the very operations Jinja2's compiled code performs; any
    other is compiled by Jinja2. Generating and compiling Python code costs a few milliseconds
    per condition, and a conversation evaluates dozens before its first question to count the
    steps ahead.
    """
    tree = _parse_expression(source)
    expression = _expression_of_condition(tree)
    check_tree(expression)  # as `_LimitedSandbox.compile` does before anything runs
    direct = _direct(expression)
    if direct is None:
        return _ENVIRONMENT.compile_expression(source, undefined_to_none=True)

    def run(**names: Any) -> Any:
        value = direct(names)
        return None if isinstance(value, jinja2.Undefined) else value

    return run


_Direct = Callable[[Mapping[str, Any]], Any]

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge,
    "lt": operator.lt, "lteq": operator.le,
    "in": lambda left, right: left in right, "notin": lambda left, right: left not in right,
}
"""Jinja2 compiles each comparison to the Python operator of the same name."""


def _expression_of_condition(tree: nodes.Template) -> nodes.Node:
    output = tree.body[0]
    assert isinstance(output, nodes.Output)
    return output.nodes[0]


def _direct(node: nodes.Node) -> _Direct | None:
    """`node` as a function of the names it reads, or None when only compiling can run it.

    Each case does what Jinja2's generated code does for that node: a missing name is the
    sandbox's strict undefined, attributes and items go through the sandbox's `getattr` and
    `getitem`, comparisons chain as in Python, and `and`/`or`/`not` test truth once, so an
    undefined name fails the same way; `a if b else c` is Python's, and a filter or test is
    the environment's own function. Arithmetic, tests with arguments, filters needing a
    context and the rest are compiled.
    """
    if isinstance(node, nodes.Const):
        constant = node.value
        return lambda names: constant
    if isinstance(node, nodes.Name) and node.ctx == "load":
        name = node.name
        return lambda names: names[name] if name in names else _ENVIRONMENT.undefined(name=name)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        items = _each_direct(node.items)
        if items is None:
            return None
        if isinstance(node, nodes.Tuple):
            return lambda names: tuple(item(names) for item in items)
        return lambda names: [item(names) for item in items]
    if isinstance(node, nodes.Getattr) and node.ctx == "load":
        base, attribute = _direct(node.node), node.attr
        if base is None:
            return None
        return lambda names: _ENVIRONMENT.getattr(base(names), attribute)
    if isinstance(node, nodes.Getitem) and node.ctx == "load" and not isinstance(
        node.arg, nodes.Slice
    ):
        container, key = _direct(node.node), _direct(node.arg)
        if container is None or key is None:
            return None
        return lambda names: _ENVIRONMENT.getitem(container(names), key(names))
    if isinstance(node, nodes.Not):
        inner = _direct(node.node)
        return None if inner is None else lambda names: not inner(names)
    if isinstance(node, (nodes.And, nodes.Or)):
        left, right = _direct(node.left), _direct(node.right)
        if left is None or right is None:
            return None
        if isinstance(node, nodes.And):
            return lambda names: (first if not (first := left(names)) else right(names))
        return lambda names: (first if (first := left(names)) else right(names))
    if isinstance(node, nodes.Compare):
        return _direct_comparison(node)
    if isinstance(node, nodes.Test):
        return _direct_test(node)
    if isinstance(node, nodes.Filter):
        return _direct_filter(node)
    if isinstance(node, nodes.CondExpr) and node.expr2 is not None:
        then, test, otherwise = _direct(node.expr1), _direct(node.test), _direct(node.expr2)
        if then is None or test is None or otherwise is None:
            return None
        return lambda names: then(names) if test(names) else otherwise(names)
    return None


def _direct_filter(node: nodes.Filter) -> _Direct | None:
    """`x | lower`, `x | truncate(5)`: the environment's (size-checked) filter, called as compiled
    code calls it, with the environment first for the filters that ask for it."""
    function: Any = _ENVIRONMENT.filters.get(node.name)
    if function is None or node.node is None or node.kwargs or node.dyn_args or node.dyn_kwargs:
        return None  # an unknown filter fails as Jinja2 fails, when it is compiled
    passes = getattr(function, "jinja_pass_arg", None)
    if passes is not None and passes.name != "environment":
        return None
    inner, arguments = _direct(node.node), _each_direct(node.args)
    if inner is None or arguments is None:
        return None
    if passes is None:
        return lambda names: function(inner(names), *(read(names) for read in arguments))
    return lambda names: function(
        _ENVIRONMENT, inner(names), *(read(names) for read in arguments)
    )


def _direct_test(node: nodes.Test) -> _Direct | None:
    """`x is none`, `x is string`...: a test without arguments, called as compiled code does."""
    test: Any = _ENVIRONMENT.tests.get(node.name)
    inner = _direct(node.node)
    if test is None or getattr(test, "jinja_pass_arg", None) is not None or inner is None:
        return None  # an unknown test fails as Jinja2 fails, when it is compiled
    if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
        return None
    return lambda names: test(inner(names))


def _each_direct(found: Sequence[nodes.Node]) -> list[_Direct] | None:
    each = [_direct(node) for node in found]
    return [item for item in each if item is not None] if None not in each else None


def _direct_comparison(node: nodes.Compare) -> _Direct | None:
    first = _direct(node.expr)
    operands = _each_direct([operand.expr for operand in node.ops])
    if first is None or operands is None or any(
        operand.op not in _COMPARISONS for operand in node.ops
    ):
        return None
    steps = [(_COMPARISONS[operand.op], read)
             for operand, read in zip(node.ops, operands, strict=True)]
    last = len(steps) - 1

    def compare(names: Mapping[str, Any]) -> Any:
        # `a < b < c` is `a < b and b < c` with b read once, as in Python.
        left = first(names)
        result: Any = None
        for index, (function, read) in enumerate(steps):
            right = read(names)
            result = function(left, right)
            if index < last and not result:
                return result
            left = right
        return result

    return compare


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
