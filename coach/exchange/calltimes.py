"""Reading the dates, times and durations of a call log's cells, as dialers and CRMs write them.

Dates come as ISO (`2026-11-20`, `2026-11-20T14:05:00+01:00`), with slashes or dots in the US
order (`11/20/2026 2:05 PM`) or the day-first order (`20/11/2026 14:05`), with the month's name
(`30 Nov 2026`, `November 30, 2026`), or as a Unix time in seconds or milliseconds (10 or 13
digits, always UTC). A weekday before the date (`Mon 11/30/2026`, `Monday, 30 November 2026`,
`Mon, 30 Nov 2026 14:05`) is passed over. Which of the numeric orders a column uses is decided
once, from the whole column: a first number above 12 means day first, a second number above 12
means month first. A column where neither shows is ambiguous and refused, so a call is never
silently filed a month away; `--date-format` settles it.

A dialer never writes a call outside the years the store keeps, so such a cell is refused here,
before any zone arithmetic could overflow: the date as written must fall within the store's
FIRST_YEAR-LAST_YEAR, and once the moment is known, `bounds_problem` checks it stays within
them in every time zone, with the store's own check of stored stamps. A zone offset must be one
Python can hold (under 24 hours), and a duration at most a day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from coach.store.records import timestamp
from coach.store.validation import FIRST_YEAR, LAST_YEAR, strict_stamp

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_NAMED_DATE = re.compile(
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s-]+(?P<month>[a-z]{3,9})\.?"
    r"|(?P<month2>[a-z]{3,9})\.?[\s-]+(?P<day2>\d{1,2})(?:st|nd|rd|th)?),?[\s-]+(?P<year>\d{4})",
    re.IGNORECASE)
_WEEKDAY = re.compile(
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?(?:,\s*|\s+)",
    re.IGNORECASE)
_EPOCH = re.compile(r"\d{10}(\d{3})?")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_TIME = re.compile(
    r"(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?"
    r"\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DURATION = re.compile(
    r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?|(\d+(?:[.,]\d+)?)\s*s?(?:ec|ecs|econds?)?",
    re.IGNORECASE)

LONGEST_CALL_SECONDS = 24 * 60 * 60
"""A duration over a day is not one call: a typo, or a tool counting in milliseconds."""
_MOST_DIGITS = 9
"""Longer runs of digits in a duration are refused before they are turned into numbers (a
400-digit number is infinity as a float, and Python refuses to read 4,300 digits as an int)."""
SHOWN_CHARS = 40
"""A cell quoted in a message is cut to this many characters, on one line."""
_KEPT = f"the years Coach keeps ({FIRST_YEAR}-{LAST_YEAR})"
_FIX_ROW = "fix the date in the file, or leave the row out"


class CellProblem(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def shown(cell: str) -> str:
    """A cell as a message quotes it: in quotes, on one line, cut to SHOWN_CHARS.

    >>> shown("  a\\nb "), shown("9" * 50)
    ("'a b'", "'9999999999999999999999999999999999999...'")
    """
    start = cell[: SHOWN_CHARS * 4]
    text = " ".join("".join(char if char.isprintable() else " " for char in start).split())
    if len(text) > SHOWN_CHARS or len(start) < len(cell.strip()):
        return f"'{text[: SHOWN_CHARS - 3]}...'"
    return f"'{text}'"


def split_stamp(text: str) -> tuple[str, str]:
    """A cell's date part and time part, past any weekday before them.

    >>> split_stamp("2026-11-20T14:05"), split_stamp("Mon, 30 Nov 2026 14:05")
    (('2026-11-20', '14:05'), ('30 Nov 2026', '14:05'))
    """
    text = text.strip()
    if (weekday := _WEEKDAY.match(text)) and text[weekday.end():][:1].isalnum():
        text = text[weekday.end():]
    if named := _NAMED_DATE.match(text):
        rest = re.sub(r"^(?:,|at\b|T)?\s*", "", text[named.end():], flags=re.IGNORECASE)
        return named.group(0), rest.strip()
    match = re.match(r"([^\sT]+)(?:[T\s]+(.*))?$", text)
    if not match:
        return text, ""
    return match.group(1).rstrip(","), (match.group(2) or "").strip()


def _is_date(date_part: str) -> bool:
    return any(form.fullmatch(date_part) for form in (_ISO_DATE, _NUMERIC_DATE, _NAMED_DATE))


def time_of(cell: str) -> str:
    """The time part of a time column's cell, which some tools fill with a whole stamp."""
    date_part, time_part = split_stamp(cell)
    return time_part if _is_date(date_part) else cell.strip()


