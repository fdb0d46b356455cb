"""Crashes and concurrent processes: a process killed at any moment never leaves broken data or
loses a save it acknowledged, and two processes saving at once keep each other's saves."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
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


def _stored_ids(home: Path) -> set[str]:
    store = Store(home)
    return {str(record["id"]) for record in store.reflections() + store.effort_events()}


def test_sigkill_at_random_moments_never_loses_an_acknowledged_save(home: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    acknowledged: set[str] = set()
    for round_number in range(8):
        child = _start("mixed", home, 100_000, f"round{round_number}")
        assert child.stdout is not None
        first = child.stdout.readline()  # the child is now saving
        assert first, child.stderr.read() if child.stderr else "the worker printed nothing"
        time.sleep(rng.uniform(0.05, 0.5))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        acknowledged.update((first + rest).split())

        # Every data file still parses, and every acknowledged save is there.
        for path in layout.data_files(home):
            read_tables(path)
        missing = acknowledged - _stored_ids(home)
        assert not missing, f"lost {len(missing)} acknowledged saves (seed {seed})"
    assert len(acknowledged) >= 150, f"only {len(acknowledged)} saves happened (seed {seed})"


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
