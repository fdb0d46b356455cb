"""Synthetic but realistic Coach data for benchmarks: years of reflections and effort events.

The records have the same shape and roughly the same size as the ones a real debrief saves
(see coach/store/records.py). `write_partitions` writes them straight into the weekly partition
files the store reads, which is far faster than saving them one by one through the store.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coach.store.records import SCHEMA
from coach.store.storage import make_private_folder
from coach.store.store import EFFORT, REFLECTIONS, Store, week_of

PROSPECTS = ["Acme", "Northwind", "Globex", "Initech", "Umbrella Health", "Hooli", "Vandelay",
             "Stark Logistics", "Wayne Foods", "Tyrell Labs", "", ""]
HAPPENINGS = [
    "They said to call back next quarter and hung up.",
    "Gatekeeper would not put me through to the buyer.",
    "Good chat for five minutes, then they said there is no budget this year.",
    "They already use a competitor and are happy with it.",
    "I rushed the pitch and lost them after the opener.",
    "They were in a meeting and cut me off straight away.",
    "The prospect asked for pricing and went cold.",
]
CAUSES = ["timing", "timing", "budget", "fit", "priorities", "delivery", "unknown"]
TRAPS = ["none", "none", "overgeneralising", "fortune_telling", "personalising", "mind_reading",
         "catastrophising", "all_or_nothing", "discounting"]
LESSONS = ["slow down after the opener", "ask about their quarter first", "check the budget early",
           "qualify the fit before pitching", "pause after the first question",
           "let them finish before answering", "ask who else decides"]
NEXT_ACTIONS = ["call back next quarter", "send a short follow-up email", "research the account",
                "update the CRM notes", "dial the next lead", "ask my manager for a tip"]
WINS = ["got the buyer's email", "five minutes of real talk", "permission to call back",
        "learned they switch vendors in spring", "handled the price objection", ""]
FEELINGS = ["frustrated", "tired", "a bit flat", "annoyed", "fine", "embarrassed"]


def _answer(question: str, value: Any, kind: str = "text", shown: str | None = None) -> dict[str, Any]:
    return {"question": question, "answer": value, "type": kind,
            "shown": str(value) if shown is None else shown}


def debrief_record(finished: datetime, *, record_id: str, sting: int, after: int, cause: str,
                   lesson: str, win: str = "", action: str = "", trap: str = "none",
                   prospect: str = "", happened: str = "", callback: str | None = None,
                   quick: bool = False) -> dict[str, Any]:
    """A debrief record shaped like the built-in playbook's, from the given answers."""
    answers = {
        "prospect": _answer("Who was the call with? (a name or company; Enter to skip)", prospect),
        "what_happened": _answer("In a sentence or two, what happened on the call?", happened),
        "sting": _answer("How much does it sting right now?", sting, "scale"),
    }
    if sting >= 7 and not quick:
        answers["compassion_first.feeling"] = _answer("In a word or two, what are you feeling right now?", "frustrated")
        answers["compassion_first.kind_word"] = _answer(
            "Imagine a teammate just took that exact call. What would you say to them?", "It was one call; the next one is new.")
        answers["compassion_first.let_go"] = _answer("Ready to set this call down for now? Your notes will keep it safe if you need it later.", True, "yesno", "yes")
    if not quick:
        answers["whose_side"] = _answer("First instinct: was the no mostly about their situation, or about how the call went?", "them", "choice",
                                        "Their situation")
        answers["timing_fit.cause"] = _answer("From there, what mostly drove the no?", cause, "choice")
        answers["timing_fit.signal"] = _answer("What did they say or do that points that way? (Enter to skip)", "They said so directly.")
        if callback:
            answers["timing_fit.callback"] = _answer("When should you try again? (a date, a weekday, or a number of days from now)", callback, "date")
    answers.update({
        "reframe.went_well": _answer("Start with what worked. What went well on that call, even a little?", "I kept a calm voice and got through."),
        "reframe.adjust": _answer("What would you adjust next time? Pick any that apply, e.g. 1,3.", ["questions", "pace"], "choice",
                                  "Ask sharper discovery questions, Slow down instead of rushing the pitch"),
        "reframe.trap": _answer("Is one of these thoughts running in your head right now?", trap, "choice"),
        "reframe.lesson": _answer("In one line, what will you take from this call?", lesson),
        "win.kind": _answer("Even a no often leaves something behind. What did this call give you?", "talk" if win else "nothing", "choice"),
        "win.win": _answer("Describe it in a few words, so it shows up in your tally.", win),
        "sting_after": _answer("Looking at it now, how much does it sting?", after, "scale"),
        "next_action": _answer("One next action before the next dial?", action),
    })
    values = {path.replace(".", "_"): item["answer"] for path, item in answers.items()}
    values["prospect"] = prospect
    return {
        "schema": SCHEMA, "kind": "reflection", "id": record_id, "playbook": "debrief",
        "title": "Debrief a tough call", "variant": "quick" if quick else "full",
        "started": (finished - timedelta(minutes=3)).isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "answers": answers,
        "responses": ["That one was about their situation.", "Keep doing that.",
                      f"Down from {sting} to {after}."],
        "tags": ["debrief"], "sting_before": sting, "sting_after": after,
        "cause": None if quick else cause, "small_win": win or None, "next_action": action or None,
        "callback": callback, "lesson": lesson or None,
        "thinking_trap": None if trap == "none" else trap, "values": values,
    }


