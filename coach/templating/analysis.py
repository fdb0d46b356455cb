"""Static analysis of checked text: which names a template or condition reads and compares.

What it finds (Analysis, Reference, Comparison) lives in `results`, which needs no Jinja2.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes

from coach.errors import TemplateProblem
from coach.templating.results import Analysis, Comparison, Reference
from coach.templating.sandbox import parse
from coach.templating.whitelist import check_tree, walk


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
    for node in walk(tree):
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
    tree = parse(source, expression=False)
    check_tree(tree)
    return _analyse(tree)


def analyse_condition(source: str) -> Analysis:
    """Check a condition such as `sting >= 7` and say which names it reads."""
    if not source.strip():
        raise TemplateProblem("the condition is empty", hint="e.g. sting >= 7")
    tree = parse(source, expression=True)
    check_tree(tree)
    return _analyse(tree)
