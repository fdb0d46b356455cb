"""Benchmark looking back at every size: history, search, patterns, the report and an export.

    python benchmarks/bench_history.py                  # 20,000 and 100,000 reflections
    python benchmarks/bench_history.py --sizes 20000 --runs 9 --keep bench-data

For each size a data folder is filled with that many reflections and five effort events per
reflection (20,000 reflections and 100,000 events is about five years of a busy rep), and each
command runs as a whole `python -m coach` process, interpreter start-up included, the way a rep
runs it. The verdict uses the median wall time of the runs, and the peak memory (the largest
resident size any run reached). A further folder at each size is filled by `coach import` of
an export, and the first command after it is timed on its own: an import must leave the
caches built, so that first command is as quick as any other.

Exit status 0 means every command met its targets (issue 14):
    20,000:  history -n 20 <= 0.15 s, search <= 0.2 s (issue 24), patterns <= 0.3 s,
             the first command after an import <= 0.5 s
    100,000: history -n 20 <= 0.2 s, search <= 0.6 s, patterns <= 0.4 s
    peak memory <= 150 MB for search, patterns, the HTML report, a full export, the whole
    history (as a list and as JSON) and the callbacks.
Run it on a quiet machine with Coach's bytecode compiled (`pip install .`, or
`python -m compileall coach` for an editable install): timings on a loaded machine say little.
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
from dataclasses import dataclass
from pathlib import Path

FILL = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from sample_data import fill
fill(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
     datetime.now().astimezone() - timedelta(minutes=5))
"""
SEARCH_WORD = "Globex"
MEMORY_LIMIT_MB = 150
EFFORT_PER_REFLECTION = 5


@dataclass(frozen=True)
class Command:
    name: str
    arguments: tuple[str, ...]
    seconds: dict[int, float]
    """The time target by number of reflections (none: only its memory is checked)."""
    memory: bool


COMMANDS = (
    Command("history -n 20", ("history", "-n", "20"), {20_000: 0.15, 100_000: 0.2}, False),
    Command(f"history --search {SEARCH_WORD}", ("history", "--search", SEARCH_WORD),
            {20_000: 0.2, 100_000: 0.6}, True),
    Command("patterns", ("patterns",), {20_000: 0.3, 100_000: 0.4}, True),
    Command("report --html", ("report", "--html", "{out}/report.html"), {}, True),
    Command("export (all, jsonl)", ("export", "-o", "{out}/all.jsonl", "--force"), {}, True),
    Command("history (all)", ("--no-pager", "history"), {}, True),
    Command("history --format json", ("--no-pager", "history", "--format", "json"), {}, True),
    Command("callbacks", ("callbacks",), {}, True),
)
"""Commands without a time target run once, for their peak memory only."""
FIRST_AFTER_IMPORT = {20_000: 0.5}


def run_once(home: Path, arguments: tuple[str, ...], out: Path) -> tuple[float, float]:
    """Seconds and peak resident megabytes of one whole `coach` process."""
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "coach", *(part.format(out=out) for part in arguments)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        assert process.stderr is not None
        raise SystemExit(f"`{' '.join(command[2:])}` failed:\n{process.stderr.read().decode()}")
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def bench_size(size: int, root: Path, runs: int) -> bool:
    home, out = root / f"home-{size}", root / f"out-{size}"
    out.mkdir(parents=True, exist_ok=True)
    if not home.exists():
        started = time.perf_counter()
        # In a process of its own: a child forked from a parent that built a million records
        # would start out with the parent's memory, and its peak would say nothing.
        subprocess.run([sys.executable, "-c", FILL, str(home), str(size),
                        str(size * EFFORT_PER_REFLECTION)], check=True,
                       cwd=Path(__file__).resolve().parent)
        print(f"Wrote {size:,} reflections and {size * EFFORT_PER_REFLECTION:,} effort events "
              f"in {time.perf_counter() - started:.1f} s.")
    print(f"\n{size:,} reflections:")
    print(f"  {'command':<28} {'median':>7} {'target':>7} {'peak MB':>8}  verdict")
    passed = True
    for command in COMMANDS:
        target = command.seconds.get(size)
        if target is None:
            measured = [run_once(home, command.arguments, out)]
        else:
            run_once(home, command.arguments, out)  # warms the file cache
            measured = [run_once(home, command.arguments, out) for _ in range(runs)]
        median = statistics.median(seconds for seconds, _ in measured)
        peak = max(megabytes for _, megabytes in measured)
        ok = (target is None or median <= target) and (
            not command.memory or peak <= MEMORY_LIMIT_MB)
        passed &= ok
        shown = f"{target:7.2f}" if target is not None else f"{'-':>7}"
        print(f"  {command.name:<28} {median:7.3f} {shown} {peak:8.0f}  {'pass' if ok else 'FAIL'}")
    target = FIRST_AFTER_IMPORT.get(size)
    if target is not None:
        passed &= first_after_import(home, root / f"imported-{size}", out, target)
    return passed


def first_after_import(home: Path, fresh: Path, out: Path, target: float) -> bool:
    """Import everything into a new folder, then time the first search and patterns there."""
    export = out / "everything.jsonl"
    run_once(home, ("export", "-o", str(export), "--force"), out)
    ok = True
    for command in COMMANDS[1:3]:
        shutil.rmtree(fresh, ignore_errors=True)
        run_once(fresh, ("import", str(export)), out)
        seconds, _ = run_once(fresh, command.arguments, out)
        ok &= seconds <= target
        print(f"  first {command.name + ' after import':<22} {seconds:7.3f} {target:7.2f} "
              f"{'':>8}  {'pass' if seconds <= target else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it (else a temp folder)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coach-bench-"))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; whole processes, median of "
          f"{args.runs} runs; peak memory limit {MEMORY_LIMIT_MB} MB.")
    passed = True
    try:
        for size in args.sizes:
            passed &= bench_size(size, root, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\n{'Every command met' if passed else 'Not every command met'} its targets.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
