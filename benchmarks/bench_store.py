"""Store benchmark: is a save as cheap with years of history as with a few days, and is reading
all of it fast?

Targets (issue 5): a save with 20,000 reflections stored costs at most 1.5x a save with 100
stored, and reading all 20,000 as the views read them (summaries from the week digests, since
issue 14) takes at most 0.25 s. The whole records are timed too, for reference.

    python benchmarks/bench_store.py            # the full benchmark (about a minute)
    python benchmarks/bench_store.py --quick    # smaller, for a smoke test

The generated reflections follow the built-in playbooks: full and quick debriefs with the real
question texts, morning check-ins and small wins, with answers of the length a rep types
between two calls. They are written straight into the weekly partitions through the storage
layer, one write per file, which takes seconds instead of the hours one save each would take.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sample_data import (  # benchmarks/ is on the path when run as a script
    workdays_until,
    write_partitions,
)

from coach.store.layout import EFFORT, REFLECTIONS
from coach.store.records import SCHEMA
from coach.store.store import Store

SAVE_RATIO_TARGET = 1.5
READ_SECONDS_TARGET = 0.25
REFLECTIONS_PER_WORKDAY = 16  # 20,000 reflections is about five years of working days

PROSPECTS = ["Acme", "Northwind Traders", "Globex", "Initech", "Umbrella Health", "Hooli",
             "Vandelay Industries", "Stark Logistics", "Wayne Foods", "Tyrell Labs", ""]
HAPPENINGS = [
    "Call back next quarter, then they hung up.",
    "Gatekeeper would not put me through to the buyer.",
    "Five good minutes, then no budget this year.",
    "Already with a competitor and happy with them.",
    "I rushed the pitch and lost them after the opener.",
    "In a meeting, cut me off straight away.",
    "Asked for pricing by email and went quiet.",
    "Said it is not a priority until the merger is done.",
]
SHORT_TEXTS = ["frustrated", "tired", "a bit flat", "annoyed", "fine", "embarrassed",
               "It was one call, the next one is new", "You kept your cool, that counts",
               "They said so directly", "Mentioned the budget freeze twice",
               "I kept a calm voice and got to the point", "Got them to tell me their timeline",
               "Ask about their quarter before pitching", "Pause after the first question",
               "Slow down after the opener", "Qualify the fit before the demo",
               "Got the buyer's email", "Five minutes of real conversation",
               "Permission to call back in March", "Learned they switch vendors in spring"]
NEXT_ACTIONS = ["Call back next quarter", "Send a short follow-up email", "Dial the next lead",
                "Update the CRM notes", "Research the account before the callback"]
RESPONSES = [
    "That's a heavy one. Let's look after you first and analyse later.",
    "Thanks for naming it. Feelings loosen their grip once they have a name.",
    "Good. The next dial is a fresh start with a different person.",
    "That one was about their situation. It says very little about you or your skill.",
    "Keep doing that. It works even when the answer is no.",
    "Pace is one of the easiest things to fix. Try one pause after your first question.",
    "That counts. Progress often looks this small up close.",
    "Go do that. You've got this call handled.",
]
DEBRIEF_STEPS = [
    # (path, question, type, full only)
    ("prospect", "Who was the call with? (a name or company; Enter to skip)", "text", False),
    ("what_happened", "In a sentence or two, what happened on the call?", "text", False),
    ("sting", "How much does it sting right now?", "scale", False),
    ("compassion_first.feeling", "In a word or two, what are you feeling right now?", "text", True),
    ("compassion_first.kind_word",
     "Imagine a teammate just took that exact call. What would you say to them?", "text", True),
    ("compassion_first.let_go", "Ready to set this call down for now? Your notes will keep it "
     "safe if you need it later.", "yesno", True),
    ("compassion_first.reset", "Pick a short reset before the next dial:", "choice", True),
    ("whose_side", "First instinct: was the no mostly about their situation, or about how the "
     "call went?", "choice", True),
    ("timing_fit.cause", "From there, what mostly drove the no?", "choice", True),
    ("timing_fit.signal", "What did they say or do that points that way? (Enter to skip)",
     "text", True),
    ("timing_fit.worth_callback", "Is {prospect} worth another call later?", "yesno", True),
    ("timing_fit.callback", "When should you try again? (a date, a weekday, or a number of days "
     "from now)", "date", True),
    ("reframe.went_well", "Start with what worked. What went well on that call, even a little?",
     "text", False),
    ("reframe.adjust", "What would you adjust next time? Pick any that apply, e.g. 1,3.",
     "choice", False),
    ("reframe.adjust_detail", "Make it concrete: what exactly would you say or do differently?",
     "text", True),
    ("reframe.trap", "Is one of these thoughts running in your head right now?", "choice", True),
    ("reframe.lesson", "In one line, what will you take from this call?", "text", False),
    ("win.kind", "Even a no often leaves something behind. What did this call give you?",
     "choice", False),
    ("win.win", "Describe it in a few words, so it shows up in your tally.", "text", False),
    ("sting_after", "Looking at it now, how much does it sting?", "scale", False),
    ("next_action", "One next action before the next dial?", "text", False),
]
CHOICES = {"compassion_first.reset": ("breathe", "Three slow breaths"),
           "whose_side": ("them", "Their situation"),
           "timing_fit.cause": ("timing", "Bad moment, wrong quarter, or they were swamped"),
           "reframe.adjust": (["questions", "pace"], "Ask sharper discovery questions, Slow down"),
           "reframe.trap": ("none", "None of these"),
           "win.kind": ("talk", "A few minutes of real conversation")}


def _nest(values: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        values = values.setdefault(parent, {})
    values[name] = value


def _reflection(playbook: str, title: str, finished: datetime, answers: dict[str, Any],
                values: dict[str, Any], responses: list[str], summary: dict[str, Any],
                rng: random.Random, variant: str = "full") -> dict[str, Any]:
    record: dict[str, Any] = {
        "schema": SCHEMA, "kind": "reflection", "id": f"{rng.getrandbits(128):032x}",
        "playbook": playbook, "title": title, "variant": variant,
        "started": (finished - timedelta(minutes=rng.randint(1, 4))).isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "answers": answers, "responses": responses, "tags": [playbook],
    }
    for name in ("sting_before", "sting_after", "cause", "small_win", "next_action", "callback",
                 "lesson", "thinking_trap"):
        record[name] = summary.get(name)
    record["values"] = {**values, **summary}
    return record


def debrief(rng: random.Random, finished: datetime, quick: bool) -> dict[str, Any]:
    """A debrief shaped like the built-in playbook's, with the real question texts."""
    sting = rng.randint(2, 10)
    after = max(0, sting - rng.randint(0, 4))
    prospect = rng.choice(PROSPECTS)
    answers: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for path, question, kind, full_only in DEBRIEF_STEPS:
        if (full_only and quick) or (path.startswith("compassion_first") and sting < 7):
            continue
        if kind == "text":
            value: Any = {"prospect": prospect, "what_happened": rng.choice(HAPPENINGS),
                          "next_action": rng.choice(NEXT_ACTIONS)}.get(path, rng.choice(SHORT_TEXTS))
            shown = value
        elif kind == "scale":
            value = sting if path == "sting" else after
            shown = str(value)
        elif kind == "yesno":
            value, shown = True, "yes"
        elif kind == "date":
            value = (finished + timedelta(days=rng.randint(3, 60))).date().isoformat()
            shown = value
        else:
            value, shown = CHOICES[path]
        answers[path] = {"question": question.replace("{prospect}", prospect or "they"),
                         "answer": value, "type": kind, "shown": shown}
        _nest(values, path, value)
    summary = {"sting_before": sting, "sting_after": after,
               "cause": None if quick else "timing",
               "small_win": answers["win.win"]["answer"],
               "next_action": answers["next_action"]["answer"],
               "callback": answers.get("timing_fit.callback", {}).get("answer"),
               "lesson": answers["reframe.lesson"]["answer"], "thinking_trap": None}
    responses = rng.sample(RESPONSES, 4 if quick else 7)
    return _reflection("debrief", "Debrief a tough call", finished, answers, values, responses,
                       summary, rng, "quick" if quick else "full")


