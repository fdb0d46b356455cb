"""`coach import calls.csv`: a dialer's call log becomes dials, conversations, meetings, follow-ups."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach, run_real_coach

from coach.errors import CoachError
from coach.exchange import calllog
from coach.exchange.calllog import CallLogOptions, CallLogProblem, parse_call_log
from coach.exchange.calltimes import read_duration
from coach.exchange.dispositions import outcome_of, parse_custom

ZONE = timezone(timedelta(hours=-5))

SAMPLE = """\
Call Date,Contact Name,Call Result,Talk Time,Notes
11/20/2026 2:05 PM,Ada Lovelace,Connected - Meeting Booked,4:12,"Demo Tue, 10am"
11/20/2026 2:15 PM,Bob Byte,Left Voicemail,0:30,
11/20/2026 2:25 PM,Cy Clone,Callback requested,1:02,after lunch
11/20/2026 2:35 PM,Dee Dee,Not Interested,0:45,
11/21/2026 9:05 AM,Eve Echo,No Answer,,
11/21/2026 9:15 AM,Fay Fox,Spoke with assistant - sent deck,2:10,
"""


def _parse(text: str, **options: Any) -> calllog.CallLog:
    return parse_call_log(Path("calls.csv"), text.encode("utf-8"), CallLogOptions(**options),
                          lambda moment: moment.replace(tzinfo=ZONE))


def _kinds(log: calllog.CallLog) -> Counter[str]:
    return Counter(str(event["type"]) for event in log.events)


def _stored(home: Path) -> list[dict[str, Any]]:
    result = run_coach(home, "export", "--format", "jsonl")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(("disposition", "outcome"), [
    ("Connected - Meeting Booked", "meeting"),
    ("Demo set", "meeting"),
    ("Left Voicemail", "dial"),
    ("VM", "dial"),
    ("No answer", "dial"),
    ("Busy", "dial"),
    ("Gatekeeper", "dial"),
    ("Bad Number", "dial"),
    ("Wrong number", "dial"),
    ("Not connected", "dial"),
    ("Callback requested", "follow-up"),
    ("Interested - call back Tuesday", "follow-up"),
    ("Connected", "conversation"),
    ("Not Interested", "conversation"),
    ("Interested", "conversation"),
    ("Wrong person - referral", "conversation"),
    ("Other", None),
])
def test_dispositions(disposition: str, outcome: str | None) -> None:
    assert outcome_of(disposition) == outcome


def test_each_call_becomes_its_effort() -> None:
    log = _parse(SAMPLE)
    assert log.rows == 6
    # Every call is a dial; Ada, Cy, Dee and Fay were reached; Ada booked; Cy agreed a callback.
    assert _kinds(log) == {"dials": 6, "conversations": 4, "meetings": 1, "follow_ups": 1}
    assert log.unrecognised == ()
    first = log.events[0]
    assert datetime.fromisoformat(first["at"]) == datetime(2026, 11, 20, 14, 5, tzinfo=ZONE)
    assert first["note"] == "Ada Lovelace · Connected - Meeting Booked · 4:12 · Demo Tue, 10am"


def test_columns_are_found_whatever_their_case_spacing_and_order() -> None:
    text = ("notes;DURATION;call_result;  date  ;time\n"
            "first try;95;Voicemail;2026-11-20;14:05\n")
    log = _parse(text)
    assert log.columns == {"date": "  date  ", "time": "time", "disposition": "call_result",
                           "duration": "DURATION", "notes": "notes"}
    assert datetime.fromisoformat(log.events[0]["at"]) == datetime(2026, 11, 20, 14, 5, tzinfo=ZONE)


@pytest.mark.parametrize("time_cell", ["2:05 PM", "14:05", "2026-11-20 14:05:00", "11/20/2026 2:05 pm"])
def test_a_separate_time_column(time_cell: str) -> None:
    log = _parse(f"Date,Time,Outcome\n11/20/2026,{time_cell},VM\n")
    assert datetime.fromisoformat(log.events[0]["at"]) == datetime(2026, 11, 20, 14, 5, tzinfo=ZONE)


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-11-20 14:05", datetime(2026, 11, 20, 14, 5, tzinfo=ZONE)),
    ("2026-11-20T14:05:33", datetime(2026, 11, 20, 14, 5, 33, tzinfo=ZONE)),
    ("2026-11-20T14:05:00Z", datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc)),
    ("2026-11-20T14:05:00+01:00", datetime(2026, 11, 20, 13, 5, tzinfo=timezone.utc)),
    ("11/20/2026 2:05 PM", datetime(2026, 11, 20, 14, 5, tzinfo=ZONE)),
    ("11/20/2026 12:30 am", datetime(2026, 11, 20, 0, 30, tzinfo=ZONE)),
    ("2026-11-20", datetime(2026, 11, 20, 0, 0, tzinfo=ZONE)),
])
def test_dates_in_common_forms(cell: str, expected: datetime) -> None:
    log = _parse(f"date,outcome\n{cell},Connected\n")
    assert datetime.fromisoformat(log.events[0]["at"]) == expected


def test_day_first_dates_are_told_from_the_whole_column() -> None:
    log = _parse("date,outcome\n03/04/2026 09:00,VM\n20/11/2026 10:00,VM\n")
    days = [datetime.fromisoformat(event["at"]).date().isoformat() for event in log.events]
    assert days == ["2026-04-03", "2026-11-20"]


def test_a_column_that_never_shows_its_order_is_refused() -> None:
    with pytest.raises(CallLogProblem, match=r"--date-format %d/%m/%Y") as refused:
        _parse("date,outcome\n03/04/2026,VM\n05/06/2026,VM\n")
    assert "Nothing was imported" in refused.value.message
    log = _parse("date,outcome\n03/04/2026,VM\n", date_format="%d/%m/%Y")
    assert log.events[0]["at"].startswith("2026-04-03")


def test_a_column_mixing_orders_is_refused() -> None:
    with pytest.raises(CallLogProblem, match="mix"):
        _parse("date,outcome\n20/11/2026,VM\n11/20/2026,VM\n")


@pytest.mark.parametrize(("cell", "seconds"), [("95", 95), ("95s", 95), ("1:35", 95),
                                               ("0:01:35", 95), ("1:00:00", 3600), ("12.6", 13)])
def test_durations(cell: str, seconds: int) -> None:
    assert read_duration(cell) == seconds


@pytest.mark.parametrize(("text", "problem"), [
    ("outcome,name\nVM,Ada\n", "line 1: no column says when each call was made"),
    ("date,outcome\n2026-11-20,VM\nyesterday,VM\n", "line 3: 'yesterday' is not a date"),
    ("date,outcome\n2026-11-20,VM\n2026-02-30,VM\n", "line 3: '2026-02-30' is not a day"),
    ("date,outcome\n2026-11-20 25:00,VM\n", "line 2: '25:00' is not a time of day"),
    ("date,outcome\n2026-11-20,VM,extra\n", "line 2: this row has 3 fields where the header has 2"),
    ("date,outcome,duration\n2026-11-20,VM,long\n", "line 2: 'long' is not a duration"),
    ("date,outcome\n,VM\n", "line 2: the date is empty"),
    ("\n\n", "the file is empty"),
])
def test_a_file_with_a_problem_is_refused_with_its_line(text: str, problem: str) -> None:
    with pytest.raises(CallLogProblem, match="Nothing was imported") as refused:
        _parse(text)
    assert problem in refused.value.message


def test_encoding_bom_and_limits() -> None:
    options = CallLogOptions()
    zone = lambda moment: moment.replace(tzinfo=ZONE)  # noqa: E731
    with_bom = b"\xef\xbb\xbfDate,Outcome\n2026-11-20,VM\n"
    assert parse_call_log(Path("x.csv"), with_bom, options, zone).columns["date"] == "Date"
    latin = "date,name\n2026-11-20,Zoë\n".encode("latin-1")
    with pytest.raises(CallLogProblem, match=r"line 2: the file is not UTF-8 text.*CSV UTF-8"):
        parse_call_log(Path("x.csv"), latin, options, zone)
    too_many = "date\n" + "2026-11-20\n" * (calllog.MAX_ROWS + 1)
    with pytest.raises(CallLogProblem, match="more than 50,000 calls"):
        _parse(too_many)


def test_map_and_presets() -> None:
    text = "When it happened,Who,What happened\n2026-11-20 10:00,Ada,Demo booked\n"
    log = _parse(text, maps={"date": "when it happened", "disposition": "What Happened"})
    assert _kinds(log) == {"dials": 1, "conversations": 1, "meetings": 1}
    with pytest.raises(CallLogProblem, match="no column 'Result'"):
        _parse(text, maps={"disposition": "Result"})
    hubspot = ("Activity date,Call outcome,Status,Call notes\n"
               "2026-11-20 10:00,Connected,COMPLETED,asked for pricing\n")
    log = _parse(hubspot, preset="hubspot")
    assert log.columns["disposition"] == "Call outcome" and _kinds(log)["conversations"] == 1


def test_unknown_dispositions_are_dials_and_can_be_named() -> None:
    text = "date,result\n2026-11-20 10:00,Spoke - DM\n2026-11-20 10:05,Spoke - DM\n2026-11-20 10:10,Zebra\n"
    log = _parse(text.replace("Spoke", "Chatted"))
    assert _kinds(log) == {"dials": 3}
    assert log.unrecognised == (("Chatted - DM", 2), ("Zebra", 1))
    named = _parse(text.replace("Spoke", "Chatted"),
                   custom=parse_custom(["chatted - dm=conversation", "Zebra=meeting"]))
    assert _kinds(named) == {"dials": 3, "conversations": 3, "meetings": 1}
    with pytest.raises(CoachError, match="not an outcome"):
        parse_custom(["Zebra=maybe"])


def test_the_same_call_gets_the_same_ids_from_another_export() -> None:
    first = _parse(SAMPLE)
    reordered = "Notes,Talk Time,Call Result,Contact Name,Call Date,Owner\n" + "".join(
        f'"{notes}",{talk},{result},{name},{when},Sam\n'
        for when, name, result, talk, notes in
        (line.split(",", 4) for line in SAMPLE.splitlines()[2:4]))
    again = _parse(reordered)
    assert _kinds(again) == {"dials": 2, "conversations": 1, "follow_ups": 1}  # Bob and Cy
    assert {event["id"] for event in again.events} <= {event["id"] for event in first.events}


def test_a_double_dial_counts_twice() -> None:
    log = _parse("date,name,result\n2026-11-20 10:00,Ada,No answer\n2026-11-20 10:00,Ada,No answer\n")
    assert _kinds(log) == {"dials": 2} and len({event["id"] for event in log.events}) == 2


# -- the command -------------------------------------------------------------------------------

def test_import_then_import_again_adds_nothing(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    result = run_coach(home, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "Read 6 calls" in result.stdout
    assert "Added 6 dials, 4 conversations, 1 meeting booked, 1 follow-up secured." in result.stdout
    stored = _stored(home)
    assert Counter(record["type"] for record in stored) == {
        "dials": 6, "conversations": 4, "meetings": 1, "follow_ups": 1}

    again = run_coach(home, "import", str(path))
    assert again.returncode == 0 and "Nothing new: every call in it is already here." in again.stdout
    assert _stored(home) == stored

    overlapping = tmp_path / "later.csv"
    overlapping.write_text(SAMPLE + "11/22/2026 10:00 AM,Gus Gold,Connected,1:00,\n", encoding="utf-8")
    more = run_coach(home, "import", str(overlapping))
    assert "Added 1 dial, 1 conversation." in more.stdout
    assert "6 calls were already here" in more.stdout
    assert len(_stored(home)) == len(stored) + 2


def test_the_summary_says_how_to_count_unknown_outcomes(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("date,result\n2026-11-20 10:00,Chatted\n2026-11-20 10:05,Chatted\n",
                    encoding="utf-8")
    result = run_coach(home, "import", str(path))
    assert "2 calls have an outcome Coach does not know, counted as dials only: 'Chatted' (2)." \
        in result.stdout
    assert '--disposition "Chatted=conversation"' in result.stdout
    named = run_coach(home, "import", str(path), "--disposition", "Chatted=conversation")
    assert "Added 2 conversations." in named.stdout  # the dials were already there


def test_a_refused_file_stores_nothing(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(SAMPLE + "someday,Hal,VM,,\n", encoding="utf-8")
    result = run_coach(home, "import", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("coach: ") and "line 8" in result.stderr
    assert "Traceback" not in result.stderr
    assert _stored(home) == []


def test_naive_times_take_the_reps_zone_with_its_summer_rule(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("date,result\n2026-11-20 10:00,VM\n2026-07-01 10:00,VM\n", encoding="utf-8")
    result = run_real_coach(home, "import", str(path), env={"TZ": "America/New_York"})
    assert result.returncode == 0, result.stderr
    moments = sorted(datetime.fromisoformat(record["at"]) for record in _stored(home))
    assert [moment.utcoffset() for moment in moments] == [timedelta(hours=-4), timedelta(hours=-5)]
    assert [moment.hour for moment in moments] == [10, 10]


def test_coachs_own_csv_export_is_not_read_as_calls(home: Path, tmp_path: Path) -> None:
    assert run_coach(home, "log", "dials", "3").returncode == 0
    exported = tmp_path / "coach.csv"
    assert run_coach(home, "export", "-o", str(exported)).returncode == 0
    result = run_coach(home, "import", str(exported))
    assert result.returncode == 1 and "import a json or jsonl export instead" in result.stderr
    assert len(_stored(home)) == 1


def test_call_log_options_are_refused_for_a_coach_export(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "coach.jsonl"
    path.write_text("", encoding="utf-8")
    result = run_coach(home, "import", str(path), "--preset", "hubspot")
    assert result.returncode == 2 and "--preset only apply to a call log" in result.stderr
