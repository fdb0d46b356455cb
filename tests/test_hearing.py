"""Reading an answer before replying: non-answers, tone, sarcasm, whom it is about.

The corpus in tests/answer_corpus/ was written blind, by people who had not read the rules:
- dev.tsv: the rules were tuned on it;
- dev2.tsv and dev3.tsv: each written as a blind part and measured once, untouched, before the
  rules were widened on it, so they are development data now. First runs:
    dev2: nonanswer 91.1%, sarcastic 89.2%, "down" 70.3%, tone 62.0%, about 65.2%,
          self_label 98.7%, quoted 96.8%;
    dev3: nonanswer 91.8%, sarcastic 90.6%, "down" 71.5%, tone 59.6%, about 72.7%,
          self_label 99.3%, quoted 94.0%;
- holdout2.tsv: a third blind part, written after that and never used to tune the rules. Its
  floors are set just under the figures it gave when it was first run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.language.hearing import FIELDS, TARGETS, TONES, hear
from coach.language.wins import is_meant, is_small_win
from coach.templating import compile_expression, compile_template

CORPUS = Path(__file__).parent / "answer_corpus"
CONTENT_QUESTIONS = ("went_well", "small_win", "next_action", "lesson")
"""Questions that ask for something to keep: there, sarcasm gives nothing usable either, and
the corpus labels it a non-answer (the coach neither praises nor stores it)."""

GATES = ("nonanswer", "sarcastic", "down")
"""What decides whether the coach praises, files or stores an answer: held to 95%."""
FLOORS = {"tone": 0.78, "about": 0.72, "self_label": 0.95, "quoted": 0.95}
"""Softer readings, which choose among fitting replies: kept from sliding back."""


def _rows(name: str) -> list[list[str]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    assert rows[0] == ["question", "answer", "nonanswer", "tone", "sarcastic", "about",
                       "self_label", "quoted"]
    return rows[1:]


def _agreement(*names: str) -> dict[str, float]:
    agreed: Counter[str] = Counter()
    rows = [row for name in names for row in _rows(name)]
    for question, answer, nonanswer, tone, sarcastic, about, self_label, quoted in rows:
        heard = hear(answer)
        content = question in CONTENT_QUESTIONS
        said_nothing = heard.nonanswer or (content and heard.sarcastic)
        labelled_down = "yes" in (nonanswer, sarcastic) or tone in ("negative", "mixed")
        checks = {
            "nonanswer": said_nothing == (nonanswer == "yes"),
            "sarcastic": heard.sarcastic == (sarcastic == "yes"),
            "down": (said_nothing or heard.down) == labelled_down,
            "tone": heard.tone == tone,
            "about": heard.about == about,
            "self_label": heard.self_label == (self_label == "yes"),
            "quoted": heard.quoted == (quoted == "yes"),
        }
        agreed.update(name for name, ok in checks.items() if ok)
    return {name: agreed[name] / len(rows) for name in (*GATES, *FLOORS)}


def test_the_blind_written_development_corpus_is_read_as_labelled() -> None:
    found = _agreement("dev.tsv", "dev2.tsv", "dev3.tsv")
    shown = ", ".join(f"{name} {share:.1%}" for name, share in found.items())
    for name in GATES:
        assert found[name] >= 0.95, shown
    for name, floor in FLOORS.items():
        assert found[name] >= floor, shown


HOLDOUT_FIRST_RUN = {"nonanswer": 0.945, "sarcastic": 0.954, "down": 0.809, "tone": 0.646,
                     "about": 0.665, "self_label": 0.978, "quoted": 0.960}
"""What holdout2.tsv (325 lines) gave the first time it was run (docs/playbooks.md reports it):
non-answers, sarcasm, self-labels and quotes generalise; tone, and so "nothing to praise", much
less: on the questions that can earn praise, 16 of 149 answers would still be praised."""


def test_the_holdout_corpus_keeps_what_it_first_measured() -> None:
    found = _agreement("holdout2.tsv")
    shown = ", ".join(f"{name} {share:.1%}" for name, share in found.items())
    for name, first in HOLDOUT_FIRST_RUN.items():
        assert found[name] >= first - 0.02, shown


def test_the_corpus_is_big_and_labelled_with_known_values() -> None:
    rows = _rows("dev.tsv") + _rows("dev2.tsv") + _rows("dev3.tsv") + _rows("holdout2.tsv")
    assert len(rows) >= 300
    assert {row[3] for row in rows} <= set(TONES) and {row[5] for row in rows} <= set(TARGETS)
    assert all(len(row) == 8 for row in rows)


@pytest.mark.parametrize("answer", [
    "idk", "nothing.", "honestly nothing, I sounded like an idiot", "n/a", "zero", "not a thing",
    "nothing, he hung up in like 5 seconds", "nada", "zilch", "not really", "no win", "no idea",
    "dunno", "Nothing. Absolutely nothing.", "-", "?", "NOPE", "tbh nothing really",
    "no idea what to do differently", "none that i can see", "um",
])
def test_non_answers_in_every_form_are_heard_as_such(answer: str) -> None:
    assert hear(answer).nonanswer
    assert not is_small_win(answer) and not is_meant(answer)


@pytest.mark.parametrize("answer", [
    "Got the direct line", "nothing, but I got his email", "idk the intro maybe",
    "Nothing big: a direct line", "No-show, but they emailed back", "nothing went wrong",
    "not my best, but I didn't completely choke",
])
def test_an_answer_that_names_something_is_not_a_non_answer(answer: str) -> None:
    assert not hear(answer).nonanswer


@pytest.mark.parametrize(("answer", "tone"), [
    ("not my best, but I didn't completely choke", "mixed"),
    ("not bad actually", "positive"),
    ("not great", "negative"),
    ("booked a demo for thursday", "positive"),
    ("open with the referral next time", "neutral"),
    ("pissed off", "negative"),
    ("great, another no", "negative"),
    ("stressd af", "negative"),  # a typo still carries its feeling
])
def test_tone_reads_negation_but_and_sarcasm(answer: str, tone: str) -> None:
    assert hear(answer).tone == tone


@pytest.mark.parametrize("answer", [
    "great, another no", "oh sure, loved every second", "yeah right, best call ever",
    "fantastic. not.", "wonderful, he hung up again", "Perfect. He hung up mid-sentence.",
])
def test_sarcasm_is_heard_and_never_counts_as_a_win(answer: str) -> None:
    heard = hear(answer)
    assert heard.sarcastic and heard.down and not is_small_win(answer)


@pytest.mark.parametrize(("answer", "about"), [
    ("what a jerk, people like that shouldn't pick up", "prospect"),
    ("the gatekeeper was rude and hung up on me", "prospect"),
    ("I rushed the pitch and forgot to ask anything", "self"),
    ("I'm such an idiot", "self"),
    ("my manager keeps breathing down my neck", "other"),
    ("he asked me to call back in March", "none"),
])
def test_whom_a_judgement_is_about(answer: str, about: str) -> None:
    assert hear(answer).about == about


def test_self_labels_and_quoted_words() -> None:
    assert hear("I'm an idiot").self_label and hear("such a loser, honestly").self_label
    assert not hear("I rushed the pitch").self_label
    assert hear('he said "call me when the renewal comes up"').quoted
    assert hear("she told me we were too expensive").quoted
    assert not hear("I told him about the trial").quoted


def test_a_paste_is_long_and_reading_it_is_bounded() -> None:
    paste = "so he picked up and i started my opener and he cut me off straight away. " * 6
    assert hear(paste).long and not hear("short answer").long
    assert hear("word " * 100_000).nonanswer is False  # a huge paste is read by its start


def test_playbook_text_reads_an_answer_through_attributes_and_a_test() -> None:
    condition = compile_expression("answer is nonanswer or answer.tone == 'negative'")
    assert condition.value({"answer": "idk"}) and condition.value({"answer": "awful call"})
    assert not condition.value({"answer": "booked a meeting"})
    assert condition.value({"answer": None})  # a skipped question said nothing
    template = compile_template("{{ win.about }} {{ 'S' if win.sarcastic else 'N' }}")
    assert template.render({"win": "what a jerk"}) == "prospect N"
    assert set(FIELDS) >= {"nonanswer", "tone", "sarcastic", "about", "self_label", "quoted",
                           "long", "down"}
