"""What counts as a small win: named text that says something, not "none" or "nothing"."""

from __future__ import annotations

NOT_A_WIN = frozenset({
    "none", "nothing", "no", "nope", "nah", "nil", "zero", "0", "n/a", "na", "-", "not much",
    "no wins", "nothing today", "none today", "no idea",
})
"""Answers that mean "there was no win", after lower-casing and dropping end punctuation."""


def is_small_win(text: object) -> bool:
    """Whether an answer names a small win, rather than saying there was none.

    One rule for the tally, the streaks, the status line and the playbooks (the `is_win` filter).

    >>> is_small_win("Got the direct line"), is_small_win(" None. "), is_small_win("n/a")
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    words = " ".join(text.lower().split()).strip(" .!,;:")
    return bool(words) and words not in NOT_A_WIN
