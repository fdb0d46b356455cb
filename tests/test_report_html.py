"""The HTML report: self-contained, every typed text escaped, the hand-worked numbers, a browser."""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
import sys
import zlib
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lookback_records import NOW, at, debrief, effort
from test_patterns_review import EFFORT, PERIOD, REFLECTIONS

from coach.review.patterns import review
from coach.review.periods import Period
from coach.views.html import report_html

HOSTILE = "<script>alert('typed')</script><img src=x onerror=alert(1)>"


class Tags(HTMLParser):
    """Collects every start tag and its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def hostile_page() -> str:
    records = [debrief(at("2026-11-19", "10:00"), 8, 3, HOSTILE, small_win=HOSTILE, lesson=HOSTILE,
                       callback="2026-11-20", values={"prospect": HOSTILE},
                       answers={"what_happened": HOSTILE})]
    found = review(records, [], NOW, Period(date(2026, 11, 14), date(2026, 11, 20)))
    return report_html(found, records, NOW)


def test_script_typed_into_an_answer_stays_text(hostile_page: str) -> None:
    assert "&lt;script&gt;alert(&#39;typed&#39;)&lt;/script&gt;" in hostile_page
    names = [tag for tag, _ in tags_of(hostile_page)]
    assert "script" not in names and "img" not in names
    assert all("onerror" not in attributes for _, attributes in tags_of(hostile_page))


def test_the_page_is_self_contained(hostile_page: str) -> None:
    for tag, attributes in tags_of(hostile_page):
        assert tag not in ("link", "script", "iframe", "object", "embed"), tag
        for name in ("src", "href"):
            assert name not in attributes, (tag, attributes)
    assert "http://" not in hostile_page and "https://" not in hostile_page
    assert "Content-Security-Policy" in hostile_page and "default-src 'none'" in hostile_page
    assert "<svg" in hostile_page


def test_the_numbers_match_the_hand_worked_week() -> None:
    page = report_html(review(REFLECTIONS, EFFORT, NOW, PERIOD), REFLECTIONS[:3], NOW)
    assert ("Today: 0 meetings in 25 dials. At your rate of 1 in 18, a day with this few "
            "meetings happens about 24% of the time (normal variance).") in page
    assert "the sting went from 6.8 to 5.0, a drop of 1.8 points" in page
    assert "3 (60%, +27 pts)" in page  # timing: 60% now against 33% before
    assert "45 of 50" in page  # dials done against the check-in goals
    assert "Current streak: 1 day" in page and "Longest in this period: 3 days" in page
    assert "2026-11-19  Acme  (1 day overdue" in page


def test_coach_report_html_writes_a_private_file(tmp_path: Path) -> None:
    from coach.store.store import Store

    home = tmp_path / "home"
    store = Store(home)
    store.add_reflection(debrief(at("2026-01-05", "10:00"), 7, 3, "timing", small_win=HOSTILE))
    store.add_effort(effort(at("2026-01-05", "10:00"), "dials", 30))
    target = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "coach", "report", "--html", str(target), "--since", "2026-01-01",
         "--until", "2026-01-31"],
        capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "COACH_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote the report for 2026-01-01 to 2026-01-31" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "script" not in [tag for tag, _ in tags_of(page)]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coach", "report", "--html", str(tmp_path / "nope" / "r.html")],
        capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "COACH_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 1
    assert "does not exist" in result.stderr and len(result.stderr.splitlines()) == 1


CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
    None,
)
# .ci/run installs Chromium and sets this, so in CI the browser test can never quietly skip.
BROWSER_REQUIRED = os.environ.get("COACH_REQUIRE_BROWSER") == "1"


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixels (one bytes object each) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "an unexpected PNG layout"
    size = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = row[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                           (abs(guess - corner), 2, corner))
                row[x] = (row[x] + near[2]) & 255
        rows.append(bytes(row))
        previous = row
    pixels = [row[x : x + 3] for row in rows for x in range(0, stride, size)]
    return width, height, pixels


def test_png_pixels_reads_a_hand_made_image() -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    # Two rows of two RGB pixels, the second row stored with the "up" filter.
    raw = b"\x00" + bytes([255, 255, 255, 10, 20, 30]) + b"\x02" + bytes([0, 0, 0, 5, 5, 5])
    image = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
             + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert png_pixels(image) == (2, 2, [b"\xff\xff\xff", bytes([10, 20, 30]),
                                        b"\xff\xff\xff", bytes([15, 25, 35])])


@pytest.mark.skipif(
    CHROMIUM is None and not BROWSER_REQUIRED,
    reason="no Chromium on PATH (install the chromium package to run it; .ci/run does)",
)
def test_chromium_renders_the_report_with_the_script_as_text(tmp_path: Path, hostile_page: str) -> None:
    assert CHROMIUM is not None, "CI needs Chromium for this test: .ci/run should have installed it"
    page = tmp_path / "report.html"
    page.write_text(hostile_page, encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([str(CHROMIUM), *flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, check=False, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Why the \"no\"s happened" in dom.stdout
    assert "&lt;script&gt;alert('typed')&lt;/script&gt;" in dom.stdout
    assert "script" not in [tag for tag, _ in tags_of(dom.stdout)]
    shot = tmp_path / "report.png"
    subprocess.run([str(CHROMIUM), *flags, "--window-size=800,1000", f"--screenshot={shot}",
                    page.as_uri()], capture_output=True, check=False, timeout=120)
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (800, 1000)
    # A page that drew nothing is one flat colour; the report has text, headings and bars on a
    # pale (not quite white) page, so "ink" is whatever differs from the commonest colour.
    counts = Counter(pixels)
    background, plain = counts.most_common(1)[0]
    inked = 1 - plain / len(pixels)
    assert len(counts) > 16, f"only {len(counts)} colours: the page looks blank"
    assert min(background) >= 0xe0, f"the page background is {background.hex()}, not pale"
    assert 0.02 < inked < 0.9, f"{inked:.1%} of the pixels differ from the background"
