"""Call-log import benchmark: is a busy month of dialing imported in well under two seconds?

Target (issue 13): `coach import calls.csv` with 5,000 calls (about 9,000 effort events) takes at
most 2 s as a whole process, into an empty data folder and again into one that has them all.

    python benchmarks/bench_calllog.py [--rows 5000]

The calls follow a rep's day: a dial every few minutes from 9 to 5, mostly voicemails and no
answers, some conversations, a few meetings and callbacks, in the US date form a dialer writes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

TARGET_SECONDS = 2.0
OUTCOMES = (["No Answer"] * 40 + ["Left Voicemail"] * 30 + ["Gatekeeper"] * 8
            + ["Connected - Not Interested"] * 12 + ["Connected - Interested"] * 4
            + ["Callback Requested"] * 3 + ["Meeting Booked"] * 2 + ["Bad Number"] * 1)


def write_calls(path: Path, rows: int) -> None:
    chance = random.Random(13)
    moment = datetime(2026, 11, 2, 9, 0)
    lines = ["Call Date,Contact Name,Company,Call Result,Talk Time,Notes"]
    for number in range(rows):
        moment += timedelta(minutes=chance.randint(2, 6))
        if moment.hour >= 17:
            moment = moment.replace(hour=9) + timedelta(days=1)
        outcome = chance.choice(OUTCOMES)
        talk = chance.randint(20, 600) if outcome.startswith(("Connected", "Callback", "Meet")) else 0
        lines.append(f"{moment:%m/%d/%Y %I:%M %p},Prospect {number},Company {number % 300},"
                     f"{outcome},{talk // 60}:{talk % 60:02d},\"asked about pricing, call {number}\"")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_import(home: Path, path: Path) -> tuple[float, str]:
    environment = {**os.environ, "COACH_HOME": str(home)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "coach", "import", str(path)], env=environment,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"import failed: {result.stderr}")
    return elapsed, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        calls = folder / "calls.csv"
        write_calls(calls, args.rows)
        first, summary = timed_import(folder / "home", calls)
        again, _ = timed_import(folder / "home", calls)
    print(summary.strip())
    print(f"{args.rows:,} calls: first import {first:.2f} s, again (nothing new) {again:.2f} s; "
          f"target {TARGET_SECONDS:.1f} s each")
    return 0 if max(first, again) <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
