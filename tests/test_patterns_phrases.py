"""Recurring lessons and next actions: the phrases that come back."""

from __future__ import annotations

from coach.review.phrases import Phrase, recurring_phrases


def test_a_long_shared_phrase_wins_over_its_parts() -> None:
    texts = ["Slow down after the opener", "slow down after the opener!", "slow down"]
    assert recurring_phrases(texts) == (Phrase("slow down after the opener", 2),)


def test_a_phrase_found_only_inside_answers_already_counted_is_left_out() -> None:
    texts = ["Ask about their timeline before pitching", "ask about their timeline first",
             "Ask about their timeline before pitching!"]
    assert recurring_phrases(texts) == (Phrase("ask about their timeline", 3),)


def test_a_phrase_counts_once_per_answer() -> None:
    assert recurring_phrases(["budget budget budget", "no budget"]) == (Phrase("budget", 2),)


def test_phrases_that_share_a_word_are_shown_once() -> None:
    texts = ["slow down", "slow down", "slow down now", "check the budget", "check the budget"]
    found = recurring_phrases(texts)
    assert found == (Phrase("slow down", 3), Phrase("check the budget", 2))


def test_stopwords_alone_and_single_answers_are_not_phrases() -> None:
    assert recurring_phrases(["the and of", "the and of"]) == ()
    assert recurring_phrases(["unique lesson"]) == ()
    assert recurring_phrases([None, 3, ""]) == ()


def test_curly_apostrophes_match_straight_ones() -> None:
    assert recurring_phrases(["don’t pitch early", "don't pitch early"]) == (
        Phrase("don't pitch early", 2),)