def checkin(rng: random.Random, finished: datetime) -> dict[str, Any]:
    """A morning check-in that sets the day's effort goals."""
    goals = {"goal_dials": rng.choice([40, 50, 60]), "goal_conversations": rng.choice([6, 8, 10]),
             "goal_follow_ups": rng.choice([3, 5]), "goal_insights": 2}
    answers = {"energy": {"question": "How is your energy this morning?", "answer": 4,
                          "type": "scale", "shown": "4"},
               "mindset": {"question": "Which sounds most like you right now?",
                           "answer": "steady", "type": "choice",
                           "shown": "Steady and ready to dial"}}
    for name, value in goals.items():
        answers[name] = {"question": f"How many {name[5:].replace('_', '-')} will you aim for "
                                     "today?", "answer": value, "type": "number",
                         "shown": str(value)}
    values = {"energy": 4, "mindset": "steady", **goals}
    return _reflection("checkin", "Morning check-in", finished, answers, values,
                       [rng.choice(RESPONSES)], {}, rng)


def small_win(rng: random.Random, finished: datetime) -> dict[str, Any]:
    """A quick small-win note."""
    win = rng.choice(SHORT_TEXTS)
    answers = {"kind": {"question": "Even a no often leaves something behind. What did this "
                                    "call give you?", "answer": "talk", "type": "choice",
                        "shown": "A few minutes of real conversation"},
               "win": {"question": "Describe it in a few words, so it shows up in your tally.",
                       "answer": win, "type": "text", "shown": win}}
    return _reflection("small_win", "Name a small win", finished, answers,
                       {"kind": "talk", "win": win}, [rng.choice(RESPONSES)],
                       {"small_win": win}, rng)


