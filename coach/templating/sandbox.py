"""Sandboxed Jinja2 for playbook prompts and conditions: compile, inspect and render safely.

Playbooks come from users and teams, so their text is treated as untrusted code. Three layers
keep it harmless:

1. Only a small whitelist of syntax is accepted: `{{ }}` output, `{% if %}`, names, attributes,
   comparisons, arithmetic and a fixed list of filters and tests. No loops, macros, calls,
   includes, `set` blocks or attributes that start with `_`, and arithmetic on constants must
   stay within the render limits. This is checked when a playbook is loaded, so a hostile
   template never reaches a conversation, and again by the environment itself whenever it
   compiles anything.
2. Rendering happens in Jinja2's immutable sandbox with strict undefined names and no loader.
   Attributes are only looked up as keys of a namespace (`stats.dials_today`), so no method or
   class of a Python object can ever be reached or shown.
3. Arithmetic and filters are size-checked, so `'a' * 10**9` or `7 ** (10**7)` fail at once.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coach.errors import TemplateProblem
from coach.language.reflect import reflect

MAX_TEXT = 4_000
"""The longest text a template or a single operation may produce."""

MAX_INT_BITS = 256
"""Integers beyond this size are refused: nothing a coach says needs them."""

MAX_SOURCE = 10_000
"""The longest template or condition accepted; its output could never fit in MAX_TEXT anyway."""

MAX_NESTING = 50
"""How deeply a template's syntax may nest. Jinja2's parser and compiler recurse once per level,
so a pathological text (`1+1+1+...`, thousands of brackets) must be refused before they run."""

ALLOWED_FILTERS = [
    "abs",
    "capitalize",
    "default",
    "first",
    "float",
    "int",
    "join",
    "last",
    "length",
    "lower",
    "max",
    "min",
    "reflect",
    "replace",
    "round",
    "sort",
    "string",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
]
ALLOWED_TESTS = [
    "defined",
    "undefined",
    "none",
    "number",
    "string",
    "true",
    "false",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in",
    "divisibleby",
    "odd",
    "even",
    "sequence",
]

_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Filter,
    nodes.Test,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.List,
    nodes.Tuple,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Mod,
    nodes.Pow,
    nodes.Neg,
    nodes.Pos,
    nodes.Keyword,
    nodes.Slice,
)

_NODE_NAMES = {
    nodes.For: "loops ({% for %})",
    nodes.Macro: "macros",
    nodes.Call: "function and method calls",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.With: "{% with %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Dict: "dict literals",
}


class TemplateRenderError(Exception):
    """Rendering went over a limit or failed; the message says which."""


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
        tree = source if isinstance(source, nodes.Template) else _parse(source, expression=False)
        _check_tree(_expression_of(tree))
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
        _check_binop(operator, left, right)
        return _check_size(super().call_binop(context, operator, left, right))


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


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "**":
        if isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateRenderError("the power is too large (at most 64)")
        if isinstance(left, int) and left.bit_length() * max(int(abs(right)), 1) > MAX_INT_BITS:
            raise TemplateRenderError("the number would be too large")
    if operator == "%" and isinstance(left, str):
        raise TemplateRenderError("'%' formatting of text is not allowed")
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
            if sized and len(seq) * count > MAX_TEXT:
                raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateRenderError("the number would be too large")
    return value


def _limited(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so its result is size-checked (keeps Jinja's pass-context markers)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _check_size(function(*args, **kwargs))

    return wrapper


def _default(value: Any, fallback: Any = "", boolean: bool = False) -> Any:
    """Like Jinja's `default`, but an unanswered (none) or empty answer also takes the fallback."""
    if isinstance(value, jinja2.Undefined) or value is None or value == "":
        return fallback
    if boolean and not value:
        return fallback
    return value


