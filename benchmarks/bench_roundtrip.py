"""Benchmark moving a whole history to a new laptop: `coach export` then `coach import`.

    python benchmarks/bench_roundtrip.py                    # 100,000 reflections
    python benchmarks/bench_roundtrip.py --size 1000000 --keep bench-data

A data folder is filled with N reflections and five effort events per reflection (as
bench_history.py does, with its generator), exported to JSON Lines, and the export imported
into an empty folder; the new folder is exported again, and the two exports must hold the same
records (byte for byte: both list them in the same order). Each command runs as a whole
`python -m coach` process; its wall time and peak memory (largest resident size) are printed.

Exit status 0 means the round trip gave back every record and met its targets:
    export: peak memory <= 150 MB (as bench_history asks of a full export), <= 60 s
    import: peak memory <= 300 MB, <= 300 s
per 100,000 reflections (scaled above that size; the export's memory is not, as it holds one
record at a time). The import streams the records too, but keeps every id it has seen (for an
id given twice, and to match ids with the folder's), some 100 bytes a record, so its memory
grows slowly with the history. The times allow for a shared 2-core machine; the import checks
every record, then writes each week's file and its digest.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_history import EFFORT_PER_REFLECTION, FILL, run_once

PEAK_MB = {"export": 150, "import": 300}
SECONDS_PER_100K = {"export": 60.0, "import": 300.0}


def fill(home: Path, size: int) -> None:
    started = time.perf_counter()
    # In a process of its own, so that its memory is not the benchmark's (see bench_history).
    subprocess.run([sys.executable, "-c", FILL, str(home), str(size),
                    str(size * EFFORT_PER_REFLECTION)], check=True,
                   cwd=Path(__file__).resolve().parent)
    print(f"Wrote {size:,} reflections and {size * EFFORT_PER_REFLECTION:,} effort events in "
          f"{time.perf_counter() - started:.1f} s.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="reflections")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coach-roundtrip-"))
    root.mkdir(parents=True, exist_ok=True)
    home, fresh, out = root / f"home-{args.size}", root / f"fresh-{args.size}", root / "out"
    out.mkdir(exist_ok=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; whole processes.")
    passed = True
    try:
        if not home.exists():
            fill(home, args.size)
        exported, again = out / "all.jsonl", out / "again.jsonl"
        shutil.rmtree(fresh, ignore_errors=True)
        steps = [("export", home, ("export", "-o", str(exported), "--force")),
                 ("import", fresh, ("import", str(exported))),
                 ("export again", fresh, ("export", "-o", str(again), "--force"))]
        print(f"\n{args.size:,} reflections:")
        print(f"  {'command':<14} {'seconds':>8} {'target':>7} {'peak MB':>8} {'target':>7}  "
              "verdict")
        for name, folder, arguments in steps:
            seconds, peak = run_once(folder, arguments, out)
            target = SECONDS_PER_100K.get(name, 0.0) * max(args.size, 100_000) / 100_000
            memory = PEAK_MB.get(name)
            if memory is not None and name == "import":
                memory = round(memory * max(args.size, 100_000) / 100_000)
            ok = (not target or seconds <= target) and (memory is None or peak <= memory)
            passed &= ok
            print(f"  {name:<14} {seconds:8.1f} {target or '-':>7} {peak:8.0f} "
                  f"{memory or '-':>7}  {'pass' if ok else 'FAIL'}")
        size_mb = exported.stat().st_size / 2**20
        same = filecmp.cmp(exported, again, shallow=False)
        passed &= same
        print(f"  the export is {size_mb:,.0f} MB; the second export "
              f"{'holds the same records' if same else 'DIFFERS'}.")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\n{'The round trip met' if passed else 'The round trip did not meet'} its targets.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
