"""Crashes and concurrent processes: a process killed at any moment never leaves broken data or
loses a save it acknowledged, and two processes saving at once keep each other's saves."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from coach.store import layout
from coach.store.storage import read_tables
from coach.store.store import Store

TESTS = Path(__file__).parent
WORKER = TESTS / "store_worker.py"


def _start(mode: str, home: Path, count: int, name: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(TESTS), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, str(WORKER), mode, str(home), str(count), name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment)


def _missing(home: Path, acknowledged: list[tuple[str, str]]) -> list[str]:
    """The acknowledged saves the store does not hold (a count is missing if it is short)."""
    store = Store(home)
    present = {("reflection", str(record["id"])) for record in store.reflections()}
    present |= {("effort", str(record["id"])) for record in store.effort_events()}
    present |= {("draft", str(record["id"])) for record in store.drafts()}
    counts = store.response_counts()
    counted = Counter(key for kind, key in acknowledged if kind == "count")
    return [f"{kind} {key}" for kind, key in dict.fromkeys(acknowledged)
            if (kind == "count" and counts.get(key, 0) < counted[key])
            or (kind != "count" and (kind, key) not in present)]


def test_sigkill_after_any_number_of_acknowledged_saves_loses_none(home: Path) -> None:
    # A failure reports its seed; COACH_CRASH_SEED=that number runs the same rounds again.
    seed = int(os.environ.get("COACH_CRASH_SEED") or random.randrange(1_000_000))
    rng = random.Random(seed)
    acknowledged: list[tuple[str, str]] = []
    for round_number in range(8):
        wanted = rng.randint(1, 60)
        child = _start("mixed", home, 100_000, f"round{round_number}")
        assert child.stdout is not None
        lines = []
        # Read exactly `wanted` acknowledgements, then kill the worker wherever it is now:
        # inside its next save, between two saves, or while printing.
        while len(lines) < wanted:
            line = child.stdout.readline()
            assert line, f"the worker stopped early (seed {seed}): {child.communicate()[1]}"
            lines.append(line)
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)  # lines printed before the kill landed count too
        for line in lines + rest.splitlines(keepends=True):
            if line.endswith("\n"):  # a line the kill cut short is not a whole acknowledgement
                kind, key = line.split()
                acknowledged.append((kind, key))

        # Every data file still parses, and every acknowledged save is there.
        for path in layout.data_files(home):
            read_tables(path)
        missing = _missing(home, acknowledged)
        assert not missing, (f"round {round_number}, killed after {wanted} acknowledgements "
                             f"(seed {seed}): lost {missing[:5]} of {len(missing)}")


def test_two_processes_saving_200_reflections_each_end_with_400(home: Path) -> None:
    Store(home)  # create the folder before the race, as a first run would
    children = [_start("reflections", home, 200, name) for name in ("left", "right")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, errors) in zip(children, outputs, strict=True):
        assert child.returncode == 0, errors
    ids = [record["id"] for record in Store(home).reflections()]
    assert len(ids) == 400 == len(set(ids))
    assert {record_id.split("-")[0] for record_id in ids} == {"left", "right"}


def test_two_processes_counting_at_once_lose_no_count(home: Path) -> None:
    Store(home)
    children = [_start("responses", home, 100, name) for name in ("left", "right")]
    for child in children:
        _, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors
    assert Store(home).response_counts() == {"debrief.sting.0": 200}
