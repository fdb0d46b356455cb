"""Benchmark looking back: `coach history -n 20`, `coach history --search WORD`, `coach patterns`.

    python benchmarks/bench_history.py                 # 20,000 reflections, 100,000 effort events
    python benchmarks/bench_history.py --runs 9 --keep bench-data --breakdown

Each command runs as a whole `python -m coach` process, interpreter start-up included, the way a
rep would run it. The first run after the data is written is reported on its own (it may build
caches); the verdict uses the median of the runs after it. The target is 0.5 s per command.
With --breakdown, the time spent reading the store and analysing is also measured in-process,
to show where the time goes. Exit status 0 means every command met the target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import fill

TARGET_SECONDS = 0.5
SEARCH_WORD = "Globex"
COMMANDS = {
    "history -n 20": ["history", "-n", "20"],
    f"history --search {SEARCH_WORD}": ["history", "--search", SEARCH_WORD],
    "patterns": ["patterns"],
}


def run_once(home: Path, arguments: list[str]) -> tuple[float, int]:
    """Seconds for one whole `coach` process, and how many lines it printed."""
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "coach", *arguments], capture_output=True,
                            text=True, env=environment, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"`coach {' '.join(arguments)}` failed:\n{result.stderr}")
    return elapsed, len(result.stdout.splitlines())


def breakdown(home: Path) -> None:
    """Where the time of `coach patterns` goes, measured inside one process."""
    from coach.review.patterns import horizon_of, review
    from coach.review.periods import period_for
    from coach.store.store import Store

    now = datetime.now().astimezone()
    period = period_for(None, None, now.date(), 28)
    since = datetime.combine(horizon_of(period), clock_time(0), tzinfo=now.tzinfo)
    store = Store(home)
    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    every = store.reflections()
    steps.append((f"store: all {len(every)} reflections", time.perf_counter() - started))
    started = time.perf_counter()
    recent = store.reflections(since=since)
    steps.append((f"store: {len(recent)} reflections since {since.date()}", time.perf_counter() - started))
    started = time.perf_counter()
    events = store.effort_events(since=since)
    steps.append((f"store: {len(events)} effort events since {since.date()}", time.perf_counter() - started))
    started = time.perf_counter()
    review(recent, events, now, period)
    steps.append(("analysis: the pattern review", time.perf_counter() - started))
    started = time.perf_counter()
    from coach.review.query import HistoryFilter, select

    found = list(select(every, HistoryFilter(search=SEARCH_WORD), now.tzinfo))
    steps.append((f"analysis: search over all ({len(found)} found)", time.perf_counter() - started))
    print("\nIn-process breakdown:")
    for name, seconds in steps:
        print(f"  {seconds:6.3f} s  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reflections", type=int, default=20_000)
    parser.add_argument("--effort", type=int, default=100_000, help="effort events")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command after the first")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it (else a temp folder)")
    parser.add_argument("--breakdown", action="store_true", help="also time the steps in-process")
    args = parser.parse_args()

    home = args.keep or Path(tempfile.mkdtemp(prefix="coach-bench-")) / "home"
    if home.exists() and any(home.iterdir()):
        print(f"Using the data already in {home}.")
    else:
        started = time.perf_counter()
        fill(home, args.reflections, args.effort, datetime.now().astimezone() - timedelta(minutes=5))
        print(f"Wrote {args.reflections:,} reflections and {args.effort:,} effort events to {home} "
              f"in {time.perf_counter() - started:.1f} s.")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; target {TARGET_SECONDS} s per "
          f"command (whole process, median of {args.runs} runs after the first).\n")
    print(f"{'command':<28} {'first':>7} {'median':>7} {'min':>7} {'max':>7}  lines  verdict")
    passed = True
    try:
        for name, arguments in COMMANDS.items():
            first, lines = run_once(home, arguments)
            times = [run_once(home, arguments)[0] for _ in range(args.runs)]
            median = statistics.median(times)
            ok = median <= TARGET_SECONDS
            passed &= ok
            print(f"{name:<28} {first:7.3f} {median:7.3f} {min(times):7.3f} {max(times):7.3f} "
                  f"{lines:6d}  {'pass' if ok else 'FAIL'}")
        if args.breakdown:
            breakdown(home)
    finally:
        if args.keep is None:
            shutil.rmtree(home.parent, ignore_errors=True)
    print(f"\n{'All commands met' if passed else 'Not every command met'} the {TARGET_SECONDS} s target.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
