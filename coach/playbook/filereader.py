"""Reading the fields of one playbook file: ids, choice keys, and compiled templates and conditions.

`FileReader` is the shared `NodeReader` plus what only playbooks need. Every part of the schema
(the playbook's own keys in `coach.playbook.schema`, a step's in `coach.playbook.stepschema`, and
a step's choices, jumps and responses in `coach.playbook.stepparts`) reads its fields through
one FileReader, so all of a file's problems land in one list.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from coach.errors import TemplateProblem
from coach.playbook.reader import NodeReader
from coach.playbook.yamlsource import Node
from coach.templating import Expression, Template, compile_expression, compile_template

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_NAMES = frozenset(
    [
        "stats",
        "match",
        "answer",
        "shown",
        "end",
        "today",
        "true",
        "false",
        "none",
        "and",
        "or",
        "not",
        "in",
        "is",
        "if",
        "else",
        "self",  # Jinja2 binds `self` to the template itself, so a step by that name is unreadable
    ]
)


class FileReader(NodeReader):
    """Reads one playbook file's nodes: the shared reader, plus ids and compiled playbook text."""

    def identifier(self, node: Node | None, where: str) -> str | None:
        value = self.text(node, where)
        if value is None or node is None:
            return None
        if not IDENTIFIER.match(value):
            self.problem(
                node,
                f"{where}'{value}' is not a valid id",
                "use lower-case letters, digits and '_', starting with a letter",
            )
            return None
        if value in RESERVED_NAMES:
            self.problem(node, f"{where}'{value}' is a reserved name", "pick another id")
            return None
        return value

    def choice_key(self, node: Node, where: str) -> str | None:
        value = self.text(node, where + "choice key: ")
        if value is not None and not IDENTIFIER.match(value):
            self.problem(
                node,
                f"{where}choice key '{value}' is not a valid key",
                "use lower-case letters, digits and '_', starting with a letter",
            )
            return None
        return value

    def compiled(self, node: Node | None, where: str, compile: Callable[[str], Any]) -> Any:
        source = self.text(node, where)
        if source is None or node is None:
            return None
        try:
            compiled = compile(source)
        except TemplateProblem as problem:
            offset = problem.line - 1 + (1 if node.block else 0)
            self.problem(node, f"{where}{problem.message}", problem.hint, offset)
            return None
        # Remember where the text starts, so later checks can point into it.
        start = node.line + (1 if node.block else 0)
        return dataclasses.replace(compiled, line=start, column=node.column)

    def template(self, node: Node | None, where: str) -> Template | None:
        return self.compiled(node, where, compile_template)  # type: ignore[no-any-return]

    def condition(self, node: Node | None, where: str) -> Expression | None:
        return self.compiled(node, where, compile_expression)  # type: ignore[no-any-return]
