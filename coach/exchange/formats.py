"""The export formats, in one table: each format's name, the file suffixes that pick it, and
where it can be used.

Light on purpose (no renderer is imported), so the command line builds its choices from here at
start-up. The renderer of each format is in coach/exchange/export.py (`RENDERERS`, checked
against this table by tests/test_export_import.py). Adding a format is a row here and a renderer
there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Format:
    """One export format: its name on the command line and the suffixes that mean it."""

    name: str
    suffixes: tuple[str, ...]
    whole: bool
    """Every field of every record (for scripts and importing back), not a document to read."""
    one_record: bool
    """`coach show --format` can print a single reflection in it."""


FORMATS = (
    Format("json", (".json",), whole=True, one_record=True),
    Format("jsonl", (".jsonl", ".ndjson"), whole=True, one_record=False),
    Format("csv", (".csv",), whole=True, one_record=False),
    Format("md", (".md", ".markdown"), whole=False, one_record=True),
)
NAMES = tuple(found.name for found in FORMATS)
DEFAULT = "jsonl"
"""What an export is written in when neither --format nor the file's suffix says."""
JSON_NAMES = ("json", "jsonl")
"""The formats printed with JSON's escapes kept (see export.for_terminal)."""
WHOLE = tuple(found.name for found in FORMATS if found.whole)
HISTORY_CHOICES = ("text", *NAMES)
SHOW_CHOICES = ("text", *(found.name for found in FORMATS if found.one_record))


def by_suffix(name: str) -> str:
    """The format a file name's suffix asks for ("week.md" -> "md"), else DEFAULT."""
    suffix = PurePath(name).suffix.lower()
    return next((found.name for found in FORMATS if suffix in found.suffixes), DEFAULT)