def _make_environment() -> _LimitedSandbox:
    environment = _LimitedSandbox(
        undefined=jinja2.StrictUndefined, autoescape=False, loader=None, keep_trailing_newline=False
    )
    environment.globals.clear()
    environment.filters["reflect"] = reflect
    filters = {name: environment.filters[name] for name in ALLOWED_FILTERS}
    filters["default"] = _default
    environment.filters = {name: _limited(function) for name, function in filters.items()}
    environment.tests = {name: environment.tests[name] for name in ALLOWED_TESTS}
    return environment


_ENVIRONMENT = _make_environment()


@dataclass(frozen=True)
class Reference:
    """A name a template or condition reads, with the attribute read from it, if any."""

    name: str
    attribute: str | None
    line: int


@dataclass(frozen=True)
class Comparison:
    """A name compared with literal values (`cause == 'timing'`, `cause in ['a', 'b']`)."""

    reference: Reference
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Analysis:
    """What a template or condition reads, so a loader can check every name exists."""

    references: tuple[Reference, ...] = ()
    comparisons: tuple[Comparison, ...] = ()


def _parse(source: str, *, expression: bool) -> nodes.Template:
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
        raise TemplateProblem(_TOO_DEEP, hint="split it into simpler parts") from None
    except (ValueError, OverflowError):
        # The lexer converts number literals with int(), which refuses thousands of digits.
        raise TemplateProblem("a number in it is too large") from None


_TOO_DEEP = f"the text is nested more than {MAX_NESTING} levels deep"


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


def _check_tree(tree: nodes.Node) -> None:
    for node in _walk(tree):
        line = getattr(node, "lineno", 1) or 1
        if not isinstance(node, _ALLOWED_NODES):
            name = _NODE_NAMES.get(type(node), f"'{type(node).__name__}' expressions")
            raise TemplateProblem(
                f"{name} are not allowed in playbook text",
                line=line,
                hint="use {{ name }}, filters and {% if %} only",
            )
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise TemplateProblem(
                f"the attribute '{node.attr}' is not allowed",
                line=line,
                hint="names starting with '_' are private",
            )
        if isinstance(node, nodes.Getattr) and not isinstance(
            node.node, (nodes.Name, nodes.Getattr)
        ):
            raise TemplateProblem(
                f"'.{node.attr}' can only follow a name",
                line=line,
                hint="attributes are for stats.NAME and an included playbook's answers",
            )
        if isinstance(node, nodes.Keyword) and node.key == "attribute":
            value = node.value.value if isinstance(node.value, nodes.Const) else None
            if isinstance(value, str) and value.startswith("_"):
                raise TemplateProblem(
                    f"the attribute '{value}' is not allowed",
                    line=line,
                    hint="names starting with '_' are private",
                )
        if isinstance(node, nodes.Name) and node.name == "self":
            # Jinja2 always binds `self` to its own template object, whatever the answers hold.
            raise TemplateProblem(
                "the name 'self' is not allowed",
                line=line,
                hint="it is reserved by the template engine",
            )
        if (
            isinstance(node, nodes.Mod)
            and isinstance(node.left, nodes.Const)
            and isinstance(node.left.value, str)
        ):
            raise TemplateProblem(
                "'%' formatting of text is not allowed",
                line=line,
                hint="write {{ name }} where the value goes",
            )
        argument = node.arg if isinstance(node, nodes.Getitem) else None
        key = argument.value if isinstance(argument, nodes.Const) else None
        if isinstance(key, str) and key.startswith("_"):
            raise TemplateProblem(
                f"the key '{key}' is not allowed",
                line=line,
                hint="names starting with '_' are private",
            )
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            raise TemplateProblem(
                f"the name '{node.name}' is not allowed",
                line=line,
                hint="names starting with '_' are private",
            )
        if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            raise TemplateProblem(
                f"unknown filter '{node.name}'",
                line=line,
                hint="known filters are " + ", ".join(ALLOWED_FILTERS),
            )
        if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            raise TemplateProblem(
                f"unknown test '{node.name}'",
                line=line,
                hint="known tests are " + ", ".join(ALLOWED_TESTS),
            )
        if isinstance(node, (nodes.Filter, nodes.Test)) and (node.dyn_args or node.dyn_kwargs):
            raise TemplateProblem("*args and **kwargs are not allowed", line=line)
    _fold_constants(tree)


