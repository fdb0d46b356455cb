"""Reading typed answers: the same rules for the terminal and for pipes."""

from __future__ import annotations

from datetime import date

import pytest

from coach.conversation.answers import InvalidAnswer, format_answer, parse_answer
from coach.playbook.model import Choice, Step

TODAY = date(2026, 11, 20)  # a Friday
CHOICE = Step("cause", "choice", choices=(Choice("timing", "Bad timing"), Choice("budget", "No budget")))
MULTI = Step("adjust", "choice", multiple=True, choices=(*CHOICE.choices, Choice("pace", "Slow down")))


@pytest.mark.parametrize("text,expected", [("1", "timing"), ("2", "budget"), ("budget", "budget"),
                                           ("No Budget", "budget"), (" timing ", "timing")])
def test_choice_by_number_key_or_label(text: str, expected: str) -> None:
    assert parse_answer(CHOICE, text, TODAY) == expected


def test_choice_rejects_unknown_options_in_words_not_keys() -> None:
    with pytest.raises(InvalidAnswer, match="type a number from 1 to 2") as refused:
        parse_answer(CHOICE, "3", TODAY)
    assert "timing" not in str(refused.value)  # a key is the playbook's, not the rep's word


def test_an_edited_choice_is_prefilled_with_its_words_and_reads_back() -> None:
    from coach.conversation.answers import default_text

    assert default_text(MULTI, ["timing", "pace"]) == "Bad timing, Slow down"
    assert parse_answer(MULTI, default_text(MULTI, ["timing", "pace"]), TODAY) == ["timing", "pace"]


def test_multiple_choice() -> None:
    assert parse_answer(MULTI, "1,3", TODAY) == ["timing", "pace"]
    assert parse_answer(MULTI, "1 3 1", TODAY) == ["timing", "pace"]
    assert parse_answer(MULTI, "Slow down, budget", TODAY) == ["pace", "budget"]


@pytest.mark.parametrize("text,expected", [("y", True), ("YES", True), ("1", True), ("n", False),
                                           ("no", False), ("2", False)])
def test_yes_no(text: str, expected: bool) -> None:
    assert parse_answer(Step("ok", "yesno"), text, TODAY) is expected


def test_scale_and_number_ranges() -> None:
    scale = Step("sting", "scale", minimum=0, maximum=10)
    assert parse_answer(scale, "10", TODAY) == 10
    for bad in ("11", "-1", "7.5", "seven"):
        with pytest.raises(InvalidAnswer):
            parse_answer(scale, bad, TODAY)
    number = Step("dials", "number", minimum=0)
    assert parse_answer(number, "1,200", TODAY) == 1200
    assert parse_answer(number, "2.5", TODAY) == 2.5
    with pytest.raises(InvalidAnswer, match="at least 0"):
        parse_answer(number, "-3", TODAY)


@pytest.mark.parametrize("text,expected", [
    ("today", "2026-11-20"), ("tomorrow", "2026-11-21"), ("3", "2026-11-23"),
    ("2027-01-05", "2027-01-05"), ("monday", "2026-11-23"), ("fri", "2026-11-27"),
])
def test_dates(text: str, expected: str) -> None:
    assert parse_answer(Step("when", "date"), text, TODAY) == expected


def test_bad_date_says_what_works() -> None:
    with pytest.raises(InvalidAnswer, match=r"'next week-ish' is not a date.*in 3 weeks.*2027-04-01"):
        parse_answer(Step("when", "date"), "next week-ish", TODAY)


def test_empty_answers() -> None:
    with pytest.raises(InvalidAnswer, match="needed"):
        parse_answer(Step("what", "text"), "  ", TODAY)
    assert parse_answer(Step("what", "text", required=False), "", TODAY) is None
    assert parse_answer(Step("n", "number", default=5), "", TODAY) == 5


def test_format_answer_reads_back() -> None:
    assert format_answer(MULTI, ["timing", "pace"]) == "Bad timing, Slow down"
    assert format_answer(Step("ok", "yesno"), False) == "no"
    assert format_answer(CHOICE, None) == "(skipped)"
