"""Check that `coach report --html` renders in a real browser: headless Chromium, no network.

    python benchmarks/render_report.py            # prints the checks and where the PNG is
    python benchmarks/render_report.py --out report-check

Chromium comes from the system packages (on Debian and Ubuntu: `apt-get install chromium`).
The script fills a temporary data folder with the scripted sample week plus one answer that
holds a `<script>` tag, writes the report through the real `coach` command, then asks Chromium
for the rendered DOM (`--dump-dom`) and a full-page screenshot (`--screenshot`). It checks that
the page rendered, that its SVG charts are there, that the typed `<script>` is text on the page
and no script element exists, and that the screenshot is a real PNG. Exit status 0 means every
check passed; look at the PNG to judge the layout by eye.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import debrief_record
from sample_week import week

from coach.store.records import new_id
from coach.store.store import Store

HOSTILE = "<script>document.title='owned'</script>"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="keep the report and screenshot in this folder")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("Chromium is not installed; install it from the system packages and run again.")
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="coach-report-"))
    out.mkdir(parents=True, exist_ok=True)
    home = out / "home"
    store = Store(home)
    now = datetime.now().astimezone()
    reflections, events = week(now)
    reflections.append(debrief_record(
        now - timedelta(minutes=30), record_id=new_id(), sting=6, after=3, cause="fit",
        lesson=HOSTILE, win=HOSTILE, prospect=HOSTILE, happened=HOSTILE))
    for record in reflections:
        store.add_reflection(record)
    for event in events:
        store.add_effort(event)

    page = out / "report.html"
    environment = {**os.environ, "COACH_HOME": str(home)}
    made = subprocess.run([sys.executable, "-m", "coach", "report", "--html", str(page)],
                          capture_output=True, text=True, env=environment, check=False)
    checks: list[tuple[str, bool]] = [("coach report --html succeeded", made.returncode == 0)]
    profile = ["--user-data-dir=" + str(out / "chromium-profile")]
    dom = subprocess.run([chromium, *FLAGS, *profile, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, check=False, timeout=120)
    elements = _Elements()
    elements.feed(dom.stdout)
    shot = out / "report.png"
    subprocess.run([chromium, *FLAGS, *profile, "--hide-scrollbars", "--window-size=1000,3200",
                    f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, check=False, timeout=120)
    checks += [
        ("Chromium rendered the page", dom.returncode == 0 and "Why the \"no\"s happened" in dom.stdout),
        ("the charts are inline SVG", elements.names.count("svg") >= 4 and "rect" in elements.names),
        ("the typed <script> shows as text", "&lt;script&gt;document.title" in dom.stdout),
        ("no script element exists", "script" not in elements.names),
        ("the title was not changed by the page", "<title>Coach report" in dom.stdout),
        ("the screenshot is a PNG", shot.exists() and shot.read_bytes()[:4] == b"\x89PNG"),
    ]
    for name, passed in checks:
        print(f"  {'ok  ' if passed else 'FAIL'}  {name}")
    print(f"\nReport: {page}\nScreenshot: {shot}")
    if made.returncode != 0:
        print(made.stderr)
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