def _month(name: str) -> int:
    """The month a name or its abbreviation (at least 3 letters; 'Sept') names, or 0."""
    name = name.lower()
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(name) or (name == "sept" and number == 9):
            return number
    return 0


def _numeric(date_part: str) -> tuple[int, int] | None:
    match = _NUMERIC_DATE.fullmatch(date_part)
    return (int(match.group(1)), int(match.group(2))) if match else None


def column_order(date_parts: list[str]) -> str | None:
    """DAY_FIRST or MONTH_FIRST for a column of dates like 20/11/2026, None if none has slashes.

    Raises CellProblem when the column mixes the two orders or never shows which it uses.
    """
    numeric = [pair for part in date_parts if (pair := _numeric(part))]
    if not numeric:
        return None
    day_first = any(first > 12 for first, _ in numeric)
    month_first = any(second > 12 for _, second in numeric)
    if day_first and month_first:
        raise CellProblem("the dates mix the day-first (20/11/2026) and month-first (11/20/2026) "
                          "orders")
    if day_first:
        return DAY_FIRST
    if month_first or all(first == second for first, second in numeric):
        return MONTH_FIRST
    raise CellProblem("the dates could be day-first (03/04 = 3 April) or month-first (03/04 = "
                      "March 4), and no date in the column shows which. Add --date-format "
                      "%d/%m/%Y or --date-format %m/%d/%Y")


def read_date(date_part: str, order: str | None) -> date:
    """The day a date cell names, in the column's order (see column_order)."""
    try:
        if match := _ISO_DATE.fullmatch(date_part):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if (match := _NUMERIC_DATE.fullmatch(date_part)) and order:
            first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            year += 2000 if year < 100 else 0
            day, month = (first, second) if order == DAY_FIRST else (second, first)
            return date(year, month, day)
        if (match := _NAMED_DATE.fullmatch(date_part)) and (
                month := _month(match.group("month") or match.group("month2"))):
            day = int(match.group("day") or match.group("day2"))
            return date(int(match.group("year")), month, day)
    except ValueError:
        raise CellProblem(f"{shown(date_part)} is not a day of the calendar") from None
    raise CellProblem(f"{shown(date_part)} is not a date Coach can read (such as 2026-11-20, "
                      "11/20/2026 or 20 Nov 2026); add --date-format to say how the dates are "
                      "written")


def read_time(text: str) -> tuple[time, timezone | None]:
    """A time cell ('14:05', '2:05 PM', '14:05:33Z', '09:30+01:00') and its zone, if it says one."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise CellProblem(f"{shown(text)} is not a time Coach can read (such as 14:05 or 2:05 PM)")
    hour, minute, second = (int(group or 0) for group in match.group(1, 2, 3))
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise CellProblem(f"{shown(text)} has an hour that does not fit AM/PM")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellProblem(f"{shown(text)} is not a time of day")
    return time(hour, minute, second), _zone(match.group(5) or "", text)


def _zone(offset: str, cell: str) -> timezone | None:
    """The zone of an offset ('Z', '+01:00', '-0500'); CellProblem when no zone could have it."""
    offset = offset.lower()
    if not offset:
        return None
    if offset in ("z", "utc", "gmt"):
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    # Python holds offsets under 24 hours (timezone.min to timezone.max), as stored stamps do.
    if hours > 23 or minutes > 59:
        raise CellProblem(f"{shown(cell)} has the time zone offset {offset.upper()}, which no "
                          "zone has; offsets run from -23:59 to +23:59, like +01:00 or -05:00")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _check_written(moment: datetime, cell: str) -> None:
    """CellProblem when the date as written is outside the store's years (before any zone
    arithmetic: year 1 or 9999 moved by an offset is past what Python can count)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise CellProblem(f"{shown(cell)} is in the year {moment.year}, outside {_KEPT}; "
                          f"{_FIX_ROW}")


