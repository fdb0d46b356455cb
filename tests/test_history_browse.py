"""The interactive history browser, driven through prompt-toolkit's pipe input.

The browser is built over a real store the way the home screen builds it: a list of summaries,
the whole record read only when one is opened, the filter's free words sent to the search.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lookback_records import NOW, at, checkin, debrief
from prompt_toolkit.application.current import set_app
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from coach.commands.home import reflection_browser
from coach.errors import CoachError
from coach.faces.terminal.browse import Browser
from coach.review.query import parse_filter_words, select
from coach.store.store import Store
from coach.views.listing import history_line, reflection_lines

DOWN, UP, ENTER, BACKSPACE = "\x1b[B", "\x1b[A", "\r", "\x7f"
LEAVE = "\x03"  # Ctrl-C leaves from anywhere, leaving the rest as it is

RECORDS = [
    debrief(at("2026-11-20", "15:00"), cause="budget", record_id="a" * 32,
            answers={"what_happened": "No budget"}),
    debrief(at("2026-11-19", "11:00"), cause="timing", record_id="b" * 32,
            answers={"what_happened": "Call in spring"}),
    checkin(at("2026-11-19", "08:30"), dials=40),
    debrief(at("2026-11-12", "16:00"), cause="timing", record_id="c" * 32,
            answers={"what_happened": "Busy week, no BUDGET talk"}),
]


class Counted:
    """A store method that counts what it is asked for."""

    def __init__(self, method: Callable[[str], Any]) -> None:
        self.method = method
        self.asked: list[str] = []

    def __call__(self, text: str) -> Any:
        self.asked.append(text)
        return self.method(text)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "home")
    for record in RECORDS:
        store.add_reflection(record)
    return store


def run(pipe: PipeInput, keys: str, store: Store) -> Browser:
    browser = reflection_browser(store, NOW)
    pipe.send_text(keys)
    browser.run(pipe, DummyOutput())
    return browser


def drawn(browser: Browser) -> tuple[str, list[str], str]:
    """The title, the body's lines and the status line, as a 24-row screen shows them."""
    with set_app(browser.application(output=DummyOutput())):
        title = "".join(text for _, text in browser.title())
        body = "".join(text for _, text in browser.body())
        status = "".join(text for _, text in browser.status())
    return title, body.splitlines(), status


def test_moving_down_and_opening_shows_that_reflection(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, DOWN + ENTER + "q" + "q", store)
    assert browser.opened == ["b" * 32]
    assert browser.open is None  # q went back to the list before leaving


def test_next_and_previous_move_through_open_reflections(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, ENTER + "n" + "n" + "p" + "q" + "q", store)
    assert browser.opened[0] == "a" * 32 and browser.opened[1] == "b" * 32
    assert browser.opened[-1] == "b" * 32 and len(browser.opened) == 4


def test_the_cursor_stops_at_both_ends(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, UP + UP + ENTER + "q" + DOWN * 9 + ENTER + "q" + "q", store)
    assert browser.opened == ["a" * 32, "c" * 32]


def test_filter_words_narrow_the_list_as_typed(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, "/cause:timing spring" + ENTER + ENTER + "q" + "q", store)
    assert browser.filter_text == "cause:timing spring"
    assert [record["id"] for record in browser.shown] == ["b" * 32]
    assert browser.opened == ["b" * 32]


def test_free_words_search_the_answers_in_any_case(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, "/Budget" + ENTER + "q", store)
    assert [record["id"] for record in browser.shown] == ["a" * 32, "c" * 32]


def test_a_filter_by_date_word(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, "/until:7d" + ENTER + "q", store)
    assert [record["id"] for record in browser.shown] == ["c" * 32]


def test_a_bad_date_word_keeps_the_list_and_says_why(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, "/since:someday" + ENTER + "q", store)
    assert len(browser.shown) == len(RECORDS)
    assert "someday" in browser.problem


def test_a_filter_with_no_match_leaves_an_empty_list_that_opens_nothing(
        pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, "/nothing like this" + ENTER + ENTER + "q", store)
    assert browser.shown == [] and browser.opened == []


@pytest.mark.parametrize("words", [
    "", "budget", "BUDGET", "spring cause:timing", "cause:timing", "playbook:checkin",
    "tag:debrief", "since:2026-11-19", "until:7d budget", "no budget", "week, no", "?!",
    "nothing like this", "cause:budget spring",
])
def test_the_list_and_every_filter_match_what_whole_records_give(store: Store, words: str) -> None:
    """The summaries and the search pick the same reflections, in the same order, with the
    same lines, as the filter run over the whole records."""
    browser = reflection_browser(store, NOW)
    browser.apply_filter(words)
    wanted = parse_filter_words(words, NOW.date())
    expected = list(select(store.reflections(), wanted, NOW.tzinfo))
    assert [record["id"] for record in browser.shown] == [record["id"] for record in expected]
    assert [history_line(record, NOW.tzinfo) for record in browser.shown] == [
        history_line(record, NOW.tzinfo) for record in expected]


