"""What checking the playbooks found out last time, kept so a debrief starts without redoing it.

Loading the playbooks is the slowest part of starting a debrief, and nearly all of it is the
parse-and-check of each template and condition, then reading the YAML (importing yaml alone
costs about as much as the rest). So the cache keeps, as plain JSON, each text that passed its
checks together with what it reads (its analysis), and the tree of positioned values each
playbook file's YAML gave (coach/playbook/yamlsource.py), looked up by the sha256 of the file's
exact bytes. The files are still found, trust-checked and read every time, and every schema
and cross-playbook check runs on the tree as it would on a fresh parse; an edited file or text
is simply parsed and checked afresh.

The cache lives in the cache folder (coach/store/cachefile.py reads and writes it safely) and
names the version of Coach and of every module whose rules decide what a checked text is; any
change to those throws the cache away. Entries are validated field by field on the way in. A
forged analysis could at most hide which names a text reads: the sandbox checks the syntax
whitelist again before it runs any text, so no entry can make unchecked text run. A forged tree
is plain values, checked by the same schema as any playbook file the rep could write into their
own folder, so it can do no more than such a file; the cache folder is the rep's alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from coach import __version__
from coach.playbook.library import Library, builtin_folder, load_library
from coach.playbook.yamlsource import MAX_DEPTH, Documents, Node, remembering_documents
from coach.store.cachefile import read_cache, write_cache
from coach.templating.compiled import AnalysisKey, Remembered, remembering
from coach.templating.results import Analysis, Comparison, Reference

CACHE_FILE = "playbooks.json"
KIND = "playbooks"
_KINDS = ("template", "expression")
_LITERALS = (str, int, float, bool, type(None))
FIXED_ALLOWANCE = 64 * 1024
GROWTH = 8
"""The cache holds each checked text once plus a few names per text, and each file's tree of
values with their positions: never more than GROWTH times the playbook files' size (measured:
about 2.4x for the built-in playbooks)."""
_SAFE_INTEGER = 2**53
"""Integers a JSON number keeps exactly everywhere; a tree holding a bigger one is not kept."""


def _loader_files() -> list[Path]:
    """The modules whose rules decide what a checked playbook is."""
    from coach import language, templating
    from coach.playbook import checks, library, reader, schema, steps, yamlsource
    from coach.playbook import model as playbook

    modules = (checks, library, playbook, reader, schema, yamlsource)
    # Every module of the templating package counts: the whitelist, the limits and the analysis
    # all decide what a checked template is, and a module added later must not be missed.
    # The step registry says which keys each step type allows, and compiled keyword matchers hold
    # stems, so the step and language modules count the same way.
    packages = (templating, steps, language)
    package_files = [
        path
        for package in packages
        for path in sorted(Path(str(package.__file__)).parent.glob("*.py"))
    ]
    # The safety check's phrase reading decides which `safety.*` replies a playbook may name; it
    # sits above this package, so it is found by its place rather than imported.
    safety = Path(str(language.__file__)).parent.parent / "conversation" / "safety.py"
    return [Path(str(module.__file__)) for module in modules] + [safety] + package_files


def code_signature() -> str:
    """A fingerprint of Coach's version and of the code that checks playbooks.

    An upgrade, or an edit to the checking rules in a development checkout, never reuses what
    older rules found.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in _loader_files():
        status = path.stat()
        digest.update(f"{path}\0{status.st_mtime_ns}\0{status.st_size}\0".encode())
    return digest.hexdigest()


def _playbook_bytes(folders: list[Path]) -> int:
    total = 0
    for folder in folders:
        if folder.is_dir():
            for path in folder.iterdir():
                if path.suffix in (".yaml", ".yml"):
                    try:
                        total += path.stat().st_size
                    except OSError:
                        continue
    return total


def size_limit(user_folder: Path) -> int:
    """The largest cache the current playbook files can need, in bytes."""
    return FIXED_ALLOWANCE + GROWTH * _playbook_bytes([builtin_folder(), user_folder])


# -- plain data, both ways ------------------------------------------------------------------------

def _reference_data(reference: Reference) -> list[Any]:
    return [reference.name, reference.attribute, reference.line]


def _entry_data(key: AnalysisKey, analysis: Analysis) -> list[Any] | None:
    values = [value for comparison in analysis.comparisons for value in comparison.values]
    if not all(type(value) in _LITERALS for value in values):
        return None  # a literal JSON cannot keep exactly is simply analysed again next time
    return [key[0], key[1], [_reference_data(reference) for reference in analysis.references],
            [[_reference_data(c.reference), list(c.values)] for c in analysis.comparisons]]


def _reference(data: Any) -> Reference:
    name, attribute, line = data  # a wrong length raises ValueError (or TypeError)
    if (type(name) is not str or (attribute is not None and type(attribute) is not str)
            or type(line) is not int or line < 1):
        raise ValueError("not a reference")
    return Reference(name, attribute, line)


def _entry(data: Any) -> tuple[AnalysisKey, Analysis]:
    kind, source, references, comparisons = data
    if kind not in _KINDS or type(source) is not str or type(references) is not list \
            or type(comparisons) is not list:
        raise ValueError("not an entry")
    found: list[Comparison] = []
    for comparison in comparisons:
        reference, values = comparison
        if type(values) is not list or not all(type(value) in _LITERALS for value in values):
            raise ValueError("not a comparison")
        found.append(Comparison(_reference(reference), tuple(values)))
    analysis = Analysis(tuple(_reference(reference) for reference in references), tuple(found))
    return (kind, source), analysis


