"""The interactive history browser, driven through prompt-toolkit's pipe input."""

from __future__ import annotations

from pathlib import Path

from lookback_records import NOW, at, checkin, debrief
from prompt_toolkit.application.current import set_app
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.faces.terminal.browse import Browser, browse
from coach.store.store import Store

DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"

RECORDS = [
    debrief(at("2026-11-20", "15:00"), cause="budget", record_id="a" * 32,
            answers={"what_happened": "No budget"}),
    debrief(at("2026-11-19", "11:00"), cause="timing", record_id="b" * 32,
            answers={"what_happened": "Call in spring"}),
    checkin(at("2026-11-19", "08:30"), dials=40),
    debrief(at("2026-11-12", "16:00"), cause="timing", record_id="c" * 32,
            answers={"what_happened": "Busy week"}),
]


def run(pipe: PipeInput, keys: str) -> Browser:
    browser = Browser(RECORDS, NOW)
    pipe.send_text(keys)
    browser.run(pipe, DummyOutput())
    return browser


def test_moving_down_and_opening_shows_that_reflection(pipe: PipeInput) -> None:
    browser = run(pipe, DOWN + ENTER + "q" + "q")
    assert browser.opened == ["b" * 32]
    assert browser.open is None  # q went back to the list before leaving


def test_next_and_previous_move_through_open_reflections(pipe: PipeInput) -> None:
    browser = run(pipe, ENTER + "n" + "n" + "p" + "q" + "q")
    assert browser.opened[0] == "a" * 32 and browser.opened[1] == "b" * 32
    assert browser.opened[-1] == "b" * 32 and len(browser.opened) == 4


def test_the_cursor_stops_at_both_ends(pipe: PipeInput) -> None:
    browser = run(pipe, UP + UP + ENTER + "q" + DOWN * 9 + ENTER + "q" + "q")
    assert browser.opened == ["a" * 32, "c" * 32]


def test_filter_words_narrow_the_list_as_typed(pipe: PipeInput) -> None:
    browser = run(pipe, "/cause:timing spring" + ENTER + ENTER + "q" + "q")
    assert browser.filter_text == "cause:timing spring"
    assert [record["id"] for record in browser.shown] == ["b" * 32]
    assert browser.opened == ["b" * 32]


def test_a_filter_by_date_word(pipe: PipeInput) -> None:
    browser = run(pipe, "/until:7d" + ENTER + "q")
    assert [record["id"] for record in browser.shown] == ["c" * 32]


def test_a_bad_date_word_keeps_the_list_and_says_why(pipe: PipeInput) -> None:
    browser = run(pipe, "/since:someday" + ENTER + "q")
    assert len(browser.shown) == len(RECORDS)
    assert "someday" in browser.problem


def test_a_filter_with_no_match_leaves_an_empty_list_that_opens_nothing(pipe: PipeInput) -> None:
    browser = run(pipe, "/nothing like this" + ENTER + ENTER + "q")
    assert browser.shown == [] and browser.opened == []


def test_browse_shows_the_stored_reflections_and_opens_the_one_chosen(
        tmp_path: Path, pipe: PipeInput) -> None:
    store = Store(tmp_path / "home")
    for record in RECORDS:
        store.add_reflection(record)
    pipe.send_text(DOWN + ENTER + "q" + "q")
    browser = browse(store.reflections(), NOW, input=pipe, output=DummyOutput())
    shown = [record["id"] for record in browser.shown]
    assert sorted(shown) == sorted(record["id"] for record in RECORDS)
    assert browser.opened == [shown[1]]


def test_drawing_a_long_list_renders_only_visible_rows() -> None:
    browser = Browser(RECORDS * 500, NOW)
    app = browser.application(output=DummyOutput())
    with set_app(app):
        fragments = browser.body()
    assert sum(1 for _, text in fragments if text == "\n") < 40
