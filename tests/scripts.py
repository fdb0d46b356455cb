"""Answer scripts for the built-in debrief, shared by the REPL and end-to-end tests."""

from __future__ import annotations

# A tough call: very high sting (self-compassion first), a prospect-side cause with a callback.
TOUGH_DEBRIEF = [
    "They hung up after ten seconds",  # what_happened
    "9",  # sting
    "stupid",  # compassion_first.feeling
    "Rough call, you did fine",  # compassion_first.kind_word
    "1",  # compassion_first.reset
    "timing",  # timing_fit.cause
    "2026-12-01",  # timing_fit.callback (worth another call, and when)
    "ACME Corp",  # prospect (asked for the callback)
    "1",  # reframe.trap (a trap shows: the thought record stands in for went_well and adjust)
    "80",  # reframe.belief
    "I stumbled on the price",  # reframe.for_it (what makes it feel true)
    "They took my email",  # reframe.evidence
    "One call is one call",  # reframe.balanced
    "40",  # reframe.belief_after
    "Got the direct line",  # win.win
    "Dial the next three on the list",  # next_action (also the lesson)
    "4",  # sting_after
]

# A mild call: low sting, the rep's own delivery, quick variant.
QUICK_DEBRIEF = [
    "3",  # sting
    "delivery",  # timing_fit.cause
    "Two minutes of real conversation",  # win.win
    "Slow down on the next call",  # next_action
    "2",  # sting_after
]


# Where a light full debrief's call died, and what was said: at the opener, nothing (so no
# objection, and next_action is asked as the plan).
NOTHING_SAID = ["opener", "none"]  # stage, said


def piped(answers: list[str]) -> str:
    return "".join(line + "\n" for line in answers)

# A light call that died on an objection: the rep's own objection book (`coach objections`).
# `objection` and `line` fill the two answers that change from call to call: `line` is the line
# for next time, or, when the objection came before, the one answer to "did that line help?"
# (a pick such as "1" for "It helped", or a better line typed in its place).
def objection_debrief(objection: str, line: str) -> list[str]:
    return [
        "They wanted it in writing",  # what_happened
        "3",  # sting (low: no thought record, so the objection is asked)
        "brush_off",  # timing_fit.cause
        "Stayed calm",  # reframe.went_well
        "nothing",  # reframe.adjust
        "first_objection",  # stage
        objection,  # said: a common key, or the prospect's words
        line,  # next_time, or came_back when it came before (stands in for next_action)
        "Got the name",  # win.win
        "2",  # sting_after
    ]
