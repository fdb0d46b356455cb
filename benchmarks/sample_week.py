"""Fill a data folder with one realistic working week, to try `coach patterns` by hand.

    export COACH_HOME="$(mktemp -d)"
    python benchmarks/sample_week.py && coach patterns

The week is scripted, not random, so what the review should say is known in advance: most nos
come from timing, debriefs take the sting down by about three points, tough calls bunch up on
one afternoon, the same lessons come back, one callback is due, and today's 25 dials without a
meeting are normal variance at a rate of about one meeting in nineteen dials. Everything is
saved through the real store. The four earlier days end yesterday; today's activity is placed
in the hours just before now, so run it during a working day for the most natural result.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import checkin_record, debrief_record

from coach.store.records import effort_record, new_id
from coach.store.store import Store

# Effort per day, oldest first; the last row is today so far.
EFFORT = [
    {"dials": 55, "conversations": 10, "meetings": 3, "follow_ups": 5},
    {"dials": 48, "conversations": 7, "meetings": 2, "follow_ups": 4},
    {"dials": 60, "conversations": 11, "meetings": 4, "follow_ups": 6},
    {"dials": 42, "conversations": 6, "meetings": 2, "follow_ups": 2},
    {"dials": 25, "conversations": 4, "meetings": 0, "follow_ups": 1},
]

# Debriefs per day: (hour, minute, sting, sting after, cause, lesson, small win, trap).
DEBRIEFS: list[list[tuple[int, int, int, int, str, str, str, str]]] = [
    [(10, 15, 6, 3, "timing", "Ask about their timeline before pitching", "Got the buyer's direct line", "none"),
     (11, 40, 5, 2, "budget", "Check the budget early", "Five minutes of real talk", "none"),
     (15, 10, 7, 4, "timing", "ask about their timeline before I pitch", "", "fortune_telling")],
    [(10, 5, 4, 2, "priorities", "Slow down after the opener", "Permission to call back in March", "none"),
     (14, 30, 6, 3, "delivery", "slow down after the opener!", "Handled the price objection", "none"),
     (16, 20, 5, 3, "timing", "Ask who else decides", "Learned they switch vendors in spring", "none")],
    [(9, 50, 5, 2, "timing", "Ask about their timeline before pitching", "Got an email address", "none"),
     (11, 15, 6, 4, "fit", "Qualify the fit before pitching", "", "personalising"),
     (15, 45, 7, 4, "budget", "Check the budget early", "A referral to the ops lead", "fortune_telling")],
    [(10, 30, 5, 3, "timing", "Ask about their timeline first", "Five minutes of real talk", "none"),
     (14, 10, 8, 5, "delivery", "Slow down after the opener", "", "fortune_telling"),
     (14, 50, 9, 5, "priorities", "Let them finish before answering", "", "catastrophising"),
     (15, 30, 7, 4, "timing", "Ask about their timeline before pitching", "Permission to follow up", "none"),
     (16, 5, 8, 4, "budget", "Check the budget early", "", "none")],
    [(-120, 0, 6, 3, "timing", "Ask about their timeline before pitching", "Got the buyer's email", "none"),
     (-45, 0, 5, 2, "delivery", "Slow down after the opener", "Booked a demo for next week", "none")],
]
PROSPECTS = ["Northwind", "Globex", "Initech", "Umbrella Health", "Hooli", "Vandelay", "Acme"]


def week(now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The week's reflections and effort events, the last day ending at `now`."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    days = [today - timedelta(days=offset) for offset in range(len(EFFORT) - 1, -1, -1)]
    reflections: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for index, (day, effort, debriefs) in enumerate(zip(days, EFFORT, DEBRIEFS, strict=True)):
        last = index == len(days) - 1
        start = now - timedelta(hours=3) if last else day + timedelta(hours=9)
        span = (now - start) if last else timedelta(hours=8)
        reflections.append(checkin_record(start - timedelta(minutes=20), new_id(), dials=50,
                                          conversations=8, follow_ups=4))
        for kind, count in effort.items():
            for step in range(count):
                at = start + span * ((step + 0.5) / max(count, 1))
                events.append(effort_record(kind, 1, at))
        for number, (hour, minute, sting, after, cause, lesson, win, trap) in enumerate(debriefs):
            finished = (now + timedelta(minutes=hour) if last
                        else day + timedelta(hours=hour, minutes=minute))
            prospect = PROSPECTS[(index * 3 + number) % len(PROSPECTS)]
            callback = None
            if index == 0 and number == 0:
                callback = (days[3]).date().isoformat()  # due yesterday
            if index == 2 and number == 0:
                callback = (today + timedelta(days=3)).date().isoformat()
            reflections.append(debrief_record(
                finished, record_id=new_id(), sting=sting, after=after, cause=cause,
                lesson=lesson, win=win, action="Send a short follow-up email", trap=trap,
                prospect=prospect, happened="They said it was not the right moment.",
                callback=callback,
            ))
    return reflections, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=None,
                        help="the data folder (default: COACH_HOME)")
    args = parser.parse_args()
    home = args.home or (Path(os.environ["COACH_HOME"]) if os.environ.get("COACH_HOME") else None)
    if home is None:
        parser.error("set COACH_HOME or pass --home: this script never touches your real data")
    store = Store(home)
    reflections, events = week(datetime.now().astimezone())
    for record in reflections:
        store.add_reflection(record)
    for event in events:
        store.add_effort(event)
    print(f"Saved {len(reflections)} reflections and {len(events)} effort events in {home}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
