"""Choosing past reflections: the history filters and the text search over every answer.

Everything here is a pure function over records as the store returns them (newest first), so
the command line, the interactive browser and the tests all select reflections the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any, TypeVar

from coach.review.periods import DayFinder, parse_day
from coach.store.digest import answer_text

Record = Mapping[str, Any]
AnyRecord = TypeVar("AnyRecord", bound=Mapping[str, Any])

FILTER_WORDS = ("since", "until", "playbook", "cause", "tag")
"""The `name:value` words the interactive filter understands, besides plain search text."""

FILTERED_FIELDS = ("playbook", "cause", "tags", "finished")
"""The fields those words read (see `_matches`); plain search text reads the answers."""


@dataclass(frozen=True)
class HistoryFilter:
    """Which reflections to show; every field left as None lets everything through."""

    since: date | None = None
    until: date | None = None
    playbook: str | None = None
    cause: str | None = None
    tag: str | None = None
    search: str | None = None
    limit: int | None = None

    def describe(self) -> str:
        """The filter in the words a rep would type, e.g. 'cause:timing budget'."""
        parts = [f"since:{self.since}" if self.since else "", f"until:{self.until}" if self.until else ""]
        parts += [f"{name}:{getattr(self, name)}" for name in ("playbook", "cause", "tag")
                  if getattr(self, name)]
        parts.append(self.search or "")
        return " ".join(part for part in parts if part)


def parse_filter_words(text: str, today: date) -> HistoryFilter:
    """A filter from words such as `cause:timing since:7d budget` (the rest is search text).

    >>> parse_filter_words("cause:timing call back", date(2026, 11, 20))
    HistoryFilter(since=None, until=None, playbook=None, cause='timing', tag=None, search='call back', limit=None)
    """
    fields: dict[str, Any] = {}
    rest: list[str] = []
    for word in text.split():
        name, colon, value = word.partition(":")
        key = name.lower()
        if not colon or key not in FILTER_WORDS:
            rest.append(word)
        elif value:  # a bare `cause:` is still being typed, so it does not filter yet
            fields[key] = parse_day(value, today) if key in ("since", "until") else value
    return HistoryFilter(search=" ".join(rest) or None, **fields)


def _matches(record: Record, wanted: HistoryFilter, day_of: DayFinder, needle: str) -> bool:
    if wanted.playbook is not None and record.get("playbook") != wanted.playbook:
        return False
    if wanted.cause is not None and record.get("cause") != wanted.cause:
        return False
    if wanted.tag is not None:
        tags = record.get("tags")
        if not isinstance(tags, list) or wanted.tag not in tags:
            return False
    if wanted.since is not None or wanted.until is not None:
        day = day_of.day(record.get("finished"))
        if day is None:
            return False
        if (wanted.since is not None and day < wanted.since) or (
            wanted.until is not None and day > wanted.until
        ):
            return False
    return not needle or needle in answer_text(record)


def select(records: Iterable[AnyRecord], wanted: HistoryFilter, zone: tzinfo | None) -> Iterator[AnyRecord]:
    """The records that pass the filter, in the order given, stopping at the limit.

    Records come newest first, so with a limit only the newest ones are ever looked at.
    """
    if wanted.limit is not None and wanted.limit <= 0:
        return
    day_of = DayFinder(zone)
    needle = (wanted.search or "").strip().casefold()
    search_only = wanted == HistoryFilter(search=wanted.search, limit=wanted.limit)
    shown = 0
    for record in records:
        # A plain search runs over the whole history, so it skips the other checks; and with
        # no filter at all, every record passes.
        if (not needle or needle in answer_text(record)) if search_only else _matches(
                record, wanted, day_of, needle):
            yield record
            shown += 1
            if wanted.limit is not None and shown >= wanted.limit:
                return
