"""The paced-breathing rhythm of a breather: which phase it is at any moment (pure)."""

from __future__ import annotations

import math

PATTERN: tuple[tuple[str, int], ...] = (("Breathe in", 4), ("Hold", 4), ("Breathe out", 6))
"""In for 4, hold for 4, out for 6: a longer out-breath slows the heart down."""

DEFAULT_MINUTES = 2.0
MIN_MINUTES = 0.1
MAX_MINUTES = 30.0


def cycle_seconds(pattern: tuple[tuple[str, int], ...] = PATTERN) -> int:
    """How long one full breath takes."""
    return sum(length for _, length in pattern)


def phase_at(elapsed: float, pattern: tuple[tuple[str, int], ...] = PATTERN) -> tuple[str, int]:
    """The phase at `elapsed` seconds and the whole seconds left in it.

    >>> phase_at(0)
    ('Breathe in', 4)
    >>> phase_at(5.5)
    ('Hold', 3)
    >>> phase_at(14)
    ('Breathe in', 4)
    """
    position = elapsed % cycle_seconds(pattern)
    for name, length in pattern:
        if position < length:
            return name, max(1, math.ceil(length - position))
        position -= length
    return pattern[0][0], pattern[0][1]


def breaths(total_seconds: float, pattern: tuple[tuple[str, int], ...] = PATTERN) -> int:
    """How many full breaths fit in the time (at least one)."""
    return max(1, round(total_seconds / cycle_seconds(pattern)))


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten")


def length_words(total_seconds: float) -> str:
    """How long a breather lasts, as it is said to the rep: the words follow its real length.

    >>> length_words(120), length_words(60), length_words(6), length_words(90), length_words(150)
    ('two minutes', 'a minute', '6 seconds', '90 seconds', '2.5 minutes')
    """
    seconds = max(1, round(total_seconds))
    if seconds < 60 or (seconds < 120 and seconds % 60):
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = round(seconds / 60, 1)
    if minutes == 1:
        return "a minute"
    if minutes.is_integer() and minutes < len(_NUMBER_WORDS):
        return f"{_NUMBER_WORDS[int(minutes)]} minutes"
    return f"{minutes:g} minutes"


def phase_left(elapsed: float, total_seconds: float,
               pattern: tuple[tuple[str, int], ...] = PATTERN) -> tuple[str, int]:
    """`phase_at`, with the seconds left cut to what is left of the whole breather, so a short
    one never counts down past its end.

    >>> phase_left(4, 6)
    ('Hold', 2)
    """
    name, left = phase_at(elapsed, pattern)
    return name, max(1, min(left, math.ceil(total_seconds - elapsed)))
