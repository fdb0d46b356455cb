"""Call logs as each dialer or CRM exports them: found without `--map`, with and without a preset.

Each file is built from the tool's documented export columns (coach/exchange/callpresets.py
says where each comes from), with a connected call, a call that reached nobody and, where the
tool has such an outcome, a booked meeting.
"""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest
from conftest import run_coach

from coach.exchange.callcolumns import FIELDS, PRESETS, SYNONYMS, choose_columns, key, normal
from coach.exchange.calllog import CallLogOptions, CallLogProblem, parse_call_log
from coach.exchange.calltimes import read_stamp, split_stamp
from coach.exchange.dispositions import outcome_of

HUBSPOT = """\
Activity date,Call title,Call outcome,Call duration,Call status,Call notes,Associated Contact
2026-11-30 14:05,Call with Ada,Connected,00:04:12,COMPLETED,wants a demo,Ada Lovelace
2026-11-30 14:15,Call with Bob,Left voicemail,00:00:30,COMPLETED,,Bob Byte
2026-11-30 14:25,Call with Cy,No answer,,COMPLETED,,Cy Clone
"""

SALESFORCE = """\
"Id","Subject","ActivityDate","Status","CallType","CallDisposition","CallDurationInSeconds",\
"Description","Who.Name","CreatedDate"
"00T1","Call","2026-11-30","Completed","Outbound","Connected - Meeting Booked","252",\
"Demo Tue","Ada Lovelace","2026-11-30T14:05:00.000+0000"
"00T2","Call","2026-11-30","Completed","Outbound","Left Voicemail","30",\
"","Bob Byte","2026-11-30T14:15:00.000+0000"
"00T3","Call","2026-11-30","Completed","Outbound","Not Interested","45",\
"","Cy Clone","2026-11-30T14:25:00.000+0000"
"""

OUTREACH = """\
dialedAt,answeredAt,completedAt,direction,outcome,callDisposition,prospect,note
2026-11-30T14:05:00Z,2026-11-30T14:05:10Z,2026-11-30T14:09:00Z,outbound,Answered,\
Answered - Meeting Set,Ada Lovelace,demo Tue
2026-11-30T14:15:00Z,,2026-11-30T14:15:40Z,outbound,Not Answered,No Answer,Bob Byte,
2026-11-30T14:25:00Z,2026-11-30T14:25:05Z,2026-11-30T14:27:00Z,outbound,Answered,\
Answered - Not Interested,Cy Clone,
"""

DIALPAD = """\
call_id,date_started,date_rang,date_connected,date_ended,direction,external_number,name,\
talk_duration,total_duration,categories
1,2026-11-30 14:05:00,2026-11-30 14:05:01,2026-11-30 14:05:09,2026-11-30 14:09:21,outbound,\
+15550100,Ada Lovelace,4.2,4.4,"outgoing,answered"
2,2026-11-30 14:15:00,2026-11-30 14:15:01,,2026-11-30 14:15:31,outbound,\
+15550101,Bob Byte,0,0.5,"outgoing,voicemail"
3,2026-11-30 14:25:00,2026-11-30 14:25:01,,2026-11-30 14:25:40,outbound,\
+15550102,Cy Clone,0,0.7,"outgoing,unanswered"
"""

AIRCALL = """\
id,direction,status,started_at,answered_at,ended_at,duration,raw_digits,contact,tags,comments
1,outbound,answered,2026-11-30T14:05:00Z,2026-11-30T14:05:08Z,2026-11-30T14:09:20Z,260,\
+1 555 0100,Ada Lovelace,Meeting booked,demo Tue
2,outbound,voicemail,2026-11-30T14:15:00Z,,2026-11-30T14:15:30Z,30,+1 555 0101,Bob Byte,,
3,outbound,answered,2026-11-30T14:25:00Z,2026-11-30T14:25:04Z,2026-11-30T14:27:00Z,116,\
+1 555 0102,Cy Clone,Not interested,
4,outbound,missed,2026-11-30T14:35:00Z,,2026-11-30T14:35:20Z,20,+1 555 0103,Dee Dee,,
"""

