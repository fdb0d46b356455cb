"""What an analysis finds in a template or condition, as plain frozen data.

Kept apart from `analysis` (which parses with Jinja2) so that a playbook, and the cache of
earlier analyses, can hold these without loading Jinja2 at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
