"""The syntax playbook text may use: allowed nodes, filters and tests, and constants kept small.

Only a small whitelist is accepted: `{{ }}` output, `{% if %}`, names, attributes, comparisons,
arithmetic and a fixed list of filters and tests. No loops, macros, calls, includes, `set`
blocks or attributes that start with `_`, and arithmetic on constants must stay within the
render limits. A hostile template is refused here, in words, before it is ever compiled.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import nodes

from coach.errors import TemplateProblem
from coach.templating.limits import (
    MAX_NESTING,
    TOO_DEEP,
    TemplateRenderError,
    check_binop,
    check_size,
    describe,
)

ALLOWED_FILTERS = [
    "abs",
    "capitalize",
    "default",
    "first",
    "float",
    "int",
    "is_win",
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
    "nonanswer",
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


def check_tree(tree: nodes.Node) -> None:
    """Refuse any syntax outside the whitelist (raises TemplateProblem with its line)."""
    for node in walk(tree):
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
    fold_constants(tree)


def walk(node: nodes.Node, depth: int = 0) -> Iterator[nodes.Node]:
    if depth > MAX_NESTING:
        line = getattr(node, "lineno", 1) or 1
        raise TemplateProblem(TOO_DEEP, line=line, hint="split it into simpler parts")
    yield node
    for child in node.iter_child_nodes():
        yield from walk(child, depth + 1)


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


def fold_constants(node: nodes.Node) -> Any:
    """Compute the constant parts of an expression under the render limits (or _UNKNOWN).

    `'a' * 10**9` or `7 ** (10**7)` fail at render anyway; computing constants here, one
    checked operation at a time, rejects them when the playbook is loaded instead.
    """
    values = [fold_constants(child) for child in node.iter_child_nodes()]
    line = getattr(node, "lineno", 1) or 1
    try:
        if isinstance(node, nodes.Const):
            return check_size(node.value)
        if isinstance(node, (nodes.List, nodes.Tuple)) and _UNKNOWN not in values:
            return values
        operation = _OPERATORS.get(type(node))
        if operation is not None and _UNKNOWN not in values:
            left, right = values
            check_binop(node.operator, left, right)  # type: ignore[attr-defined]
            return check_size(operation(left, right))
    except TemplateRenderError as error:
        raise TemplateProblem(
            str(error), line=line, hint="keep numbers and repeated text small"
        ) from None
    except (ArithmeticError, TypeError, ValueError) as error:
        raise TemplateProblem(
            f"this arithmetic cannot be done ({describe(error)})", line=line
        ) from None
    return _UNKNOWN