RINGCENTRAL = """\
Type,Phone Number,Name,Date,Time,Action,Action Result,Result Type,Duration
Voice,(555) 010-0100,Ada Lovelace,Mon 11/30/2026,2:05 PM,Phone Call,Call connected,,0:04:12
Voice,(555) 010-0101,Bob Byte,Mon 11/30/2026,2:15 PM,Phone Call,Voicemail,,0:00:30
Voice,(555) 010-0102,Cy Clone,Tue 12/01/2026,9:05 AM,Phone Call,No Answer,,0:00:00
Voice,(555) 010-0103,Dee Dee,Tue 12/01/2026,9:15 AM,Phone Call,Busy,,0:00:00
"""

RINGCENTRAL_API = """\
id,startTime,duration,type,direction,action,result,to.phoneNumber,to.name,from.name
a1,2026-11-30T14:05:00.000Z,252,Voice,Outbound,VoIP Call,Call connected,+15550100,Ada,Sam Rep
a2,2026-11-30T14:15:00.000Z,30,Voice,Outbound,VoIP Call,Voicemail,+15550101,Bob,Sam Rep
"""

SALESLOFT = """\
created_at,to,duration,disposition,sentiment,called_person,note
2026-11-30T14:05:00.000-05:00,+15550100,252,Connected,Meeting Booked,Ada Lovelace,demo Tue
2026-11-30T14:15:00.000-05:00,+15550101,30,Left Voicemail,,Bob Byte,
2026-11-30T14:25:00.000-05:00,+15550102,45,Connected,Not Interested,Cy Clone,
2026-11-30T14:35:00.000-05:00,+15550103,0,No Answer,,Dee Dee,
"""

# Tools without a preset: their documented columns are found by the common names.
CLOSE = """\
date_created,lead_name,contact_name,direction,disposition,duration,note
2026-11-30T14:05:00+00:00,Acme,Ada Lovelace,outbound,answered,252,demo booked later
2026-11-30T14:15:00+00:00,Byte Co,Bob Byte,outbound,vm-left,30,
2026-11-30T14:25:00+00:00,Clone Inc,Cy Clone,outbound,no-answer,0,
"""

PIPEDRIVE = """\
Activity - Subject,Activity - Type,Activity - Due date,Activity - Due time,Activity - Duration,\
Activity - Note,Activity - Contact person,Activity - Done
Call,Call,2026-11-30,14:05,00:30,left a message,Ada Lovelace,Done
Call,Call,2026-11-30,14:15,00:15,,Bob Byte,Done
"""

ZOHO = """\
Subject,Call Type,Call Start Time,Call Duration (in seconds),Call Result,Contact Name,Description
Call,Outbound,"Nov 30, 2026 02:05 PM",252,Meeting scheduled,Ada Lovelace,demo Tue
Call,Outbound,"Nov 30, 2026 02:15 PM",30,Voicemail,Bob Byte,
Call,Outbound,"Nov 30, 2026 02:25 PM",45,Interested,Cy Clone,
"""

FIVE9 = """\
CALL ID,TIMESTAMP,CAMPAIGN,CALL TYPE,AGENT NAME,DISPOSITION,CUSTOMER NAME,TALK TIME,CALL TIME
1,"Mon, 30 Nov 2026 14:05:00",Outbound,Outbound,Sam Rep,Appointment Set,Ada Lovelace,\
0:04:12,0:04:30
2,"Mon, 30 Nov 2026 14:15:00",Outbound,Outbound,Sam Rep,Answering Machine,Bob Byte,0:00:00,0:00:30
3,"Mon, 30 Nov 2026 14:25:00",Outbound,Outbound,Sam Rep,No Answer,Cy Clone,0:00:00,0:00:40
"""

ORUM = """\
Call Date,Contact Name,Company,Disposition,Duration,Notes
11/30/2026 2:05 PM,Ada Lovelace,Acme,Meeting Booked,4:12,
11/30/2026 2:15 PM,Bob Byte,Byte Co,Voicemail,0:30,
11/30/2026 2:25 PM,Cy Clone,Clone Inc,Connected,1:10,
11/30/2026 2:35 PM,Dee Dee,Dee Co,Gatekeeper,0:20,
"""

