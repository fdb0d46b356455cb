"""Reading the dates, times and durations of a call log's cells, as dialers and CRMs write them.

Dates come as ISO (`2026-11-20`, `2026-11-20T14:05:00+01:00`), with slashes or dots in the US
order (`11/20/2026 2:05 PM`) or the day-first order (`20/11/2026 14:05`). Which of the last two a
column uses is decided once, from the whole column: a first number above 12 means day first, a
second number above 12 means month first. A column where neither shows is ambiguous and refused,
so a call is never silently filed a month away; `--date-format` settles it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_TIME = re.compile(
    r"(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?"
    r"\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DURATION = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?|(\d+(?:[.,]\d+)?)\s*s?(?:ec|ecs|econds?)?",
                       re.IGNORECASE)


class CellProblem(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def split_stamp(text: str) -> tuple[str, str]:
    """A cell's date part and time part: '2026-11-20T14:05' -> ('2026-11-20', '14:05')."""
    text = text.strip()
    match = re.match(r"([^\sT]+)(?:[T\s]+(.*))?$", text)
    if not match:
        return text, ""
    return match.group(1).rstrip(","), (match.group(2) or "").strip()


def time_of(cell: str) -> str:
    """The time part of a time column's cell, which some tools fill with a whole stamp."""
    date_part, time_part = split_stamp(cell)
    if _ISO_DATE.fullmatch(date_part) or _NUMERIC_DATE.fullmatch(date_part):
        return time_part
    return cell.strip()


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
    except ValueError:
        raise CellProblem(f"'{date_part}' is not a day of the calendar") from None
    raise CellProblem(f"'{date_part}' is not a date Coach can read (such as 2026-11-20 or "
                      "11/20/2026); add --date-format to say how the dates are written")


def read_time(text: str) -> tuple[time, timezone | None]:
    """A time cell ('14:05', '2:05 PM', '14:05:33Z', '09:30+01:00') and its zone, if it says one."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise CellProblem(f"'{text.strip()}' is not a time Coach can read (such as 14:05 or 2:05 PM)")
    hour, minute, second = (int(group or 0) for group in match.group(1, 2, 3))
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise CellProblem(f"'{text.strip()}' has an hour that does not fit AM/PM")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellProblem(f"'{text.strip()}' is not a time of day")
    return time(hour, minute, second), _zone(match.group(5) or "")


def _zone(text: str) -> timezone | None:
    text = text.lower()
    if not text:
        return None
    if text in ("z", "utc", "gmt"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def read_stamp(date_part: str, time_part: str, order: str | None,
               date_format: str | None = None) -> datetime:
    """A naive or aware datetime from a date part and a time part ('' for midnight)."""
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
        raise CellProblem(f"'{whole}' does not match --date-format {date_format}")
    day = read_date(date_part, order)
    if not time_part:
        return datetime.combine(day, time(0))
    clock, zone = read_time(time_part)
    return datetime.combine(day, clock, zone)


def read_duration(text: str) -> int:
    """Seconds of a duration cell: '95', '95s', '1:35', '0:01:35' -> 95."""
    text = text.strip()
    match = _DURATION.fullmatch(text)
    if not match:
        raise CellProblem(f"'{text}' is not a duration Coach can read (seconds, mm:ss or h:mm:ss)")
    if match.group(4) is not None:
        return round(float(match.group(4).replace(",", ".")))
    hours, minutes, seconds = (int(group or 0) for group in match.group(1, 2, 3))
    return hours * 3600 + minutes * 60 + seconds
