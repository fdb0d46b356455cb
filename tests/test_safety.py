"""Crisis language steps out of coaching; the violent idioms of everyday sales talk do not."""

from __future__ import annotations

from datetime import date

import pytest

from coach.conversation.engine import Conversation
from coach.conversation.safety import SAFETY_MESSAGE, needs_care
from coach.playbook.library import Library, playbook_from_text

CRISIS = [
    "I want to kill myself",
    "honestly I just want to die",
    "I've been thinking about suicide",
    "I feel suicidal today",
    "I keep thinking about ending it all",
    "I want to end my life",
    "thinking about taking my own life",
    "I've been self harming again",
    "I want to hurt myself",
    "everyone would be better off without me",
    "I'd be better off dead",
    "I wish I was dead",
    "I wish I wasn't alive",
    "there's no reason to live",
    "life isn't worth living",
    "I don't see the point in living",
    "nothing to live for anymore",
    "I feel completely hopeless",
    "I don't want to be here anymore",
    "I don't want to live anymore.",
    "I can't go on",
    "I can't do this anymore",
    "nobody would miss me",
    "I'm a burden to everyone",
    "I want to sleep and never wake up",
    "I'm going to end it.",
    "I don’t want to wake up tomorrow",  # a typographic apostrophe, as phones type it
    "I CAN'T TAKE IT ANYMORE",
]

SALES_TALK = [
    "this deal is dead",
    "I'm killing it today",
    "I could kill for a yes right now",
    "dead air on that call for ten seconds",
    "this lead is hopeless",
    "a hopeless prospect, wrong industry entirely",
    "the prospect killed the deal on price",
    "that objection killed my momentum",
    "I bombed the opener",
    "my pipeline is dead this month",
    "I'm dying to close this one",
    "I'm dead tired after 80 dials",
    "this quarter is killing me",
    "he shot down my pitch in ten seconds",
    "I got slaughtered on price",
    "I wanted to die of embarrassment when I said the wrong name",
    "calling the CFO directly was a suicide mission",
    "quoting that discount was career suicide",
    "I cut myself off mid-sentence",
    "it's hopeless trying to reach them before 9",
    "there was no point going on with this pitch",
    "the gatekeeper is a killer",
    "I'd kill to get a meeting with them",
    "they told me to drop dead, charming",
    "I can't go on calling this list without new data",
    "dead end lead, moving on",
    "hung up on me, brutal",
    "I'll take my life lessons from this one",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_language_is_noticed(text: str) -> None:
    assert needs_care(text)


@pytest.mark.parametrize("text", SALES_TALK)
def test_ordinary_sales_talk_is_left_alone(text: str) -> None:
    assert not needs_care(text)


def test_crisis_language_is_noticed_inside_a_longer_answer() -> None:
    assert needs_care(
        "Rough call. Third hang-up in a row.\nHonestly I feel hopeless about all of it."
    )


def test_an_idiom_does_not_hide_crisis_language_next_to_it() -> None:
    assert needs_care("This deal is dead and honestly I want to die")


@pytest.fixture
def journal(library: Library) -> Conversation:
    """A small user playbook: one free-text question, one choice, each with a coaching reply."""
    playbook = playbook_from_text(
        """\
id: journal
title: Journal
steps:
  - id: how
    ask: "How are you, really?"
    respond:
      - fallback: true
        say: "Thanks for writing it down."
  - id: mood
    ask: "Pick one"
    choices: {hopeless: "Hopeless about this lead", fine: "Fine"}
""",
        "journal.yaml",
        library.playbooks,
    )
    return Conversation(playbook, {**library.playbooks}, {}, date(2026, 11, 20))


def test_crisis_language_in_any_playbook_brings_the_safety_message(journal: Conversation) -> None:
    after = journal.answer("I don't want to be here anymore")
    kinds = [say.kind for say in after.pending]
    assert kinds[0] == "safety"
    assert after.pending[0].text == SAFETY_MESSAGE
    assert "988" in SAFETY_MESSAGE and "116 123" in SAFETY_MESSAGE


def test_an_ordinary_answer_brings_no_safety_message(journal: Conversation) -> None:
    after = journal.answer("Killing it today, this deal is dead but the next one is close")
    assert [say.kind for say in after.pending] == ["response"]


def test_only_free_text_is_checked_not_choice_labels(journal: Conversation) -> None:
    after = journal.answer("Fine").answer("hopeless")
    assert not any(say.kind == "safety" for say in after.pending)
