"""The rep's own objection book: recorded by the debrief, listed by `coach objections`, brought
back in the next debrief, and practised on a pipe (`coach objections practice`)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from lookback_records import NOW, at, debrief
from scripts import objection_debrief, piped

from coach.review.objections import build_book, common_key, same_words, signature
from coach.review.patterns import CAUSES, review
from coach.review.periods import Period
from coach.store.validation import problems
from coach.views.labels import CAUSE_NAMES


def _debrief(home: Path, answers: list[str]) -> str:
    result = run_coach(home, "debrief", stdin=piped(answers))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Saved" in result.stdout
    return result.stdout


def _records(home: Path) -> list[dict[str, Any]]:
    listed = run_coach(home, "history", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    ids = [record["id"] for record in json.loads(listed.stdout)]
    shown = [run_coach(home, "show", record_id, "--format", "json") for record_id in ids]
    return [json.loads(result.stdout) for result in shown]


def _book(home: Path) -> list[dict[str, Any]]:
    result = run_coach(home, "objections", "--format", "json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["format"] == "coach-objections" and view["version"] == 1
    objections: list[dict[str, Any]] = view["objections"]
    return objections


def test_an_objection_is_recorded_as_summary_fields(home: Path) -> None:
    _debrief(home, objection_debrief("email", "Happy to. What should it cover?"))
    [record] = _records(home)
    assert record["stage"] == "first_objection"
    assert record["objection"] == "email"
    assert record["objection_answer"] == "Happy to. What should it cover?"
    assert record["objection_helped"] is None
    assert record["cause"] == "brush_off"
    # The answer for next time is the plan: the next-call question is not asked again.
    assert "next_action" not in record["answers"]
    assert record["lesson"] == "Happy to. What should it cover?"
    assert problems(record) == []


def test_a_non_answer_for_next_time_is_not_stored(home: Path) -> None:
    output = _debrief(home, objection_debrief("not_interested", "idk"))
    [record] = _records(home)
    assert record["objection"] == "not_interested"
    assert record["objection_answer"] is None and record["lesson"] is None
    assert record["answers"]["next_time"]["answer"] == "idk"
    assert "In your book" not in output
    [entry] = _book(home)
    assert entry["count"] == 1 and entry["answers"] == []


def test_the_book_lists_objections_most_frequent_first(home: Path) -> None:
    _debrief(home, objection_debrief("budget", "Ask when the budget opens again"))
    _debrief(home, objection_debrief("email", "Happy to. What should it cover?"))
    _debrief(home, objection_debrief("email", "3"))  # didn't get to use it
    book = _book(home)
    assert [entry["objection"] for entry in book] == ["email", "budget"]
    assert book[0]["count"] == 2 and book[0]["stages"] == {"first_objection": 2}
    assert [answer["answer"] for answer in book[0]["answers"]] == [
        "Happy to. What should it cover?"]
    text = run_coach(home, "objections")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    email = next(index for index, line in enumerate(lines) if "send me an email" in line)
    budget = next(index for index, line in enumerate(lines) if "no budget" in line)
    assert email < budget
    assert "twice" in lines[email] and "first objection" in lines[email]
    assert "  - Ask when the budget opens again" in lines


def test_the_same_objection_brings_the_earlier_answer_back_and_learns_it_helped(
        home: Path) -> None:
    _debrief(home, objection_debrief("email", "Happy to. What should it cover?"))
    output = _debrief(home, objection_debrief("email", "1"))  # it helped
    assert ('You\'ve met this one before. Your line then: "Happy to. What should it cover?". '
            "Did it help this time? Pick, or type a better one.") in output
    assert "Next time you hear that" not in output.split("Did it help this time")[1]
    [second] = [record for record in _records(home) if record["objection_helped"]]
    assert second["objection_helped"] == "yes" and second["objection_answer"] is None
    assert second["lesson"] == "Happy to. What should it cover?"  # the line that works
    # A better line typed in its place: the old one did not do it.
    _debrief(home, objection_debrief("email", "Ask what they'd want in it"))
    [third] = [record for record in _records(home)
               if record["objection_answer"] == "Ask what they'd want in it"]
    assert third["lesson"] == "Ask what they'd want in it"
    assert third["objection_helped"] is None  # a new line says nothing of how the old one went
    [entry] = _book(home)
    answers = {answer["answer"]: answer["helped"] for answer in entry["answers"]}
    # Helped once stays marked, though a later call typed a new line after it came back.
    assert answers == {"Ask what they'd want in it": None,
                       "Happy to. What should it cover?": True}
    assert entry["answers"][0]["answer"] == "Ask what they'd want in it"
    listed = run_coach(home, "objections").stdout
    assert "Happy to. What should it cover?  (helped)" in listed
    markdown = run_coach(home, "objections", "--format", "md").stdout
    assert markdown.startswith("# My objection book")
    assert "- Happy to. What should it cover? (helped)" in markdown
    assert "Came up 3 times" in markdown


def test_the_reps_own_words_are_matched_by_stems(home: Path) -> None:
    _debrief(home, objection_debrief("We're being acquired", "Who owns this after the deal?"))
    output = _debrief(home, objection_debrief("Being acquired right now", "2"))  # didn't help
    assert "Who owns this after the deal?" in output
    [entry] = _book(home)
    assert entry["count"] == 2 and entry["words"] == "Being acquired right now"
    assert entry["answers"][0]["helped"] is False
    # Their words naming a common objection join it.
    _debrief(home, objection_debrief("just email me the info", "Sure, what should it cover?"))
    _debrief(home, objection_debrief("email", "Offer two lines now"))
    assert {entry["objection"] for entry in _book(home)} == {"Being acquired right now", "email"}


def test_a_quick_debrief_and_a_thought_record_skip_the_objection(home: Path) -> None:
    result = run_coach(home, "debrief", "--quick", stdin=piped(["3", "delivery", "A name",
                                                                  "Slow down", "2"]))
    assert result.returncode == 0 and "Where did it die?" not in result.stdout
    assert _book(home) == []


def test_practice_on_a_pipe_shows_earlier_answers_and_saves_a_meant_one(home: Path) -> None:
    _debrief(home, objection_debrief("price", "Compared with what?"))
    drill = run_coach(home, "objections", "practice", stdin="What would it need to cost?\n")
    assert drill.returncode == 0, drill.stderr
    assert "Too expensive" in drill.stdout
    assert "Compared with what?" in drill.stdout
    assert "Saved to your book" in drill.stdout
    [entry] = _book(home)
    assert entry["count"] == 1  # practice adds an answer, not an occurrence
    assert [answer["answer"] for answer in entry["answers"]] == [
        "What would it need to cost?", "Compared with what?"]
    skipped = run_coach(home, "objections", "practice", "price", stdin="idk\n")
    assert skipped.returncode == 0 and "Nothing saved" in skipped.stdout
    for leaving in ("q", "/quit"):  # the footer offers q: it leaves, and is never an answer
        left = run_coach(home, "objections", "practice", "price", stdin=f"{leaving}\n")
        assert left.returncode == 0 and "Stopped. Nothing was saved." in left.stdout
    assert len(_book(home)[0]["answers"]) == 2


def test_practice_drills_the_objection_still_without_a_line_first(home: Path) -> None:
    _debrief(home, objection_debrief("price", "Compared with what?"))
    _debrief(home, objection_debrief("price", "2"))  # came back: it didn't help
    _debrief(home, objection_debrief("email", "idk"))  # no line yet
    drill = run_coach(home, "objections", "practice", stdin="\n")
    assert "Send me an email" in drill.stdout and "Too expensive" not in drill.stdout


def test_practice_with_an_empty_book_and_no_input(home: Path) -> None:
    drill = run_coach(home, "objections", "practice", "call me later", stdin="")
    assert drill.returncode == 0, drill.stderr
    assert "Call me later" in drill.stdout and "Nothing in your book" in drill.stdout
    assert _book(home) == []
    assert "empty" in run_coach(home, "objections").stdout


def test_a_record_saved_before_the_objection_fields_still_passes() -> None:
    old = {"schema": 1, "kind": "reflection", "id": "a" * 32, "playbook": "debrief",
           "title": "Debrief a tough call", "variant": "full",
           "started": "2026-11-20T10:00:00+01:00", "finished": "2026-11-20T10:02:00+01:00",
           "answers": {}, "responses": [], "tags": ["debrief"], "sting_before": 5,
           "sting_after": 3, "cause": "timing", "small_win": None, "next_action": None,
           "callback": None, "lesson": None, "thinking_trap": None, "values": {}}
    assert problems(old) == []
    assert build_book([old]) == []
    [problem] = problems({**old, "objection_helped": 7})
    assert problem.startswith("objection_helped:")


@pytest.mark.parametrize(("words", "key"), [
    ("just email me the info", "email"), ("we don't have budget", "budget"),
    ("Happy with our current vendor", "incumbent"), ("my boss decides", "not_decider"),
    ("way too expensive", "price"), ("We're being acquired", None),
])
def test_common_objections_are_found_in_the_reps_words(words: str, key: str | None) -> None:
    assert common_key(words) == key


def test_own_words_meet_on_stems_not_on_exact_text() -> None:
    assert same_words(signature("they are merging"), signature("Merging with another firm"))
    assert not same_words(signature("merging"), signature("hiring freeze"))


def test_every_cause_has_a_name() -> None:
    assert set(CAUSE_NAMES) == set(CAUSES)
    assert {"has_solution", "brush_off"} <= set(CAUSES)


def test_the_review_names_objections_that_keep_coming_back_with_the_best_answer() -> None:
    period = Period(date(2026, 11, 14), date(2026, 11, 20))
    records = [
        # Older than the period before: it only adds the answer that helped.
        debrief(at("2026-10-20"), objection="email", objection_answer="What should it cover?"),
        debrief(at("2026-11-10"), objection="email", objection_answer="Offer two lines now",
                objection_helped="yes", values={"objection_shown": "What should it cover?"}),
        debrief(at("2026-11-16"), objection="just email me something"),
        debrief(at("2026-11-17"), objection="email", objection_answer="Ask for ten minutes"),
        debrief(at("2026-11-18"), objection="budget"),
        debrief(at("2026-11-12"), objection="budget"),
        debrief(at("2026-11-11"), objection="budget"),
        # After the period's end: not counted, and its answer is not yet written.
        debrief(at("2026-11-21"), objection="email", objection_answer="Not yet"),
    ]
    found = review(records, [], NOW + timedelta(days=2), period).objections
    assert [(row.name, row.count, row.previous_count) for row in found] == [
        ("send me an email", 2, 1), ("no budget", 1, 2)]
    assert found[0].best_answer == "What should it cover?" and found[0].helped
    assert found[1].best_answer is None
    lines = objection_lines_of(records, period)
    assert lines[0] == ('"Send me an email": twice (up from 1). Your best answer (it helped): '
                        '"What should it cover?".')
    assert lines[1].startswith('"No budget": once (down from 2). No answer for it yet')


def objection_lines_of(records: list[dict[str, Any]], period: Period) -> list[str]:
    from coach.views.words import objection_lines

    return objection_lines(review(records, [], NOW + timedelta(days=2), period))


def test_patterns_show_the_objections_of_the_week(home: Path) -> None:
    _debrief(home, objection_debrief("email", "Happy to. What should it cover?"))
    _debrief(home, objection_debrief("email", "1"))  # it helped
    view = json.loads(run_coach(home, "patterns", "--format", "json").stdout)
    assert view["objections"] == [{"objection": "send me an email", "count": 2,
                                   "previous_count": 0,
                                   "best_answer": "Happy to. What should it cover?",
                                   "helped": True}]
    text = run_coach(home, "patterns").stdout
    assert "Objections that keep coming back" in text
    assert '"Send me an email": twice (none the period before).' in text


def test_the_morning_check_in_brings_a_card_from_the_book(home: Path) -> None:
    before = run_coach(home, "checkin", stdin=piped(["4", "1", "60", "8", "3", "", "Be curious"]))
    assert before.returncode == 0 and "from your book" not in before.stdout
    _debrief(home, objection_debrief("email", "Happy to. What should it cover?"))
    result = run_coach(home, "checkin", stdin=piped(["4", "1", "60", "8", "3", "", "Be curious"]))
    assert result.returncode == 0, result.stderr
    assert ('one from your book: "send me an email". Your line: Happy to. What should it cover?'
            in result.stdout) or ('when they say "send me an email", you said you\'d try: '
                                  'Happy to. What should it cover?' in result.stdout)