def debrief(rng: random.Random, finished: datetime, record_id: str, quick: bool) -> dict[str, Any]:
    """A debrief with plausible random answers."""
    sting = rng.randint(2, 10)
    cause = rng.choice(CAUSES)
    callback = ((finished + timedelta(days=rng.randint(3, 60))).date().isoformat()
                if cause in ("timing", "budget") and rng.random() < 0.5 else None)
    return debrief_record(
        finished, record_id=record_id, sting=sting, after=max(0, sting - rng.randint(0, 4)),
        cause=cause, lesson=rng.choice(LESSONS), win=rng.choice(WINS),
        action=rng.choice(NEXT_ACTIONS), trap=rng.choice(TRAPS), prospect=rng.choice(PROSPECTS),
        happened=rng.choice(HAPPENINGS), callback=callback, quick=quick,
    )


def checkin(rng: random.Random, finished: datetime, record_id: str) -> dict[str, Any]:
    """A morning check-in with random effort goals."""
    return checkin_record(finished, record_id, dials=rng.choice([40, 50, 60]),
                          conversations=rng.choice([6, 8, 10]), follow_ups=rng.choice([3, 5]))


def checkin_record(finished: datetime, record_id: str, *, dials: int, conversations: int,
                   follow_ups: int, insights: int = 2) -> dict[str, Any]:
    """A morning check-in that sets the day's effort goals."""
    goals = {"goal_dials": dials, "goal_conversations": conversations,
             "goal_follow_ups": follow_ups, "goal_insights": insights}
    answers = {name: _answer(f"Today's {name[5:]} goal?", value, "number")
               for name, value in goals.items()}
    return {
        "schema": SCHEMA, "kind": "reflection", "id": record_id, "playbook": "checkin",
        "title": "Morning check-in", "variant": "full",
        "started": (finished - timedelta(minutes=2)).isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"), "answers": answers,
        "responses": ["Effort is the part you control. Go get it."], "tags": ["checkin"],
        "sting_before": None, "sting_after": None, "cause": None, "small_win": None,
        "next_action": None, "callback": None, "lesson": None, "thinking_trap": None,
        "values": dict(goals),
    }


def workdays_until(end: datetime, count: int) -> list[datetime]:
    """The last `count` weekdays up to `end` (midnight of each), oldest first."""
    found: list[datetime] = []
    day = end.replace(hour=0, minute=0, second=0, microsecond=0)
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day -= timedelta(days=1)
    found.reverse()
    return found


def generate(reflections: int, effort_events: int, end: datetime,
             seed: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`reflections` reflections and `effort_events` effort events over the days up to `end`.

    Work days only: 15 reflections (one check-in, the rest debriefs) and, for 100,000 events,
    75 effort events each, which puts 20,000 reflections at about five years of weekdays.
    """
    rng = random.Random(seed)
    per_day = 15
    workdays = workdays_until(end, -(-reflections // per_day))
    records: list[dict[str, Any]] = []
    for index in range(reflections):
        day = workdays[index // per_day]
        slot = index % per_day
        record_id = f"{rng.getrandbits(128):032x}"
        if slot == 0:
            records.append(checkin(rng, day + timedelta(hours=8, minutes=30), record_id))
        else:
            moment = day + timedelta(hours=9 + (slot - 1) * 0.6, minutes=rng.randint(0, 30))
            records.append(debrief(rng, moment, record_id, quick=rng.random() < 0.25))
    events: list[dict[str, Any]] = []
    per_event_day = -(-effort_events // len(workdays))
    kinds = ["dials"] * 30 + ["conversations"] * 12 + ["follow_ups"] * 6 + ["objections"] * 4 + \
        ["meetings", "breather"]
    for index in range(effort_events):
        day = workdays[min(index // per_event_day, len(workdays) - 1)]
        slot = index % per_event_day
        kind = rng.choice(kinds)
        moment = day + timedelta(hours=9, minutes=slot * 6 + rng.randint(0, 5))
        events.append({"schema": SCHEMA, "kind": "effort", "id": f"{rng.getrandbits(128):032x}",
                       "type": kind, "count": 1,
                       "at": moment.isoformat(timespec="seconds"), "note": ""})
    return records, events


def write_partitions(home: Path, folder: str, records: Iterable[dict[str, Any]], stamp: str) -> int:
    """Write records into the store's weekly TinyDB files in one pass; returns the file count."""
    weeks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        weeks[week_of(record[stamp])].append(record)
    make_private_folder(home / folder)
    for week, items in weeks.items():
        table = {str(number): item for number, item in enumerate(items, 1)}
        text = json.dumps({folder: table}, ensure_ascii=False, separators=(",", ":"))
        path = home / folder / f"{week}.json"
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
    return len(weeks)


def fill(home: Path, reflections: int, effort_events: int, end: datetime | None = None) -> None:
    """Fill a new data folder with generated reflections and effort events ending at `end`."""
    end = end or datetime.now(timezone.utc).astimezone()
    Store(home)  # lets the store set the folder up (private modes, its own bookkeeping) first
    records, events = generate(reflections, effort_events, end)
    write_partitions(home, REFLECTIONS, records, "finished")
    write_partitions(home, EFFORT, events, "at")
    # Written straight to the week files, so the week digests the store keeps beside them as
    # it saves (coach/store/digest.py) are built here, as years of real use would have left them.
    Store(home).build_digests()
