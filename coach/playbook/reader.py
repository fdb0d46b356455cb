"""Reading one YAML file's nodes into plain values, with a positioned Diagnostic per problem.

Playbooks and playbook test files are read through this one reader, so a problem in either
points at the same file:line:column and is worded the same way.
"""

from __future__ import annotations

from coach.errors import Diagnostic
from coach.playbook.yamlsource import Node


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest valid option, or listing the valid ones."""
    import difflib  # only for a mistake: an unchanged playbook never needs it

    close = difflib.get_close_matches(word, list(options), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "valid: " + ", ".join(options) if options else ""


def value_of(node: Node, key: str) -> Node | None:
    """The value node under `key` of a mapping node, or None when the key is absent."""
    entry = node.entries.get(key)
    return entry[1] if entry else None


class NodeReader:
    """Reads one file's nodes, appending a Diagnostic for each problem instead of stopping."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []

    def problem(self, node: Node, message: str, hint: str = "", line_offset: int = 0) -> None:
        self.problems.append(
            Diagnostic(self.path, node.line + line_offset, node.column, message, hint)
        )

    def check_keys(self, node: Node, allowed: tuple[str, ...], where: str) -> None:
        for text, (key, _) in node.entries.items():
            if text not in allowed:
                self.problem(key, f"{where}unknown key '{text}'", did_you_mean(text, allowed))

    def mapping(self, node: Node | None, where: str) -> bool:
        if node is not None and node.kind != "mapping":
            self.problem(node, f"{where}expected a mapping (key: value), found {node.describe()}")
            return False
        return node is not None

    def keys(self, node: Node, allowed: tuple[str, ...], where: str) -> bool:
        """Whether the node is a mapping; its keys outside `allowed` are reported either way."""
        if not self.mapping(node, where):
            return False
        self.check_keys(node, allowed, where)
        return True

    def text(self, node: Node | None, where: str, *, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if node.kind != "scalar" or node.tag == "null":
            self.problem(node, f"{where}expected text, found {node.describe()}")
            return None
        if node.tag != "str" and not node.quoted:
            self.problem(
                node,
                f"{where}YAML reads {node.text!r} as {node.describe()}, not text",
                f'put it in quotes: "{node.text}"',
            )
            return None
        if not allow_empty and not node.text.strip():
            self.problem(node, f"{where}the text is empty")
            return None
        return str(node.value)

    def boolean(self, node: Node | None, where: str, default: bool) -> bool:
        if node is None:
            return default
        # Only YAML's own true/false: a quoted "no" is text, and as text it would count as true.
        if node.kind == "scalar" and node.tag == "bool":
            return bool(node.value)
        self.problem(node, f"{where}expected true or false, found {node.describe()}")
        return default

    def number(self, node: Node | None, where: str) -> float | None:
        if node is None:
            return None
        if (
            node.kind == "scalar"
            and node.tag in ("int", "float")
            and not isinstance(node.value, bool)
        ):
            return node.value  # type: ignore[no-any-return]
        self.problem(node, f"{where}expected a number, found {node.describe()}")
        return None

    def text_list(self, node: Node | None, where: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if node.kind == "scalar":
            value = self.text(node, where)
            return (value,) if value else ()
        if node.kind != "sequence":
            self.problem(node, f"{where}expected a list of text, found {node.describe()}")
            return ()
        return tuple(v for item in node.items if (v := self.text(item, where)) is not None)
