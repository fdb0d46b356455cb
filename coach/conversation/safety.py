"""Noticing crisis language in a free-text answer, so the coach can step out of coaching.

The coach is not a crisis service. When an answer suggests self-harm or deep hopelessness, it
stops the exercise, says so kindly, and points to people who can help. Sales talk is full of
violent idioms ("this deal is dead", "I'm killing it"), so the phrases below are about the
person, not the deal, and a few idioms are explicitly let through.
"""

from __future__ import annotations

import re

# The end of a clause: punctuation or the end of a line. Some phrases are only a crisis when
# nothing follows them ("I'm going to end it." but not "end it with a follow-up email").
_STOP = r"(?=\s*(?:[.!?,;]|$))"

_CRISIS_PHRASES = (
    r"kill(ing)? myself",
    r"(want|wanna|going|gonna) to kms",
    r"end(ing)? (it all|my life)",
    r"(going to|gonna|want to|wanna) end it" + _STOP,
    r"tak(e|ing) my (own )?life(?! lessons?| savings| in my hands)",
    r"suicid(e|al)",
    r"self[- ]?harm(ing)?",
    r"hurt(ing)? myself",
    r"cut(ting)? myself(?! (off|short))",
    r"want(ed)? to die",
    r"wish i (was|were) dead",
    r"wish i (was|were)(n'?t| not) alive",
    r"might as well be dead",
    r"better off dead",
    r"better off without me",
    r"(nobody|no one|no-one) would (miss me|care if i (was|were) gone)",
    r"i'?m (just )?a burden",
    r"no reason to live",
    r"(not|isn'?t) worth living",
    r"(sleep and )?never wake up",
    r"disappear (forever|for good)",
    r"no way out" + _STOP,
    r"want (it all|everything|my life) to (be over|end|stop)",
    r"want it to all (be over|end|stop)",
    r"giv(e|ing) up on (everything|life|myself)",
    r"can'?t go on( anymore| any more)?" + _STOP,
    r"can'?t (do|take) (this|it) any ?more",
    r"(no|zero|don'?t see (the|any)|what'?s the) point (in |of )?"
    r"(living|life|going on(?! with)|anything|any of (it|this))",
    r"nothing to live for",
    r"hopeless",
    r"don'?t want to (be here|exist|wake up|be alive)",
    r"don'?t want to live( any ?more)?" + _STOP,
)

_CRISIS = re.compile(r"\b(" + "|".join(_CRISIS_PHRASES) + r")\b", re.IGNORECASE | re.MULTILINE)

# Everyday sales phrases that contain an alarming word but are not about the person.
_IDIOMS = re.compile(
    r"\b(hopeless (lead|prospect|deal|account|case|list|territory|pipeline|quarter|cause)"
    r"|(deal|lead|prospect|pipeline|account|call|quarter|list|territory) (is|was|looks|seems)"
    r" (\w+ )?hopeless"
    r"|(it'?s|it is|it was) hopeless (trying|to try)"
    r"|(suicide|kamikaze) (mission|run|call)"
    r"|(career|commercial|professional|sales) suicide"
    r"|die of (embarrassment|boredom|laughter))\b",
    re.IGNORECASE,
)

SAFETY_MESSAGE = (
    "It sounds like you might be carrying something much heavier than a rough call. "
    "That matters more than any debrief. Please reach out to someone now: a person you trust, "
    "your doctor, or a crisis line. In the US you can call or text 988; in the UK and Ireland "
    "call Samaritans on 116 123; elsewhere, findahelpline.com lists free, confidential lines. "
    "If you are in danger right now, call your local emergency number."
)


MAX_CHECKED_CHARS = 20_000
"""How much of an answer is read for crisis language (about four thousand words)."""


def needs_care(text: str) -> bool:
    """Whether a free-text answer contains crisis language (sales idioms aside).

    >>> needs_care("this deal is dead and I'm killing it today")
    False
    >>> needs_care("honestly I want to die")
    True
    """
    # Typographic apostrophes (from phones and word processors) read like plain ones. Only the
    # start of a very long answer is read: thousands of words pasted in would otherwise make
    # the rep wait seconds for the next question.
    head = text[:MAX_CHECKED_CHARS]
    cleaned = _IDIOMS.sub(" ", head.replace("\u2019", "'"))
    return bool(_CRISIS.search(cleaned))
