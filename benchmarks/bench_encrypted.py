"""Benchmark encryption at rest: encrypted commands against the same commands on a plain folder.

    python benchmarks/bench_encrypted.py                 # 20,000 reflections, 100,000 effort events
    python benchmarks/bench_encrypted.py --runs 9 --reflections 5000

One folder is written, copied, and the copy encrypted with `coach encrypt`; each command then
runs as a whole `python -m coach` process against both. The encrypted folder is opened three
ways, as a rep would:

- with a passphrase command, as a password manager gives it (the command's start, the scrypt
  derivation and every decryption counted): within 1.5 times the plain folder;
- unlocked with `coach unlock` (the key comes from the agent, no derivation): within 1.15 times;
- locked, with no passphrase to be had: `coach log dials 1` seals the entry for the inbox
  (coach/store/dropbox.py) and must work, within 1.5 times the plain `coach log dials 1`.

The first run of each is left out (it builds caches); then plain and encrypted runs alternate,
and the verdict compares medians. Exit status 0 means every command is within its limit.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import fill

# (name, arguments, how the encrypted folder is opened, limit)
COMMANDS = (
    ("history -n 20", ["history", "-n", "20"], "command", 1.5),
    ("patterns", ["patterns"], "command", 1.5),
    ("history -n 20, unlocked", ["history", "-n", "20"], "unlocked", 1.15),
    ("log dials 1, locked", ["log", "dials", "1"], "locked", 1.5),
)
PASSPHRASE = "benchmark passphrase, not a secret"
RUNTIME = Path(tempfile.mkdtemp(prefix="coach-run-"))
"""The agent's runtime folder for `coach unlock` (a short path: a socket's must be)."""


def _environment(home: Path, command: str | None) -> dict[str, str]:
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1",
                   "XDG_RUNTIME_DIR": str(RUNTIME)}
    environment.pop("COACH_PASSPHRASE_COMMAND", None)
    if command:
        environment["COACH_PASSPHRASE_COMMAND"] = command
    return environment


def run_once(home: Path, arguments: list[str], command: str | None) -> float:
    """Seconds for one whole `coach` process (no passphrase to be had when `command` is None)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "coach", *arguments], capture_output=True,
                            text=True, env=_environment(home, command), check=False,
                            stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"`coach {' '.join(arguments)}` failed:\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reflections", type=int, default=20_000)
    parser.add_argument("--effort", type=int, default=100_000, help="effort events")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command after the first")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="coach-bench-crypt-"))
    try:
        plain, sealed = scratch / "plain", scratch / "encrypted"
        fill(plain, args.reflections, args.effort,
             datetime.now().astimezone() - timedelta(minutes=5))
        shutil.copytree(plain, sealed)
        secret = scratch / "passphrase"
        secret.write_text(f"#!/bin/sh\necho '{PASSPHRASE}'\n", encoding="utf-8")
        secret.chmod(0o700)
        command = str(secret)
        started = time.perf_counter()
        run_once(sealed, ["encrypt"], command)
        print(f"Wrote {args.reflections:,} reflections and {args.effort:,} effort events; "
              f"`coach encrypt` sealed them in {time.perf_counter() - started:.1f} s.")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs (whole process, median "
              f"of {args.runs} runs after the first).\n")
        print(f"{'command':<24} {'plain':>7} {'encrypted':>9} {'ratio':>6} {'limit':>6}  verdict")
        passed = True
        for name, arguments, how, limit in COMMANDS:
            given = command if how == "command" else None
            if how == "unlocked":
                run_once(sealed, ["unlock", "--for", "30m"], command)
            for home, passed_on in ((plain, None), (sealed, given)):
                run_once(home, arguments, passed_on)
            # Plain and encrypted runs take turns, so a load that comes and goes on a shared
            # machine weighs on both alike.
            times: tuple[list[float], list[float]] = ([], [])
            for _ in range(args.runs):
                times[0].append(run_once(plain, arguments, None))
                times[1].append(run_once(sealed, arguments, given))
            if how == "unlocked":
                run_once(sealed, ["lock"], None)
            medians = [statistics.median(times[0]), statistics.median(times[1])]
            ratio = medians[1] / medians[0]
            ok = ratio <= limit
            passed &= ok
            print(f"{name:<24} {medians[0]:7.3f} {medians[1]:9.3f} {ratio:6.2f} {limit:6.2f}  "
                  f"{'pass' if ok else 'FAIL'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(RUNTIME, ignore_errors=True)
    print(f"\n{'Every command is within' if passed else 'Not every command is within'} its "
          "limit.")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
