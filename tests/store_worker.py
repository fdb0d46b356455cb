"""A child process for the crash and concurrency tests: saves records and acknowledges each one.

    python store_worker.py reflections HOME COUNT NAME   save COUNT reflections, print each id
    python store_worker.py mixed HOME COUNT NAME         reflections, effort, drafts and counters
    python store_worker.py responses HOME COUNT NAME     count one response COUNT times

Each save is acknowledged by one line, printed (and flushed) only after the save returned:
`reflection ID`, `effort ID`, `draft ID` or `count KEY`. Every line read is a save the store
promised to keep; the crash test kills the worker after a chosen number of them.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from sample_records import MONDAY, draft, effort, reflection

from coach.store.store import Store


def main(mode: str, home: Path, count: int, name: str) -> None:
    store = Store(home)
    for number in range(count):
        record_id = f"{name}-{number:05d}"
        if mode == "responses":
            store.count_responses(["debrief.sting.0"])
            print("count debrief.sting.0", flush=True)
            continue
        # Spread the saves over three weeks, so several partitions are written.
        when = MONDAY + timedelta(days=number % 21, minutes=number)
        if mode == "mixed" and number % 3 == 1:
            store.add_effort(effort(at=when, record_id=record_id))
            print("effort", record_id, flush=True)
        elif mode == "mixed" and number % 3 == 2:
            store.save_draft(draft(f"draft-{name}", when))
            print("draft", f"draft-{name}", flush=True)
            store.count_responses([f"key-{number % 4}"])
            print("count", f"key-{number % 4}", flush=True)
        else:
            store.add_reflection(reflection(finished=when, record_id=record_id))
            print("reflection", record_id, flush=True)

if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
