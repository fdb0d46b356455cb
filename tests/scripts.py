"""Answer scripts for the built-in debrief, shared by the REPL and end-to-end tests."""

from __future__ import annotations

# A tough call: high sting (self-compassion first), a prospect-side cause with a callback.
TOUGH_DEBRIEF = [
    "ACME Corp",  # prospect
    "They hung up after ten seconds",  # what_happened
    "8",  # sting
    "stupid",  # compassion_first.feeling
    "Rough call, you did fine",  # compassion_first.kind_word
    "y",  # compassion_first.let_go
    "1",  # compassion_first.reset
    "them",  # whose_side
    "timing",  # timing_fit.cause
    "",  # timing_fit.signal (optional)
    "y",  # timing_fit.worth_callback
    "2026-12-01",  # timing_fit.callback
    "I got through to the decision maker",  # reframe.went_well
    "1,3",  # reframe.adjust
    "I should have asked about their timeline",  # reframe.adjust_detail
    "2",  # reframe.trap
    "Ask about timing early",  # reframe.lesson
    "contact",  # win.kind
    "Got the direct line",  # win.win
    "4",  # sting_after
    "Dial the next three on the list",  # next_action
]

# A mild call: low sting, the rep's own delivery, quick variant.
QUICK_DEBRIEF = [
    "Pitched too fast and lost them",  # what_happened
    "3",  # sting
    "They listened for a minute",  # reframe.went_well
    "pace",  # reframe.adjust
    "Pause after the first question",  # reframe.lesson
    "talk",  # win.kind
    "Two minutes of real conversation",  # win.win
    "2",  # sting_after
    "Slow down on the next call",  # next_action
]


def piped(answers: list[str]) -> str:
    return "".join(line + "\n" for line in answers)
