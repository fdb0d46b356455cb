"""`coach import calls.csv` with cells no dialer writes: each is refused in one line, naming the
file, the row and the fix, with exit code 1 and nothing stored (never a crash, never a call that
is stored and then hidden by every command or called damaged by `coach doctor`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_coach

from coach.store.validation import FIRST_YEAR, LAST_YEAR

KEPT = f"outside the years Coach keeps ({FIRST_YEAR}-{LAST_YEAR})"
FIX_DATE = "fix the date in the file, or leave the row out"
EAST = {"TZ": "Asia/Tokyo"}
WEST = {"TZ": "America/New_York"}


def _import(home: Path, tmp_path: Path, text: str, *options: str,
            env: dict[str, str] | None = None) -> tuple[int, str, str, Path]:
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    result = run_coach(home, "import", str(path), *options, env=env)
    return result.returncode, result.stdout, result.stderr, path


def _stored(home: Path) -> list[dict[str, object]]:
    result = run_coach(home, "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _assert_refused(home: Path, tmp_path: Path, text: str, *said: str,
                    options: tuple[str, ...] = (), env: dict[str, str] | None = None) -> str:
    """The import fails with exit code 1 and one line naming the file, line 2 and `said`."""
    code, out, err, path = _import(home, tmp_path, text, *options, env=env)
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and err.startswith(f"coach: {path}, line 2: "), err
    assert "unexpected error" not in err and "Traceback" not in err
    assert err.rstrip().endswith("Nothing was imported.")
    assert len(err) < 400, err  # a 5,000-digit cell is quoted short
    for part in said:
        assert part in err, err
    assert out == "" and _stored(home) == []
    return err


@pytest.mark.parametrize("duration", [
    "9" * 400,  # a float of infinity: OverflowError before
    "9" * 5000,
    "9" * 5000 + ":00:00",  # more digits than Python reads as an int: ValueError before
    "1" + "0" * 399 + ".5s",
    "90000",  # 25 hours
    "25:00:00",
])
def test_a_duration_no_call_has_is_refused(home: Path, tmp_path: Path, duration: str) -> None:
    err = _assert_refused(home, tmp_path, f"Date,Duration\n2026-11-20 10:00,{duration}\n",
                          "is longer than a day", "seconds, mm:ss or h:mm:ss")
    assert f"'{duration[:20]}" in err  # quoted, cut short when long


@pytest.mark.parametrize("duration", ["86400", "24:00:00", "1:35", "0"])
def test_a_duration_of_up_to_a_day_is_read(home: Path, tmp_path: Path, duration: str) -> None:
    code, _, err, _ = _import(home, tmp_path, f"Date,Duration\n2026-11-20 10:00,{duration}\n")
    assert code == 0, err
    assert len(_stored(home)) == 1


@pytest.mark.parametrize("offset", ["+24:00", "+99:00", "-24:00", "+2400", "+05:60"])
def test_a_zone_offset_no_zone_has_is_refused(home: Path, tmp_path: Path, offset: str) -> None:
    # Python holds offsets under a day: these were a ValueError ("unexpected error") before.
    _assert_refused(home, tmp_path, f"Date,Duration\n2026-11-20T10:00{offset},30\n",
                    f"has the time zone offset {offset}", "like +01:00")


@pytest.mark.parametrize(("cell", "env"), [
    ("9999-12-31T23:00+05:00", None),
    ("9999-12-31 23:00", EAST),  # naive, in the rep's zone east of UTC: year 10000 in UTC
    ("9999-12-31 23:00", WEST),
    ("12/31/9999 11:30 PM", EAST),
    ("0001-01-01T00:30+05:00", None),  # year 0 in UTC: OverflowError before
    ("0001-01-01 00:30", EAST),
])
def test_the_ends_of_pythons_calendar_are_refused(
        home: Path, tmp_path: Path, cell: str, env: dict[str, str] | None) -> None:
    year = "9999" if "9999" in cell else "1"
    _assert_refused(home, tmp_path, f"Date,Duration\n{cell},30\n",
                    f"'{cell}' is in the year {year}, {KEPT}", FIX_DATE, env=env)


@pytest.mark.parametrize("cell", ["1900-06-01T10:00Z", "1969-12-31T10:00Z", "3000-01-01T10:00Z",
                                  "9999-06-01T10:00Z", "1969-07-20 20:17", "3000-01-01"])
def test_years_the_store_does_not_keep_are_refused_not_hidden(
        home: Path, tmp_path: Path, cell: str) -> None:
    # Before, these were "Added", then hidden by every command and called damaged by the doctor.
    _assert_refused(home, tmp_path, f"Date,Duration\n{cell},30\n", f"'{cell}' is in the year",
                    KEPT, FIX_DATE)
    doctor = run_coach(home, "doctor")
    assert "damaged" not in doctor.stdout.lower()


@pytest.mark.parametrize(("cell", "utc"), [
    ("2999-12-31T23:00-05:00", "3000-01-01 04:00"),
    ("1970-01-01T00:30+01:00", "1969-12-31 23:30"),
    ("2999-12-31T12:00Z", "2999-12-31 12:00"),  # already 3000 east of +12:00
    ("1970-01-01T00:00Z", "1970-01-01 00:00"),  # still 1969 anywhere west of UTC
])
def test_a_moment_must_be_within_the_years_in_every_zone(
        home: Path, tmp_path: Path, cell: str, utc: str) -> None:
    _assert_refused(home, tmp_path, f"Date,Duration\n{cell},30\n",
                    f"'{cell}' is {utc} in UTC: in some time zones that is {KEPT}", FIX_DATE)


@pytest.mark.parametrize("cell", ["1970-01-03T00:00Z", "2999-12-30T00:00-05:00",
                                  "2026-11-20T10:00+14:00", "2026-11-20T10:00-12:00"])
def test_moments_well_inside_the_years_are_imported(
        home: Path, tmp_path: Path, cell: str) -> None:
    code, out, err, _ = _import(home, tmp_path, f"Date,Duration\n{cell},30\n")
    assert code == 0, err
    assert "Added 1 dial." in out
    assert len(_stored(home)) == 1
    assert "damaged" not in run_coach(home, "doctor").stdout.lower()


def test_a_two_digit_year_read_by_date_format_is_bounded_too(home: Path, tmp_path: Path) -> None:
    # strptime reads %y 69 as 1969.
    _assert_refused(home, tmp_path, "Date,Duration\n12/31/69 10:00,30\n",
                    "'12/31/69 10:00' is in the year 1969", KEPT,
                    options=("--date-format", "%m/%d/%y %H:%M"))


def test_an_offset_in_seconds_is_refused_not_stored_as_damaged(
        home: Path, tmp_path: Path) -> None:
    # strptime's %z reads +05:30:15, which no stored stamp may have: before, it was "Added".
    _assert_refused(home, tmp_path, "Date,Duration\n2026-11-20 10:00 +05:30:15,30\n",
                    "'2026-11-20 10:00 +05:30:15' has a time zone offset in seconds",
                    options=("--date-format", "%Y-%m-%d %H:%M %z"))


def test_a_bad_row_after_good_ones_stores_nothing(home: Path, tmp_path: Path) -> None:
    rows = "".join(f"2026-11-20 10:{minute:02d},30\n" for minute in range(5))
    code, out, err, path = _import(home, tmp_path, f"Date,Duration\n{rows}3000-01-01,30\n")
    assert code == 1 and err.startswith(f"coach: {path}, line 7: '3000-01-01' is in the year")
    assert out == "" and _stored(home) == []


def test_a_long_or_multiline_cell_is_quoted_on_one_short_line(
        home: Path, tmp_path: Path) -> None:
    cell = "x" * 5000
    err = _assert_refused(home, tmp_path, f"Date,Duration\n{cell},30\n",
                          "is not a date Coach can read")
    assert "x" * 50 not in err
    code, _, err, _ = _import(home, tmp_path, 'Date,Duration\n"2026-11-20 10:00\n\x1b[2J",30\n')
    assert code == 1 and err.count("\n") == 1 and "\x1b" not in err, err
