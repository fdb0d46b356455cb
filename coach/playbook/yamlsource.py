"""Reading playbook YAML safely into a tree of positioned values (the only module that imports yaml).

The loader never builds Python objects from tags and refuses what makes YAML dangerous or
surprising in hand-written files: anchors and aliases (the "billion laughs" bomb), explicit tags,
several documents, deep nesting, huge files and duplicate keys. Every value keeps the line and
column it came from, so later checks can point at the exact spot.

yaml itself is imported only when a text is parsed. While `remembering_documents` is active
(coach/playbook/cache.py), a text whose tree an earlier run kept, looked up by the sha256 of
its exact bytes, is not parsed again, so an unchanged playbook is read without yaml.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.errors import Diagnostic, PlaybookError

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24

_SHORT_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}


@dataclass
class Node:
    """A YAML value with its position; mappings keep their key nodes too."""

    kind: str  # "scalar", "mapping" or "sequence"
    line: int
    column: int
    value: Any = None
    tag: str = "str"
    text: str = ""
    quoted: bool = False
    block: bool = False
    items: list[Node] = field(default_factory=list)
    entries: dict[str, tuple[Node, Node]] = field(default_factory=dict)

    def describe(self) -> str:
        """How a person would name this value in an error message."""
        if self.kind == "mapping":
            return "a mapping"
        if self.kind == "sequence":
            return "a list"
        return {"null": "nothing (null)", "bool": f"the boolean {self.text}"}.get(
            self.tag, f"the {self.tag if self.tag != 'str' else 'text'} {self.text!r}"
        )


def _diagnostic(path: str, mark: Any, message: str, hint: str = "") -> Diagnostic:
    line = getattr(mark, "line", 0) + 1
    column = getattr(mark, "column", 0) + 1
    return Diagnostic(path, line, column, message, hint)


@functools.cache
def _yaml() -> tuple[Any, Any]:
    """The yaml module and its loader class, imported on the first parse."""
    import yaml

    # libyaml's parser is several times faster; the pure-Python one gives the same events.
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _constructor() -> Any:
    """A safe loader used only to turn tagged scalars into values (never to load a document)."""
    yaml, _ = _yaml()
    return yaml.SafeLoader("")


def _scan_events(text: str, path: str) -> list[Diagnostic]:
    """Walk the event stream once to refuse dangerous constructs before composing anything."""
    yaml, loader = _yaml()
    problems: list[Diagnostic] = []
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.append(
                    _diagnostic(
                        path,
                        mark,
                        "a playbook file holds one YAML document",
                        "remove the extra '---' or split the file",
                    )
                )
        elif isinstance(event, yaml.AliasEvent):
            problems.append(
                _diagnostic(
                    path,
                    mark,
                    "YAML aliases (*name) are not allowed",
                    "write the value out in full",
                )
            )
        elif isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent)):
            if event.anchor is not None:
                problems.append(
                    _diagnostic(
                        path,
                        mark,
                        "YAML anchors (&name) are not allowed",
                        "write the value out in full",
                    )
                )
            if event.tag is not None and event.tag != "!":
                problems.append(
                    _diagnostic(
                        path,
                        mark,
                        f"YAML tags such as {event.tag} are not allowed",
                        "remove the tag; plain values are enough",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(
                        _diagnostic(
                            path,
                            mark,
                            f"nesting deeper than {MAX_DEPTH} levels",
                            "flatten the structure",
                        )
                    )
                    return problems
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _scalar(node: yaml.ScalarNode) -> Node:
    yaml, _ = _yaml()
    tag = _SHORT_TAGS.get(node.tag, "str")
    value: Any = node.value
    if tag not in ("str",):
        try:
            value = _constructor().construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            tag, value = "str", node.value
    return Node(
        "scalar",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        value=value,
        tag=tag,
        text=node.value,
        quoted=node.style in ("'", '"'),
        block=node.style in ("|", ">"),
    )


def _convert(node: yaml.Node, path: str, problems: list[Diagnostic]) -> Node:
    yaml, _ = _yaml()
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return Node(
            "sequence", line, column, items=[_convert(i, path, problems) for i in node.value]
        )
    result = Node("mapping", line, column)
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(_diagnostic(path, key_node.start_mark, "a key must be plain text"))
            continue
        key = _scalar(key_node)
        if key.text in result.entries:
            first = result.entries[key.text][0]
            problems.append(
                Diagnostic(
                    path,
                    key.line,
                    key.column,
                    f"duplicate key '{key.text}'",
                    f"it was already given on line {first.line}",
                )
            )
            continue
        result.entries[key.text] = (key, _convert(value_node, path, problems))
    return result


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in `text`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@dataclass
class Documents:
    """Trees of texts that parsed without a problem, by the sha256 of their UTF-8 bytes.

    `earlier` is what a cache kept from earlier runs; `used` is what this run parsed or reused,
    which is what the cache keeps next (see coach/playbook/cache.py).
    """

    earlier: dict[str, Node] = field(default_factory=dict)
    used: dict[str, Node] = field(default_factory=dict)


_DOCUMENTS: ContextVar[Documents | None] = ContextVar("remembered_documents", default=None)


@contextmanager
def remembering_documents(documents: Documents) -> Iterator[Documents]:
    """Within the block, parsing reuses and records problem-free trees in `documents`."""
    token = _DOCUMENTS.set(documents)
    try:
        yield documents
    finally:
        _DOCUMENTS.reset(token)


def parse_document(text: str, path: str) -> tuple[Node, list[Diagnostic]]:
    """Parse one playbook file's text into positioned nodes.

    Problems that make the file unreadable raise PlaybookError; problems that still leave a
    usable tree (duplicate keys) are returned, so they are reported with every other one.
    """
    documents = _DOCUMENTS.get()
    if documents is None:
        return _parse(text, path)
    try:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return _parse(text, path)  # refused, in words, by the parse itself
    tree = documents.earlier.get(key)
    if tree is None:
        tree, problems = _parse(text, path)
        if problems:
            return tree, problems  # only a tree with nothing to report is kept
    documents.used[key] = tree
    return tree, []


def _parse(text: str, path: str) -> tuple[Node, list[Diagnostic]]:
    yaml, loader = _yaml()
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        # Lone surrogates cannot come from a UTF-8 file, but a caller may hand over any string.
        line, column = _position(text, error.start)
        raise PlaybookError(
            [Diagnostic(path, line, column, "the text is not valid Unicode", "save it as UTF-8")]
        ) from None
    if size > MAX_BYTES:
        raise PlaybookError(
            [
                Diagnostic(
                    path,
                    1,
                    1,
                    f"the file is larger than {MAX_BYTES // 1024} KiB",
                    "split it into smaller playbooks",
                )
            ]
        )
    if "\x00" in text:
        raise PlaybookError(
            [Diagnostic(path, 1, 1, "the file contains NUL bytes", "save it as plain UTF-8 text")]
        )
    try:
        problems = _scan_events(text, path)
        if problems:
            raise PlaybookError(problems)
        composed = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as error:
        # The reader names a "<unicode string>" and an offset (in bytes for libyaml). It stops at
        # the first character it refuses, so the first occurrence of that character is the spot.
        offset = text.find(chr(error.character))
        line, column = _position(text, offset if offset >= 0 else 0)
        raise PlaybookError(
            [
                Diagnostic(
                    path,
                    line,
                    column,
                    f"YAML does not allow the control character #x{error.character:04x}",
                    "remove it, or write it as an escape inside double quotes",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax: {error.problem or error.context or 'cannot read this'}"
        raise PlaybookError(
            [_diagnostic(path, mark, message, "check indentation and quoting")]
        ) from None
    except yaml.YAMLError as error:
        raise PlaybookError([Diagnostic(path, 1, 1, f"YAML syntax: {error}")]) from None
    except RecursionError:
        raise PlaybookError([Diagnostic(path, 1, 1, "nesting is too deep")]) from None
    if composed is None:
        raise PlaybookError(
            [
                Diagnostic(
                    path, 1, 1, "the file is empty", "a playbook needs at least id, title and steps"
                )
            ]
        )
    found: list[Diagnostic] = []
    return _convert(composed, path, found), found