# (preset or None, file, the columns expected, the effort it adds)
TOOLS: dict[str, tuple[str | None, str, dict[str, str], dict[str, int]]] = {
    "hubspot": ("hubspot", HUBSPOT,
                {"date": "Activity date", "disposition": "Call outcome",
                 "contact": "Associated Contact"},
                {"dials": 3, "conversations": 1}),
    "salesforce": ("salesforce", SALESFORCE,
                   {"date": "ActivityDate", "disposition": "CallDisposition",
                    "duration": "CallDurationInSeconds", "contact": "Who.Name"},
                   {"dials": 3, "conversations": 2, "meetings": 1}),
    "outreach": ("outreach", OUTREACH,
                 {"date": "dialedAt", "disposition": "callDisposition", "contact": "prospect"},
                 {"dials": 3, "conversations": 2, "meetings": 1}),
    "dialpad": ("dialpad", DIALPAD,
                {"date": "date_started", "disposition": "categories"},
                {"dials": 3, "conversations": 1}),
    "aircall": ("aircall", AIRCALL,
                {"date": "started_at", "disposition": "status", "sentiment": "tags",
                 "contact": "contact"},
                {"dials": 4, "conversations": 2, "meetings": 1}),
    "ringcentral": ("ringcentral", RINGCENTRAL,
                    {"date": "Date", "time": "Time", "disposition": "Action Result",
                     "contact": "Name"},
                    {"dials": 4, "conversations": 1}),
    "ringcentral-api": ("ringcentral", RINGCENTRAL_API,
                        {"date": "startTime", "disposition": "result", "contact": "to.name"},
                        {"dials": 2, "conversations": 1}),
    "salesloft": ("salesloft", SALESLOFT,
                  {"date": "created_at", "disposition": "disposition",
                   "sentiment": "sentiment", "contact": "called_person"},
                  {"dials": 4, "conversations": 2, "meetings": 1}),
    "close": (None, CLOSE, {"date": "date_created", "disposition": "disposition",
                            "contact": "contact_name"},
              {"dials": 3, "conversations": 1}),
    "pipedrive": (None, PIPEDRIVE, {"date": "Activity - Due date", "time": "Activity - Due time",
                                    "contact": "Activity - Contact person"},
                  {"dials": 2}),
    "zoho": (None, ZOHO, {"date": "Call Start Time", "disposition": "Call Result",
                          "duration": "Call Duration (in seconds)"},
             {"dials": 3, "conversations": 2, "meetings": 1}),
    "five9": (None, FIVE9, {"date": "TIMESTAMP", "disposition": "DISPOSITION",
                            "duration": "TALK TIME", "contact": "CUSTOMER NAME"},
              {"dials": 3, "conversations": 1, "meetings": 1}),
    "orum": (None, ORUM, {"date": "Call Date", "disposition": "Disposition"},
             {"dials": 4, "conversations": 2, "meetings": 1}),
}

NAMES = {"dials": ("dial", "dials"), "conversations": ("conversation", "conversations"),
         "meetings": ("meeting booked", "meetings booked")}


def _added(counts: dict[str, int]) -> str:
    return "Added " + ", ".join(f"{count} {NAMES[kind][count != 1]}"
                                for kind, count in counts.items()) + "."


@pytest.mark.parametrize("preset", [False, True], ids=["detected", "preset"])
@pytest.mark.parametrize("tool", list(TOOLS))
def test_each_tools_export_imports_without_map(tool: str, preset: bool, home: Path,
                                                tmp_path: Path) -> None:
    name, text, columns, counts = TOOLS[tool]
    path = tmp_path / f"{tool}.csv"
    path.write_text(text, encoding="utf-8")
    extra = ("--preset", name) if preset and name else ()
    result = run_coach(home, "import", str(path), *extra)
    assert result.returncode == 0, result.stderr
    assert _added(counts) in result.stdout
    for field, column in columns.items():
        assert f"{field} from '{column}'" in result.stdout
    assert "an outcome Coach does not know" not in result.stdout


def test_dates_and_times_land_where_the_tool_says() -> None:
    def moments(text: str) -> list[str]:
        log = parse_call_log(Path("x.csv"), text.encode(), CallLogOptions(),
                             lambda moment: moment.replace(tzinfo=timezone.utc))
        return sorted({str(event["at"]) for event in log.events})
    assert moments(RINGCENTRAL)[0] == "2026-11-30T14:05:00+00:00"
    assert moments(RINGCENTRAL)[-1] == "2026-12-01T09:15:00+00:00"
    assert moments(SALESFORCE)[0] == "2026-11-30T00:00:00+00:00"  # ActivityDate: the day only
    assert moments(FIVE9)[0] == "2026-11-30T14:05:00+00:00"
    assert moments(ZOHO)[0] == "2026-11-30T14:05:00+00:00"
    assert moments(SALESLOFT)[0] == "2026-11-30T14:05:00-05:00"


