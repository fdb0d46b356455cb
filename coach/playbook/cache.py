"""What checking the playbooks found out last time, kept so a debrief starts without redoing it.

Loading the playbooks is the slowest part of starting a debrief, and nearly all of it is the
parse-and-check of each template and condition (YAML reading and the other checks are a few
milliseconds). So the cache keeps, as plain JSON, each text that passed its checks together
with what it reads (its analysis); everything else is read and checked from the YAML files
every time, and each text is looked up by its exact words, so an edited text is checked afresh.

The cache lives in the cache folder (coach/store/cachefile.py reads and writes it safely) and
names the version of Coach and of every module whose rules decide what a checked text is; any
change to those throws the cache away. Entries are validated field by field on the way in. A
forged entry could at most hide which names a text reads: the sandbox checks the syntax
whitelist again before it runs any text, so no entry can make unchecked text run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from coach import __version__
from coach.playbook.library import Library, builtin_folder, load_library
from coach.store.cachefile import read_cache, write_cache
from coach.templating.compiled import AnalysisKey, Remembered, remembering
from coach.templating.results import Analysis, Comparison, Reference

CACHE_FILE = "playbooks.json"
KIND = "playbooks"
_KINDS = ("template", "expression")
_LITERALS = (str, int, float, bool, type(None))
FIXED_ALLOWANCE = 64 * 1024
GROWTH = 4
"""The cache holds each checked text once plus a few names per text: never more than GROWTH
times the playbook files' size (measured: 0.9x for the built-in playbooks)."""


def _loader_files() -> list[Path]:
    """The modules whose rules decide what a checked playbook is."""
    from coach import language, templating
    from coach.conversation import safety
    from coach.playbook import checks, library, reader, schema, steps, yamlsource
    from coach.playbook import model as playbook

    modules = (checks, library, playbook, reader, safety, schema, yamlsource)
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
    return [Path(str(module.__file__)) for module in modules] + package_files


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
    with remembering(Remembered(earlier or {})) as remembered:
        library = load_library(user_folder)
    # Only what this load used is kept, so texts long since edited away do not pile up.
    if earlier != remembered.used:
        entries = [_entry_data(key, analysis) for key, analysis in remembered.used.items()]
        write_cache(cache, KIND, {"code": signature,
                                  "analyses": [entry for entry in entries if entry is not None]})
    return library

