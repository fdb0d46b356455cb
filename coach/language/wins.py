"""What counts as a small win or a plan: named text that says something, meant as it reads.

One rule for the tally, the streaks, the status line, the check-in's "yesterday" and the
playbooks (the `is_win` filter): "none", "idk", "nothing, he hung up" and "great, another no"
are kept as typed but never count. Records saved before this rule are read with it too.
"""

from __future__ import annotations

from coach.language.hearing import hear

NOT_A_WIN = frozenset({
    "none", "nothing", "no", "nope", "nah", "nil", "zero", "0", "n/a", "na", "-", "not much",
    "no wins", "nothing today", "none today", "no idea", "idk", "dunno", "nada", "zilch",
    "not really", "no win", "not a thing", "nothing.", "honestly nothing",
})
"""Some of the answers that mean "there was no win" (`hearing` knows many more forms)."""


def is_meant(text: object) -> bool:
    """Whether an answer says something and means it: not a non-answer, not sarcasm.

    A next action, a lesson or a callback contact is kept as a plan only when this holds.

    >>> is_meant("Open with the referral"), is_meant("no idea"), is_meant("yeah right, sell more")
    (True, False, False)
    """
    if not isinstance(text, str) or not text.strip():
        return False
    heard = hear(text)
    return not (heard.nonanswer or heard.sarcastic)


def is_small_win(text: object) -> bool:
    """Whether an answer names a small win, rather than saying there was none.

    >>> is_small_win("Got the direct line"), is_small_win(" None. "), is_small_win("n/a")
    (True, False, False)
    >>> is_small_win("nothing, he hung up in 5 seconds"), is_small_win("great, another no")
    (False, False)
    """
    return is_meant(text)