def _walk(node: nodes.Node, depth: int = 0) -> Iterator[nodes.Node]:
    if depth > MAX_NESTING:
        line = getattr(node, "lineno", 1) or 1
        raise TemplateProblem(_TOO_DEEP, line=line, hint="split it into simpler parts")
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child, depth + 1)


_OPERATORS: dict[type[nodes.Node], Callable[[Any, Any], Any]] = {
    nodes.Add: operator.add,
    nodes.Sub: operator.sub,
    nodes.Mul: operator.mul,
    nodes.Div: operator.truediv,
    nodes.FloorDiv: operator.floordiv,
    nodes.Mod: operator.mod,
    nodes.Pow: operator.pow,
}
_UNKNOWN = object()


def _fold_constants(node: nodes.Node) -> Any:
    """Compute the constant parts of an expression under the render limits (or _UNKNOWN).

    `'a' * 10**9` or `7 ** (10**7)` fail at render anyway; computing constants here, one
    checked operation at a time, rejects them when the playbook is loaded instead.
    """
    values = [_fold_constants(child) for child in node.iter_child_nodes()]
    line = getattr(node, "lineno", 1) or 1
    try:
        if isinstance(node, nodes.Const):
            return _check_size(node.value)
        if isinstance(node, (nodes.List, nodes.Tuple)) and _UNKNOWN not in values:
            return values
        operation = _OPERATORS.get(type(node))
        if operation is not None and _UNKNOWN not in values:
            left, right = values
            _check_binop(node.operator, left, right)  # type: ignore[attr-defined]
            return _check_size(operation(left, right))
    except TemplateRenderError as error:
        raise TemplateProblem(
            str(error), line=line, hint="keep numbers and repeated text small"
        ) from None
    except (ArithmeticError, TypeError, ValueError) as error:
        raise TemplateProblem(
            f"this arithmetic cannot be done ({_describe(error)})", line=line
        ) from None
    return _UNKNOWN


def _reference_of(node: nodes.Node) -> Reference | None:
    if isinstance(node, nodes.Name):
        return Reference(node.name, None, node.lineno or 1)
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return Reference(node.node.name, node.attr, node.lineno or 1)
    return None


def _literal_values(node: nodes.Node) -> tuple[Any, ...] | None:
    if isinstance(node, nodes.Const):
        return (node.value,)
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(
        isinstance(item, nodes.Const) for item in node.items
    ):
        return tuple(item.value for item in node.items)  # type: ignore[attr-defined]
    return None


def _analyse(tree: nodes.Node) -> Analysis:
    references: list[Reference] = []
    comparisons: list[Comparison] = []
    attribute_bases: set[int] = set()
    for node in _walk(tree):
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            attribute_bases.add(id(node.node))
            references.append(Reference(node.node.name, node.attr, node.lineno or 1))
        elif isinstance(node, nodes.Name) and id(node) not in attribute_bases:
            references.append(Reference(node.name, None, node.lineno or 1))
        if isinstance(node, nodes.Compare) and len(node.ops) == 1:
            left, right = node.expr, node.ops[0].expr
            for subject, other in ((left, right), (right, left)):
                reference = _reference_of(subject)
                values = _literal_values(other)
                if reference is not None and values is not None:
                    comparisons.append(Comparison(reference, values))
    return Analysis(tuple(references), tuple(comparisons))


def analyse_template(source: str) -> Analysis:
    """Check a prompt or response template and say which names it reads.

    Raises TemplateProblem when the text does not parse or uses something not allowed.

    >>> [r.name for r in analyse_template("Hi {{ name | default('you') }}").references]
    ['name']
    """
    tree = _parse(source, expression=False)
    _check_tree(tree)
    return _analyse(tree)


