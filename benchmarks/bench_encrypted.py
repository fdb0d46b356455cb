"""Benchmark encryption at rest: `coach history -n 20` and `coach patterns`, plain vs encrypted.

    python benchmarks/bench_encrypted.py                 # 20,000 reflections, 100,000 effort events
    python benchmarks/bench_encrypted.py --runs 9 --reflections 5000

One folder is written, copied, and the copy encrypted with `coach encrypt`; each command then
runs as a whole `python -m coach` process against both, the passphrase coming from a passphrase
command as a rep's password manager would give it (so the cost of starting that command, the
scrypt derivation and every decryption are all counted). The first run of each is left out (it
builds caches); then plain and encrypted runs alternate, and the verdict compares medians. Exit status 0 means every encrypted command took
at most 1.5 times as long as the same command on the plain folder.
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

LIMIT = 1.5
COMMANDS = {"history -n 20": ["history", "-n", "20"], "patterns": ["patterns"]}
PASSPHRASE = "benchmark passphrase, not a secret"


def _environment(home: Path, command: str | None) -> dict[str, str]:
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
    environment.pop("COACH_PASSPHRASE_COMMAND", None)
    if command:
        environment["COACH_PASSPHRASE_COMMAND"] = command
    return environment


def run_once(home: Path, arguments: list[str], command: str | None) -> float:
    """Seconds for one whole `coach` process."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "coach", *arguments], capture_output=True,
                            text=True, env=_environment(home, command), check=False)
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
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; limit {LIMIT}x "
              f"(whole process, median of {args.runs} runs after the first).\n")
        print(f"{'command':<16} {'plain':>7} {'encrypted':>9} {'ratio':>6}  verdict")
        passed = True
        for name, arguments in COMMANDS.items():
            for home, given in ((plain, None), (sealed, command)):
                run_once(home, arguments, given)
            # Plain and encrypted runs take turns, so a load that comes and goes on a shared
            # machine weighs on both alike.
            times: tuple[list[float], list[float]] = ([], [])
            for _ in range(args.runs):
                times[0].append(run_once(plain, arguments, None))
                times[1].append(run_once(sealed, arguments, command))
            medians = [statistics.median(times[0]), statistics.median(times[1])]
            ratio = medians[1] / medians[0]
            ok = ratio <= LIMIT
            passed &= ok
            print(f"{name:<16} {medians[0]:7.3f} {medians[1]:9.3f} {ratio:6.2f}  "
                  f"{'pass' if ok else 'FAIL'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{'Every command is within' if passed else 'Not every command is within'} "
          f"{LIMIT}x of the plain folder.")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