def test_an_open_reflection_shows_the_whole_record(pipe: PipeInput, store: Store) -> None:
    browser = run(pipe, DOWN + ENTER + LEAVE, store)  # left with the reflection open
    assert browser.open == store.find_reflection("b" * 32)
    _, lines, _ = drawn(browser)
    assert lines == reflection_lines(store.find_reflection("b" * 32), NOW.tzinfo)[:len(lines)]
    assert any("Call in spring" in line for line in lines)


def test_only_the_reflections_opened_are_read_whole_and_each_once(
        pipe: PipeInput, store: Store) -> None:
    whole = Counted(store.find_reflection)
    store.find_reflection = whole  # type: ignore[method-assign]
    browser = run(pipe, DOWN * 2 + UP + ENTER + "q" + "/budget" + ENTER + "G" + "g"
                  + ENTER + "q" + DOWN + ENTER + "p" + "n" + "q" + "q", store)
    assert browser.opened == ["b" * 32, "a" * 32, "c" * 32, "a" * 32, "c" * 32]
    assert whole.asked == ["b" * 32, "a" * 32, "c" * 32]


def test_the_search_is_asked_once_per_text_however_often_it_is_typed(
        pipe: PipeInput, store: Store) -> None:
    search = Counted(store.search_ids)
    store.search_ids = search  # type: ignore[method-assign]
    browser = run(pipe, "/bud" + BACKSPACE * 3 + "bud" + BACKSPACE + "D" + ENTER + "q", store)
    assert browser.filter_text == "buD"
    assert [record["id"] for record in browser.shown] == ["a" * 32, "c" * 32]
    assert search.asked == ["b", "bu", "bud"]  # "buD" is "bud" to a search that ignores case


def test_a_reflection_deleted_meanwhile_says_so_and_the_list_goes_on(
        pipe: PipeInput, store: Store) -> None:
    browser = reflection_browser(store, NOW)
    path, record = store.find_record("b" * 32)
    store.delete_record(path, record["id"], NOW)  # another coach, while this one browses
    pipe.send_text(DOWN + ENTER + LEAVE)
    browser.run(pipe, DummyOutput())
    assert browser.open is None and browser.opened == []
    title, lines, status = drawn(browser)
    assert "4 reflections" in title and lines[1].startswith("> " + "b" * 8)
    assert "b" * 12 in status and "\n" not in status
    with pytest.raises(CoachError):
        store.find_reflection("b" * 32)


def test_moving_on_from_a_deleted_reflection_clears_the_problem(
        pipe: PipeInput, store: Store) -> None:
    browser = reflection_browser(store, NOW)
    path, record = store.find_record("b" * 32)
    store.delete_record(path, record["id"], NOW)
    pipe.send_text(ENTER + "n" + LEAVE)  # "n" from the first reflection reaches the deleted one
    browser.run(pipe, DummyOutput())
    assert browser.open is None and browser.cursor == 1 and browser.opened == ["a" * 32]
    assert "b" * 12 in drawn(browser)[2]
    pipe.send_text(DOWN + ENTER + LEAVE)
    browser.run(pipe, DummyOutput())
    assert browser.opened == ["a" * 32, browser.shown[2]["id"]]
    assert browser.open is not None and "b" * 12 not in drawn(browser)[2]


def test_drawing_a_long_list_renders_only_visible_rows(store: Store) -> None:
    whole = Counted(store.find_reflection)
    browser = Browser(store.summaries() * 500, NOW, whole=whole, matching=store.search_ids)
    _, lines, _ = drawn(browser)
    assert 3 < len(lines) < 40 and whole.asked == []


def test_a_search_that_fails_keeps_the_list_and_says_why(store: Store) -> None:
    def broken(text: str) -> set[str]:
        raise CoachError("The week file\ncannot be read.")

    browser = Browser(store.each_summary(), NOW, whole=store.find_reflection, matching=broken)
    browser.apply_filter("cause:timing")
    browser.apply_filter("cause:timing spring")
    assert browser.filter_text == "cause:timing" and len(browser.shown) == 2
    assert browser.problem == "The week file cannot be read."
