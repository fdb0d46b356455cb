"""Startup benchmark: time to the first question of `coach debrief`, against bare imports.

The target: the coach must show its first question within 1.0x the time Python takes just to
import prompt_toolkit, yaml, jinja2 and tinydb (it was 1.5x before). Both are measured in the
same run, alternating, several times each, and compared by their medians.

The first question is allowed no more than those imports because it needs less than all four:
with the playbook cache warm (the first, unmeasured run fills it) no YAML is parsed and yaml is
never imported; plain prompts render without Jinja2, conditions run from their parse tree
without generating code, and a pipe needs no prompt_toolkit. tests/test_startup_imports.py guards
which modules stay out; this script measures what that buys.

Run it with Coach installed the normal way (`pip install .`), which compiles its bytecode as
it does for the libraries. The timed processes run without PYTHONDONTWRITEBYTECODE, so that an
editable install, too, writes its bytecode in the warm-up run instead of recompiling every
Coach module at each start; the script says so when nothing was compiled beforehand.

    python benchmarks/bench_startup.py [--runs 15] [--terminal] [--home DATA-FOLDER]

By default the coach reads from a pipe (the script path); --terminal runs it in a real
pseudo-terminal (needs pexpect), which is what a rep sees.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_RATIO = 1.0
BASELINE = "import prompt_toolkit, yaml, jinja2, tinydb"
FIRST_QUESTION = "what happened on the call?"
PROMPT_UP = "\x1b[?2004h"


def measured_environment(**extra: str) -> dict[str, str]:
    """The environment of every timed process: bytecode may be written and read, as installed."""
    environment = {**os.environ, **extra}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def time_imports() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE], check=True, env=measured_environment())
    return time.perf_counter() - started


def time_piped_debrief(home: str) -> float:
    environment = measured_environment(COACH_HOME=home)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "debrief"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment, text=True,
    )
    assert process.stdout is not None
    while FIRST_QUESTION not in process.stdout.readline():
        pass
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


LIVE_TIMES: list[float] = []
"""In a terminal, when the prompt itself was up (see `time_terminal_debrief`)."""


def time_terminal_debrief(home: str) -> float:
    """Seconds to the first question on the screen. The question is painted while
    prompt-toolkit loads (coach/faces/terminal/firstpaint.py); when prompt-toolkit's own first
    screen follows (it turns on bracketed paste) is kept in LIVE_TIMES, and reported too."""
    import pexpect

    environment = measured_environment(COACH_HOME=home, TERM="xterm")
    started = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "coach", "debrief"], env=environment,
                          dimensions=(24, 80), encoding="utf-8", timeout=30)
    child.expect_exact(FIRST_QUESTION)
    elapsed = time.perf_counter() - started
    child.expect_exact(PROMPT_UP)
    LIVE_TIMES.append(time.perf_counter() - started)
    child.terminate(force=True)
    return elapsed


def bytecode_is_cached() -> bool:
    """Whether Coach's modules have compiled bytecode, as the libraries in the baseline do."""
    import importlib.util

    spec = importlib.util.find_spec("coach.conversation.engine")
    if spec is None or spec.origin is None:
        return False
    cached = importlib.util.cache_from_source(spec.origin)
    return os.path.exists(cached)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--terminal", action="store_true", help="measure in a pseudo-terminal")
    parser.add_argument("--home", help="a data folder with history to start in (e.g. one that "
                        "bench_history.py --keep wrote); by default a new, empty one")
    args = parser.parse_args()
    if not bytecode_is_cached():
        print("note: Coach's modules had no compiled bytecode (an editable install with "
              "PYTHONDONTWRITEBYTECODE?); the warm-up run writes it")
    measure = time_terminal_debrief if args.terminal else time_piped_debrief
    with tempfile.TemporaryDirectory() as empty:
        home = args.home or empty
        measure(home)  # warm the file cache and write the data folder once
        time_imports()
        imports, coach = [], []
        for _ in range(args.runs):
            imports.append(time_imports())
            coach.append(measure(home))
    baseline, startup = statistics.median(imports), statistics.median(coach)
    ratio = startup / baseline
    mode = "terminal" if args.terminal else "pipe"
    print(f"imports only ({BASELINE}): median {baseline * 1000:.0f} ms over {args.runs} runs")
    print(f"coach debrief to its first question ({mode}): median {startup * 1000:.0f} ms")
    if LIVE_TIMES:
        live = statistics.median(LIVE_TIMES[1:])
        print(f"the prompt taking keys (prompt-toolkit's first screen): median {live * 1000:.0f} ms, "
              f"ratio {live / baseline:.2f} (no target; keys typed before it are kept)")
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