def bounds_problem(moment: datetime, cell: str) -> str:
    """What keeps an aware moment from being stored, or "": its stamp, written in the earliest
    and the latest zones there can be (timezone.min, timezone.max), must pass the store's own
    check of stored stamps; then it is within the store's years in every zone.

    `moment` must be within those years as written (read_stamp checks that), so moving it by
    an offset cannot overflow.
    """
    offset = moment.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=1):
        # Stored stamps keep hours and minutes only (+05:30); --date-format's %z reads seconds.
        return (f"{shown(cell)} has a time zone offset in seconds; write it in hours and "
                "minutes, like +05:30")
    for zone in (timezone.min, timezone.max):
        if strict_stamp(timestamp(moment.astimezone(zone))) is None:
            utc = moment.astimezone(timezone.utc)
            return (f"{shown(cell)} is {utc:%Y-%m-%d %H:%M} in UTC: in some time zones that "
                    f"is outside {_KEPT}; {_FIX_ROW}")
    return ""


def read_stamp(date_part: str, time_part: str, order: str | None,
               date_format: str | None = None, cell: str = "") -> datetime:
    """A naive or aware datetime from a date part and a time part ('' for midnight).

    Raises CellProblem when the cells cannot be read, or name a year the store does not keep
    (quoting `cell`, the text as the file has it, or else the two parts).
    """
    moment = _read_moment(date_part, time_part, order, date_format)
    _check_written(moment, cell or f"{date_part} {time_part}")
    return moment


def _read_moment(date_part: str, time_part: str, order: str | None,
                 date_format: str | None) -> datetime:
    if date_format:
        whole = f"{date_part} {time_part}".strip()
        for text in (whole, date_part):
            try:
                moment = datetime.strptime(text, date_format)
            except ValueError:
                continue
            if text == date_part and time_part:
                clock, zone = read_time(time_part)
                return datetime.combine(moment.date(), clock, zone)
            return moment
        raise CellProblem(f"{shown(whole)} does not match --date-format {date_format}")
    if not time_part and _EPOCH.fullmatch(date_part):
        seconds = int(date_part) / (1000 if len(date_part) > 10 else 1)
        return datetime.fromtimestamp(seconds, timezone.utc).replace(microsecond=0)
    day = read_date(date_part, order)
    if not time_part:
        return datetime.combine(day, time(0))
    clock, zone = read_time(time_part)
    return datetime.combine(day, clock, zone)


def read_duration(text: str) -> int:
    """Seconds of a duration cell: '95', '95s', '1:35', '0:01:35' -> 95.

    Raises CellProblem for a cell that is not a duration, or one longer than a day.
    """
    text = text.strip()
    match = _DURATION.fullmatch(text)
    if not match:
        raise CellProblem(f"{shown(text)} is not a duration Coach can read (seconds, mm:ss or "
                          "h:mm:ss)")
    if match.group(4) is not None:
        number = match.group(4).replace(",", ".")
        if len(number.partition(".")[0]) > _MOST_DIGITS:
            raise _too_long(text)
        total = round(float(number))
    else:
        if len(match.group(1) or "") > _MOST_DIGITS:
            raise _too_long(text)
        hours, minutes, seconds = (int(group or 0) for group in match.group(1, 2, 3))
        total = hours * 3600 + minutes * 60 + seconds
    if total > LONGEST_CALL_SECONDS:
        raise _too_long(text)
    return total


def _too_long(text: str) -> CellProblem:
    return CellProblem(f"{shown(text)} is longer than a day, which no call lasts; write each "
                       "call's duration in seconds, mm:ss or h:mm:ss")