def generate(reflections: int, effort_events: int, end: datetime,
             seed: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`reflections` reflections and `effort_events` effort events on the work days up to `end`."""
    rng = random.Random(seed)
    workdays = workdays_until(end, -(-reflections // REFLECTIONS_PER_WORKDAY))
    records: list[dict[str, Any]] = []
    for index in range(reflections):
        day, slot = workdays[index // REFLECTIONS_PER_WORKDAY], index % REFLECTIONS_PER_WORKDAY
        moment = day + timedelta(hours=8, minutes=30 + slot * 30 + rng.randint(0, 20))
        if slot == 0:
            records.append(checkin(rng, moment))
        elif slot % 5 == 0:
            records.append(small_win(rng, moment))
        else:
            records.append(debrief(rng, moment, quick=rng.random() < 0.3))
    events: list[dict[str, Any]] = []
    per_day = -(-effort_events // len(workdays))
    kinds = ["dials"] * 30 + ["conversations"] * 10 + ["follow_ups"] * 5 + ["objections"] * 4 + \
        ["meetings", "breather"]
    for index in range(effort_events):
        day, slot = workdays[min(index // per_day, len(workdays) - 1)], index % per_day
        kind = rng.choice(kinds)
        note = rng.choice(["", "", "", "", "ACME, Tue 10am", "left a voicemail"])
        events.append({"schema": SCHEMA, "kind": "effort", "id": f"{rng.getrandbits(128):032x}",
                       "type": kind, "count": 0 if kind == "breather" else rng.choice([1, 1, 1, 5]),
                       "at": (day + timedelta(hours=8, minutes=slot * 6)).isoformat(timespec="seconds"),
                       "note": note})
    return records, events


def fill(home: Path, records: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    Store(home)  # an empty folder: this writes meta.json at the current schema
    write_partitions(home, REFLECTIONS, records, "finished")
    write_partitions(home, EFFORT, events, "at")


def timed(action: Callable[[], object]) -> float:
    """Seconds `action` takes; what it returns is freed only after the clock stops."""
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run, for a smoke test")
    parser.add_argument("--reflections", type=int, default=20_000)
    parser.add_argument("--effort", type=int, default=100_000)
    options = parser.parse_args()
    many, events_count = options.reflections, options.effort
    few = 100
    rounds = 5 if options.quick else 21
    if options.quick:
        many, events_count = many // 10, events_count // 10

    now = datetime.now().astimezone()
    records, events = generate(many, events_count, now)
    sample_record = debrief(random.Random(1), now, quick=False)
    print(f"{len(records):,} reflections and {len(events):,} effort events "
          f"({sum(len(str(record)) for record in records[:500]) // 500:,} characters per reflection)")

    with tempfile.TemporaryDirectory() as scratch:
        small, large = Path(scratch) / "small", Path(scratch) / "large"
        started = time.perf_counter()
        fill(small, records[-few:], events[-few * 5:])
        fill(large, records, events)
        print(f"generated and written in {time.perf_counter() - started:.1f} s")

        # One save each first: the first change of a day also takes that day's backup.
        def save(home: Path) -> Callable[[], None]:
            def run() -> None:
                record = dict(sample_record, id=f"{random.getrandbits(128):032x}")
                Store(home).add_reflection(record)
            return run

        save(small)()
        save(large)()
        small_times: list[float] = []
        large_times: list[float] = []
        for _ in range(rounds):  # interleaved, so drift in the machine's load hits both alike
            small_times.append(timed(save(small)))
            large_times.append(timed(save(large)))
        small_save, large_save = statistics.median(small_times), statistics.median(large_times)

        # What every list, review and statistic reads (the week digests, which the saves above
        # kept current, as a rep's own saves do); whole records only stream for an export.
        Store(large).build_digests()
        first_read = timed(lambda: Store(large).summaries())
        read_times = [timed(lambda: Store(large).summaries()) for _ in range(max(3, rounds // 4))]
        full_read = statistics.median(read_times)
        records_read = statistics.median(timed(lambda: Store(large).reflections())
                                         for _ in range(3))
        effort_read = statistics.median(timed(lambda: Store(large).effort_events())
                                        for _ in range(3))
        count = len(Store(large).reflections())

    ratio = large_save / small_save
    print(f"save, {few} stored:           {small_save * 1000:7.1f} ms (median of {rounds})")
    print(f"save, {many:,} stored:       {large_save * 1000:7.1f} ms (median of {rounds})")
    print(f"ratio:                      {ratio:7.2f}x  (target <= {SAVE_RATIO_TARGET}x)")
    print(f"read all {count:,} summaries:   {full_read * 1000:7.1f} ms (median; first read "
          f"{first_read * 1000:.1f} ms; target <= {READ_SECONDS_TARGET * 1000:.0f} ms)")
    print(f"read all {count:,} whole records: {records_read * 1000:7.1f} ms (no target: only "
          "exports read them all, a week at a time)")
    print(f"read all {len(events):,} effort events: {effort_read * 1000:7.1f} ms")
    met = ratio <= SAVE_RATIO_TARGET and full_read <= READ_SECONDS_TARGET
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