def _plain_value(value: Any) -> bool:
    """Whether JSON keeps this scalar value exactly (dates and huge numbers it does not)."""
    if value is None or type(value) is bool:
        return True
    if type(value) is int:
        return abs(value) < _SAFE_INTEGER
    return type(value) is float and value - value == 0  # finite: not inf, not nan


def _node_data(node: Node) -> list[Any] | None:
    """A tree as nested lists, or None when some value in it would not come back the same."""
    if node.kind == "scalar":
        if node.tag == "str":
            # A text scalar's value is its text; only other tags carry a value of their own.
            return ["s", node.line, node.column, node.text, node.quoted, node.block]
        if not _plain_value(node.value):
            return None
        return ["v", node.line, node.column, node.text, node.quoted, node.block, node.tag,
                node.value]
    if node.kind == "sequence":
        items = [_node_data(item) for item in node.items]
        return None if None in items else ["q", node.line, node.column, items]
    entries = [[_node_data(key), _node_data(value)] for key, value in node.entries.values()]
    if any(None in entry for entry in entries):
        return None
    return ["m", node.line, node.column, entries]


def _position(line: Any, column: Any) -> tuple[int, int]:
    if type(line) is not int or type(column) is not int or line < 1 or column < 1:
        raise ValueError("not a position")
    return line, column


def _node(data: Any, depth: int = 0) -> Node:
    """A tree from `_node_data`'s lists, every field checked (raises ValueError or TypeError)."""
    if depth > MAX_DEPTH or type(data) is not list or not data:
        raise ValueError("not a node")
    kind = data[0]
    if kind in ("s", "v"):
        if kind == "s":
            _, line, column, text, quoted, block = data
            tag, value = "str", text
        else:
            _, line, column, text, quoted, block, tag, value = data
            if tag == "str" or tag not in _SCALAR_TAGS or not _plain_value(value):
                raise ValueError("not a value")
        if type(text) is not str or type(quoted) is not bool or type(block) is not bool:
            raise ValueError("not a scalar")
        line, column = _position(line, column)
        return Node("scalar", line, column, value=value, tag=tag, text=text, quoted=quoted,
                    block=block)
    if kind == "q":
        _, line, column, items = data
        if type(items) is not list:
            raise ValueError("not a sequence")
        line, column = _position(line, column)
        return Node("sequence", line, column, items=[_node(item, depth + 1) for item in items])
    if kind != "m":
        raise ValueError("not a node")
    _, line, column, entries = data
    if type(entries) is not list:
        raise ValueError("not a mapping")
    node = Node("mapping", *_position(line, column))
    for key_data, value_data in entries:
        key = _node(key_data, depth + 1)
        if key.kind != "scalar" or key.text in node.entries:
            raise ValueError("not a key")
        node.entries[key.text] = (key, _node(value_data, depth + 1))
    return node


_SCALAR_TAGS = ("int", "float", "bool", "null")
"""The tags a kept scalar other than text may have (a timestamp's date is never kept)."""


def remembered_documents(content: Any, signature: str) -> dict[str, Node] | None:
    """The trees a decoded cache holds, or None if it is not one of this code's caches."""
    if (type(content) is not dict or content.get("code") != signature
            or type(content.get("documents")) is not dict):
        return None
    try:
        return {_digest(key): _node(data) for key, data in content["documents"].items()}
    except (TypeError, ValueError, RecursionError):
        return None


def _digest(key: Any) -> str:
    if type(key) is not str or len(key) != 64 or key.strip("0123456789abcdef"):
        raise ValueError("not a sha256")
    return key


def remembered_analyses(content: Any, signature: str) -> dict[AnalysisKey, Analysis] | None:
    """The analyses a decoded cache holds, or None if it is not one of this code's caches."""
    if (type(content) is not dict or content.get("code") != signature
            or type(content.get("analyses")) is not list):
        return None
    try:
        return dict(_entry(entry) for entry in content["analyses"])
    except (TypeError, ValueError):
        return None


# -- the cache --------------------------------------------------------------------------------------

def cached_library(user_folder: Path, cache_folder: Path) -> Library:
    """The built-in and user playbooks, checked, reusing what earlier runs found where it can."""
    cache = cache_folder / CACHE_FILE
    signature = code_signature()
    content = read_cache(cache, KIND, size_limit(user_folder))
    earlier = remembered_analyses(content, signature) if content is not None else None
    trees = remembered_documents(content, signature) if earlier is not None else None
    with (remembering(Remembered(earlier or {})) as remembered,
          remembering_documents(Documents(trees or {})) as documents):
        library = load_library(user_folder)
    # Only what this load used is kept, so texts long since edited away do not pile up.
    before = (trees or {}).keys()
    if earlier == remembered.used and documents.used.keys() == before:
        return library
    # A tree JSON cannot keep exactly (a date, a huge number) is parsed again each time.
    kept = {key: data for key, tree in documents.used.items()
            if (data := _node_data(tree)) is not None}
    if earlier != remembered.used or kept.keys() != before:
        entries = [_entry_data(key, analysis) for key, analysis in remembered.used.items()]
        write_cache(cache, KIND, {"code": signature,
                                  "analyses": [entry for entry in entries if entry is not None],
                                  "documents": kept})
    return library