def analyse_condition(source: str) -> Analysis:
    """Check a condition such as `sting >= 7` and say which names it reads."""
    if not source.strip():
        raise TemplateProblem("the condition is empty", hint="e.g. sting >= 7")
    tree = _parse(source, expression=True)
    _check_tree(tree)
    return _analyse(tree)


@dataclass(frozen=True)
class _Checked:
    """Checked playbook text (a template or a condition), compiled to Python on first use.

    Turning checked text into Python code is the slow part of loading a playbook, and most texts
    are never shown in a given run, so it happens the first time the text is needed.
    """

    source: str
    analysis: Analysis = field(default_factory=Analysis, repr=False, compare=False)
    line: int = field(default=1, compare=False)
    column: int = field(default=1, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # Compiled code is rebuilt after unpickling; the checked text and its analysis are kept.
        return {**self.__dict__, "_cache": {}}

    def _compiled(self, build: Callable[[str], Any]) -> Any:
        if "compiled" not in self._cache:
            self._cache["compiled"] = build(self.source)
        return self._cache["compiled"]


@dataclass(frozen=True)
class Template(_Checked):
    """A checked prompt or response text, ready to render against a namespace."""

    names: tuple[str, ...] = ()

    def render(self, namespace: Mapping[str, Any]) -> str:
        """Render the text; raises TemplateRenderError on any failure or limit."""
        try:
            text: str = self._compiled(_ENVIRONMENT.from_string).render(dict(namespace))
        except TemplateRenderError:
            raise
        except Exception as error:
            raise TemplateRenderError(_describe(error)) from None
        if len(text) > MAX_TEXT:
            raise TemplateRenderError(f"the text would be longer than {MAX_TEXT} characters")
        return text


def _compile_expression(source: str) -> Any:
    return _ENVIRONMENT.compile_expression(source, undefined_to_none=True)


@dataclass(frozen=True)
class Expression(_Checked):
    """A checked condition or value expression over answers and stats."""

    def value(self, namespace: Mapping[str, Any]) -> Any:
        """The expression's value, or None when it cannot be computed (e.g. a missing answer)."""
        try:
            value = self._compiled(_compile_expression)(**namespace)
        except Exception:
            return None
        # An undefined result (a stat missing from the namespace) is "cannot be computed" too;
        # left undefined, it would raise later, outside this guard, when tested for truth.
        return None if isinstance(value, jinja2.Undefined) else value

    def holds(self, namespace: Mapping[str, Any]) -> bool:
        """Whether the condition is true; one that cannot be computed counts as false."""
        return bool(self.value(namespace))


def _describe(error: Exception) -> str:
    """A user-facing reason for a failure, in words rather than Python's exception names."""
    if isinstance(error, TemplateProblem):  # the environment refused text that skipped the checks
        return error.message
    if isinstance(error, jinja2.UndefinedError):
        return f"unknown name ({error.message})"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return "blocked by the sandbox"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"does not parse: {error.message}"
    if isinstance(error, ZeroDivisionError):
        return "division by zero"
    if isinstance(error, OverflowError):
        return "the number would be too large"
    if isinstance(error, TypeError):
        return "these values cannot be combined that way"
    if isinstance(error, RecursionError):
        return _TOO_DEEP
    return "the text cannot be worked out"


def compile_template(source: str) -> Template:
    """Check and compile a template (raises TemplateProblem)."""
    analysis = analyse_template(source)
    names = tuple(dict.fromkeys(reference.name for reference in analysis.references))
    return Template(source, analysis, names=names)


def compile_expression(source: str) -> Expression:
    """Check and compile a condition or value expression (raises TemplateProblem)."""
    return Expression(source, analyse_condition(source))


_HTML_ENVIRONMENT = ImmutableSandboxedEnvironment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    loader=None,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(template_source: str, context: Mapping[str, Any]) -> str:
    """Render one of Coach's own HTML templates with every value HTML-escaped.

    This is for Coach's shipped report templates, not for playbook text: loops are allowed, and
    autoescaping keeps anything the rep typed (even `<script>`) inert in the page.
    """
    return _HTML_ENVIRONMENT.from_string(template_source).render(dict(context))
