"""The HTML pages on a phone: the report and the team page in a real Chromium, 390 px and 1280 px
wide. Nothing runs off the right edge, no word breaks in the middle, chart words stay readable
and no Markdown backtick reaches the page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import coach_at_fixed_time
from lookback_records import NOW, at, debrief
from test_patterns_review import EFFORT, PERIOD, REFLECTIONS
from test_report_html import BROWSER_REQUIRED, CHROMIUM

from coach.review.patterns import review
from coach.views.html import report_html

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not BROWSER_REQUIRED,
    reason="no Chromium on PATH (install the chromium package to run it; .ci/run does)",
)

PHONE, DESKTOP = 390, 1280
SMALLEST_CHART_TEXT = 11.0
"""Pixels on the screen: a chart drawn wider than the phone is scaled down, words and all."""

# A pasted link is one long token: it may break anywhere, but must not widen the page.
LINK = "https://example.com/" + "pricing-page-" * 6 + "annual"

MEASURE = """() => {
  const chart = [...document.querySelectorAll('svg text')].map(text => {
    const size = parseFloat(getComputedStyle(text).fontSize);
    const matrix = text.getScreenCTM();
    return {text: text.textContent, computed: size, shown: size * Math.hypot(matrix.a, matrix.b)};
  });
  // A word whose letters sit on two lines was broken in the middle. Code, such as a command
  // with an id, may break anywhere.
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg, code, style, title')) continue;
    for (const word of node.data.matchAll(/[A-Za-z]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  const boxes = [...document.querySelectorAll('.scroll')];
  return {
    width: document.documentElement.scrollWidth,
    chart: chart,
    broken: broken,
    boxes: boxes.map(box => [box.scrollWidth, box.clientWidth]),
    rows: [...document.querySelectorAll('table tr')].map(row => getComputedStyle(row).display),
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM is not None, "CI needs Chromium for this test: .ci/run should have installed it"
    if not BROWSER_REQUIRED:
        pytest.importorskip("playwright.sync_api", reason="Playwright is in the test extra")
    from playwright.sync_api import sync_playwright

    # The system's Chromium, never a browser Playwright would download.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=["--disable-gpu", "--no-sandbox"])
        yield launched
        launched.close()


def measure(browser: Any, page_file: Path, width: int) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_file.as_uri())
        found: dict[str, Any] = page.evaluate(MEASURE)
        if os.environ.get("COACH_SCREENSHOTS"):
            folder = Path(os.environ["COACH_SCREENSHOTS"])
            page.screenshot(path=str(folder / f"{page_file.stem}-{width}.png"), full_page=True)
        return found
    finally:
        page.close()


def check_fits(found: dict[str, Any], width: int) -> None:
    assert found["width"] <= width, f"the page is {found['width']} px wide in a {width} px window"
    assert found["broken"] == [], f"words broken in the middle: {found['broken']}"
    assert "`" not in found["text"], "a Markdown backtick reached the page"
    assert found["chart"], "no chart text was measured"
    for text in found["chart"]:
        assert text["computed"] >= SMALLEST_CHART_TEXT, text
        assert text["shown"] >= SMALLEST_CHART_TEXT, text


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pasted = debrief(at("2026-11-19", "16:00"), 7, 4, "budget", lesson=f"Read {LINK} before calling")
    records = [pasted, *REFLECTIONS]
    page = tmp_path_factory.mktemp("phone") / "report.html"
    page.write_text(report_html(review(records, EFFORT, NOW, PERIOD), records, NOW),
                    encoding="utf-8")
    return page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_report_fits_the_window(browser: Any, report_file: Path, width: int) -> None:
    found = measure(browser, report_file, width)
    check_fits(found, width)
    # The commands in the sentences are shown as code, the words around them kept.
    assert "2026-11-19 Acme (1 day overdue; coach show d5000000)" in found["text"]
    assert LINK in found["text"]
    if width == PHONE:
        # The latest reflections are stacked, one card each: nothing to scroll sideways.
        assert all(inner <= box for inner, box in found["boxes"]), found["boxes"]
        assert set(found["rows"]) <= {"block", "none"}, found["rows"]
    else:
        assert set(found["rows"]) == {"table-row"}, found["rows"]


def test_commands_in_the_sentences_become_code(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert "<code>coach show d5000000</code>" in page
    assert "`" not in page.split("</style>", 1)[1]


@pytest.fixture(scope="module")
def team_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("duckdb")
    from test_team import THREE_REPS, export_team

    root = tmp_path_factory.mktemp("team-phone")
    shared, _ = export_team(root, THREE_REPS)
    page = root / "team.html"
    code, _, err = coach_at_fixed_time(root / "lead", "team", "report", str(shared), "--html",
                                       str(page))
    assert code == 0, err
    return page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_team_page_fits_the_window(browser: Any, team_file: Path, width: int) -> None:
    found = measure(browser, team_file, width)
    check_fits(found, width)
    assert "Sting before and after" in found["text"]
    assert {text["text"] for text in found["chart"]} >= {"ana", "ben", "cai", "100", "70", "30"}
