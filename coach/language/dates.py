"""Dates as reps say them ("in 3 weeks", "next quarter", "jan 15"), read against a given today.

Pure: no I/O, no library, no clock. Every phrase is read in a direction: a callback date looks
`AHEAD` ("jan 15" in December is next January), a `--since` day looks `BACK` ("jan 15" in
December is this January). A phrase that names its own direction ("in 2 weeks", "2 weeks
ago", "next month") keeps it whatever the caller asks. Anything these forms do not read goes to
a well-kept parser (coach/language/dateparsing.py), imported only then, so a plain debrief never
pays for loading it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Direction = Literal["ahead", "back"]
AHEAD: Direction = "ahead"
BACK: Direction = "back"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "a couple of": 2, "a couple": 2, "couple of": 2}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}
_SHORT_MONTHS = {2: 0, 4: 2, 6: 2, 9: 2, 11: 2}
"""Index into (28, 31, 30) for the months that do not have 31 days."""
LONGEST_PHRASE = 60
"""Longer text is not a date anyone types; it is refused before any parsing."""

# The patterns are plain strings, compiled by `re` on first use: a conversation that never asks
# a date does not pay for compiling them.
_COUNT = r"(\d{1,4}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
_UNIT = r"(days?|weeks?|wks?|fortnights?|months?|mos?|years?|yrs?)"
_UNIT_NAMES = {"wk": "week", "mo": "month", "yr": "year", "d": "day", "w": "week"}
_AMOUNT = (rf"(?:(in|within)\s+)?(?:{_COUNT}\s+{_UNIT}|(\d{{1,4}})\s*(d|w))"
           r"(?:\s+(from now|from today|later|ahead|ago|back|before|earlier))?")
_A_UNIT = r"(?:(in|within)\s+)?(?:a\s+)?(fortnight)(?:\s+(from now|from today|ago))?"
_SIGNED_DAYS = r"([+-]?)(\d{1,4})"
_QUARTER = r"q([1-4])(?:\s+'?(\d{2}|\d{4}))?|'?(\d{4})\s+q([1-4])"
_MONTH = r"(" + "|".join(sorted({name for month in MONTHS for name in (month, month[:3])} |
                                {"sept"}, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_MONTH_DAY = rf"{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR}"
_DAY_MONTH = rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"
_WEEKDAY = (r"(?:(next|this|last|coming|on)\s+)?(" + "|".join(
    sorted({name for day in WEEKDAYS for name in (day, day[:3])} | {"tues", "thur", "thurs"},
           key=len, reverse=True)) + r")")
_END_OF = (r"(?:the\s+)?(?:end of (?:the\s+)?(this\s+|next\s+)?(month|quarter|year)|"
           r"(month|quarter|year)[- ]end|eo(m|q|y))")
_NEXT = r"(next|this|last)\s+(week|month|quarter|year)"

_SIMPLE = {"today": 0, "now": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1,
           "yesterday": -1, "day after tomorrow": 2, "the day after tomorrow": 2,
           "day before yesterday": -2, "the day before yesterday": -2}


def quick_date(text: str, today: date, direction: Direction = AHEAD) -> date | None:
    """The day `text` names, if it is one of the forms written here; None otherwise.

    >>> quick_date("in 3 weeks", date(2027, 3, 11))
    datetime.date(2027, 4, 1)
    >>> quick_date("jan 15", date(2026, 12, 1), BACK)
    datetime.date(2026, 1, 15)
    """
    phrase = " ".join(text.strip().lower().replace("’", "'").split()).rstrip(".!")
    if not phrase or len(phrase) > LONGEST_PHRASE:
        return None
    for read in (_simple, _counted, _quarter, _end_of, _next_period, _month_and_day, _weekday):
        try:
            found = read(phrase, today, direction)
        except (ValueError, OverflowError):  # a day outside the calendar (year 0, year 10000)
            return None
        if found is not None:
            return found
    return _iso(phrase)


def read_date(text: str, today: date, direction: Direction = AHEAD) -> date | None:
    """The day `text` names: the quick forms first, then the fallback parser; None if neither."""
    found = quick_date(text, today, direction)
    if found is not None or len(text) > LONGEST_PHRASE or not re.search(r"[a-z0-9]", text.lower()):
        return found
    from coach.language.dateparsing import parse_loosely

    return parse_loosely(text.strip(), today, direction)


def spoken(day: date) -> str:
    """A day as it is said back to the rep: 'Thu 1 Apr 2027'."""
    return f"{WEEKDAYS[day.weekday()][:3].title()} {day.day} {MONTHS[day.month - 1][:3].title()} {day.year}"


# -- month arithmetic ---------------------------------------------------------------------------
# Written out rather than taken from the calendar module, which loads locale support at import.

def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in(year: int, month: int) -> int:
    """How many days `month` of `year` has."""
    return 29 if month == 2 and is_leap(year) else (28, 31, 30)[_SHORT_MONTHS.get(month, 1)]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, kept inside the month it lands in (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in(year, month + 1)))


def month_end(day: date) -> date:
    return date(day.year, day.month, days_in(day.year, day.month))


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


# -- the forms ----------------------------------------------------------------------------------

def _simple(phrase: str, today: date, direction: Direction) -> date | None:
    offset = _SIMPLE.get(phrase)
    if offset is not None:
        return today + timedelta(days=offset)
    signed = re.fullmatch(_SIGNED_DAYS, phrase)
    if signed:
        # "+3" and "-3" say their direction; a bare "3" is that many days the caller's way.
        sign = {"+": 1, "-": -1}.get(signed.group(1), 1 if direction == AHEAD else -1)
        return today + timedelta(days=sign * int(signed.group(2)))
    return None


def _counted(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_AMOUNT, phrase)
    if found:
        leading, count, unit, short_count, short_unit, trailing = found.groups()
        count, unit = count or short_count, unit or short_unit
        amount = int(count) if count.isdigit() else NUMBER_WORDS[count]
    else:
        found = re.fullmatch(_A_UNIT, phrase)
        if not found:
            return None
        leading, unit, trailing = found.groups()
        amount = 1
    if leading or trailing in ("from now", "from today", "later", "ahead"):
        sign = 1
    elif trailing:
        sign = -1
    else:
        sign = 1 if direction == AHEAD else -1
    unit = unit.removesuffix("s") if len(unit) > 2 else unit
    unit = _UNIT_NAMES.get(unit, unit)
    if unit in UNIT_DAYS:
        return today + timedelta(days=sign * amount * UNIT_DAYS[unit])
    try:
        return add_months(today, sign * amount * (12 if unit == "year" else 1))
    except ValueError:  # beyond year 9999 or before year 1
        return None


def _quarter(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_QUARTER, phrase)
    if not found:
        return None
    number = int(found.group(1) or found.group(4))
    year_text = found.group(2) or found.group(3)
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return date(year, 3 * number - 2, 1)
    # A bare quarter is its next start that is not past (a callback), or its latest one that
    # has begun (looking back).
    start = date(today.year, 3 * number - 2, 1)
    if direction == AHEAD and start < today:
        return start.replace(year=today.year + 1)
    if direction == BACK and start > today:
        return start.replace(year=today.year - 1)
    return start


def _end_of(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_END_OF, phrase)
    if not found:
        return None
    which, period, ended, short = found.groups()
    period = period or ended or {"m": "month", "q": "quarter", "y": "year"}[short]
    step = 1 if which and which.strip() == "next" else 0
    if period == "month":
        return month_end(add_months(today.replace(day=1), step))
    if period == "quarter":
        return add_months(quarter_start(today), 3 * (step + 1)) - timedelta(days=1)
    return date(today.year + step, 12, 31)


def _next_period(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_NEXT, phrase)
    if not found:
        return None
    step = {"next": 1, "this": 0, "last": -1}[found.group(1)]
    period = found.group(2)
    if period == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    if period == "month":
        return add_months(today.replace(day=1), step)
    if period == "quarter":
        return add_months(quarter_start(today), 3 * step)
    return date(today.year + step, 1, 1)


def _month_and_day(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_MONTH_DAY, phrase)
    if found:
        month_name, day_text, year_text = found.groups()
    else:
        found = re.fullmatch(_DAY_MONTH, phrase)
        if not found:
            return None
        day_text, month_name, year_text = found.groups()
    month = 9 if month_name == "sept" else [name[:3] for name in MONTHS].index(month_name[:3]) + 1
    day = int(day_text)
    if year_text:
        try:
            return date(int(year_text), month, day)
        except ValueError:
            return None
    if day > days_in(2000, month):  # 2000 is a leap year: 29 Feb can exist
        return None
    # The nearest such day in the caller's direction, today included; 29 Feb waits for a leap year.
    step = 1 if direction == AHEAD else -1
    year = today.year
    for _ in range(9):
        if is_leap(year) or (month, day) != (2, 29):
            candidate = date(year, month, day)
            if (candidate >= today) if direction == AHEAD else (candidate <= today):
                return candidate
        year += step
    return None


def _weekday(phrase: str, today: date, direction: Direction) -> date | None:
    found = re.fullmatch(_WEEKDAY, phrase)
    if not found:
        return None
    word, name = found.groups()
    weekday = [day[:3] for day in WEEKDAYS].index(name[:3])
    monday = today - timedelta(days=today.weekday())
    if word == "next":  # the one in next week: said on a Monday, "next tuesday" is 8 days away
        return monday + timedelta(weeks=1, days=weekday)
    if word == "this":  # the one in this week, or the coming one once this week's has passed
        this_week = monday + timedelta(days=weekday)
        return this_week + timedelta(weeks=1) if direction == AHEAD and this_week < today else this_week
    if word == "last" or (word is None and direction == BACK):
        # Looking back, "monday" said on a Monday is today; "last monday" is always before it.
        back = (today.weekday() - weekday) % 7
        return today - timedelta(days=back or (7 if word == "last" else 0))
    # Looking ahead, "friday" said on a Friday is next week's: today would be "today".
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _iso(phrase: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        return None
    try:
        return date.fromisoformat(phrase)
    except ValueError:
        return None