@pytest.mark.parametrize("name", ["dialedAt", "DIALED_AT", "dialed at", "Dialed-At", "DialedAt",
                                  "call.dialed_at", "dialed_at (UTC)", "Call - Dialed At"])
def test_header_forms_are_one_name(name: str) -> None:
    assert choose_columns([name, "Outcome"]) == {"date": 0, "disposition": 1}


def test_normal_splits_every_case_form() -> None:
    assert {normal(name) for name in ("dialedAt", "DIALED_AT", "Dialed-At", "dialed at",
                                      "DialedAt", "dialed.at")} == {"dialed at"}
    assert normal("CallDurationInSeconds") == "call duration in seconds"
    assert key("ACTIVITYDATE") == key("ActivityDate") == key("activity_date")


def test_a_disposition_column_wins_over_a_status() -> None:
    header = ["Status", "CreatedDate", "CallDisposition"]
    assert choose_columns(header)["disposition"] == 2
    chosen = choose_columns(header, maps={"date": "CreatedDate"})
    assert chosen == {"date": 1, "disposition": 2}


def test_a_whole_name_wins_over_a_last_part() -> None:
    # from.name ends in "name", but to.name is the person called.
    assert choose_columns(["startTime", "from.name", "to.name"])["contact"] == 2


def test_every_preset_name_is_a_common_name_too() -> None:
    for preset, fields in PRESETS.items():
        for field, names in fields.items():
            assert field in FIELDS, preset
            assert set(names) <= set(SYNONYMS[field]), (preset, set(names) - set(SYNONYMS[field]))


@pytest.mark.parametrize(("cell", "expected"), [
    ("Mon 11/30/2026", "2026-11-30 00:00:00"),
    ("Monday, 30 November 2026", "2026-11-30 00:00:00"),
    ("Mon, 30 Nov 2026 14:05", "2026-11-30 14:05:00"),
    ("Mon, 30 Nov 2026 14:05:00 +0000", "2026-11-30 14:05:00+00:00"),
    ("Nov 30, 2026 02:05 PM", "2026-11-30 14:05:00"),
    ("November 30th, 2026, 2:05 pm", "2026-11-30 14:05:00"),
    ("30-Nov-2026 14:05", "2026-11-30 14:05:00"),
    ("Thurs. 3 Dec 2026", "2026-12-03 00:00:00"),
    ("Sept 1 2026", "2026-09-01 00:00:00"),
    ("1795961100", "2026-11-29 14:05:00+00:00"),
    ("1795961100000", "2026-11-29 14:05:00+00:00"),
])
def test_dates_with_weekdays_and_month_names(cell: str, expected: str) -> None:
    date_part, time_part = split_stamp(cell)
    assert str(read_stamp(date_part, time_part, "month-first")) == expected


def test_a_month_that_is_no_month_is_refused() -> None:
    with pytest.raises(CallLogProblem, match="'30 Foo 2026' is not a date"):
        parse_call_log(Path("x.csv"), b"date,outcome\n30 Foo 2026,VM\n", CallLogOptions(),
                       lambda moment: moment)


@pytest.mark.parametrize(("disposition", "outcome"), [
    ("Call connected", "conversation"), ("Accepted", "conversation"),
    ("outgoing,answered", "conversation"), ("outgoing,unanswered", "dial"),
    ("Left live message", "dial"), ("vm-left", "dial"), ("no-answer", "dial"),
    ("Rejected", "dial"), ("Abandoned", "dial"), ("Answered - Meeting Set", "meeting"),
])
def test_the_tools_own_outcomes(disposition: str, outcome: str) -> None:
    assert outcome_of(disposition) == outcome


def test_a_sentiment_raises_a_talk_but_never_a_voicemail() -> None:
    text = ("date,disposition,sentiment\n2026-11-30 10:00,Left Voicemail,Meeting Booked\n"
            "2026-11-30 10:05,,Interested\n2026-11-30 10:10,Chatted,Meeting Booked\n")
    log = parse_call_log(Path("x.csv"), text.encode(), CallLogOptions(), lambda m: m)
    kinds = [str(event["type"]) for event in log.events]
    assert kinds.count("dials") == 3 and kinds.count("conversations") == 2
    assert kinds.count("meetings") == 1 and log.unrecognised == ()
