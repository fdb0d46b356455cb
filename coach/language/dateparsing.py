"""The fallback for dates the quick forms do not read (the only module importing dateparser).

dateparser is kept up, reads English phrases such as "3rd of march" or "the 15th", and can
prefer future or past dates, which is the direction a date is asked in. It takes a moment to
load, so coach/language/dates.py imports this module only when its own forms do not match.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import dateparser

if TYPE_CHECKING:
    from coach.language.dates import Direction


def parse_loosely(text: str, today: date, direction: Direction) -> date | None:
    """The calendar day dateparser reads in `text`, or None when it reads none."""
    try:
        found = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime.combine(today, time(12)),
                "PREFER_DATES_FROM": "future" if direction == "ahead" else "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "STRICT_PARSING": False,
            },
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date() if found is not None else None
