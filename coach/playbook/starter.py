"""The starter playbook `coach playbooks new` writes: every step type once, with a test file.

The starter is a real, small reflection rather than a form to fill in: each step shows one type
with a comment saying what it does, there is one branch and one value, and its tests pass as
written, so an author changes a working playbook instead of debugging a blank one.
"""

from __future__ import annotations

_PLAYBOOK = """\
# A starter playbook made by `coach playbooks new`. Change anything you like, then check it:
#   coach playbooks validate {file}
#   coach playbooks test {file}
# For completion and checks while you type, see "Editor support" in docs/playbooks.md.
id: {id}
title: "{title}"
summary: "A short look back at the last call, and one plan for the next."
tags: [starter]
steps:
  # text (the default type): the rep types an answer in their own words.
  - id: what_happened
    ask: "In a sentence, what happened on that call?"
    respond:
      # keywords match the answer's words (rushed, rushing, rush); the first that fits wins.
      - keywords: [rushed, hurry]
        say:
          # Several lines take turns across conversations, so the reply never gets stale.
          - "Noted: the pace got away from you. One slow breath before the next dial."
          - "Rushing happens to everyone. Try one slower sentence at the start."
          - "Good catch on the pace. Let the prospect finish before you answer."
      - fallback: true
        say:
          - "Thanks, that's a clear picture."
          - "Got it. Let's see what to keep from it."
          - "Thanks for putting it into words."

  # choice: one option, by its number, key or label. The key is what rules compare with.
  - id: feeling
    type: choice
    ask: "How do you feel about it now?"
    choices:
      calm: "Calm"
      annoyed: "Annoyed"
      stuck: "Stuck"

  # scale: a whole number between two ends, with labels.
  - id: energy
    type: scale
    ask: "How much energy do you have for the next call?"
    min: 0
    max: 10
    labels: {{min: "empty", max: "full"}}
    next:
      # A branch: with plenty of energy, skip the break question.
      - goto: next_calls
        when: "energy >= 7"

  # yesno: y or n; the answer is true or false.
  - id: take_break
    type: yesno
    ask: "Take a two-minute break before the next dial?"

  # say: the coach says a line and waits for nothing. `when` runs a step only if it holds.
  - id: break_tip
    when: "take_break"
    say: "Good call. Stand up, stretch, and get some water."

  # number: any number, here between min and max. required: false lets the rep press Enter.
  - id: next_calls
    type: number
    ask: "How many calls will you make before your next break?"
    min: 0
    max: 200
    required: false

  # date: YYYY-MM-DD, today, tomorrow, a weekday, or a number of days from now.
  - id: review_on
    type: date
    ask: "When will you look back at how this went?"

  # breather: says a line, then runs a two-minute paced breather. For example:
  # - id: breathe
  #   type: breather
  #   when: "energy < 3"
  #   say: "Let's breathe for a moment before anything else."

  # include: runs another playbook here, then carries on. For example:
  # - id: reframe
  #   include: reframe_feedback

# Values worked out from the answers, readable by later rules and saved with the reflection.
set:
  low_energy: "energy < 4"

# The short variant, run with `coach run {id} --quick`.
quick: [what_happened, energy]
"""

_TESTS = """\
# Tests for the playbook '{id}': run them with `coach playbooks test`.
playbook: {id}
today: 2026-03-02
cases:
  - name: low energy takes the break
    answers: ["I rushed the opener", annoyed, "2", y, "", tomorrow]
    expect:
      steps: [what_happened, feeling, energy, take_break, next_calls, review_on]
      says: ["pace", "Stand up, stretch"]
      values: {{low_energy: true, next_calls: null, review_on: 2026-03-03}}
      finished: true

  - name: high energy skips the break question
    answers: ["They asked for a demo", calm, "8", "25", "2026-03-06"]
    expect:
      steps: [what_happened, feeling, energy, next_calls, review_on]
      not_says: ["Stand up"]
      values: {{low_energy: false, next_calls: 25}}
      finished: true
"""


def title_of(playbook_id: str) -> str:
    """A readable title made from an id: `after_voicemail` -> `After voicemail`."""
    return playbook_id.replace("_", " ").capitalize()


def starter_playbook(playbook_id: str, file_name: str) -> str:
    """The YAML of a starter playbook with this (already checked) id."""
    return _PLAYBOOK.format(id=playbook_id, title=title_of(playbook_id), file=file_name)


def starter_tests(playbook_id: str) -> str:
    """The YAML of the starter playbook's test file."""
    return _TESTS.format(id=playbook_id)
