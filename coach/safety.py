"""Noticing crisis language in a free-text answer, so the coach can step out of coaching.

The coach is not a crisis service. When an answer suggests self-harm or deep hopelessness, it
stops the exercise, says so kindly, and points to people who can help. Sales talk is full of
violent idioms ("this deal is dead", "I'm killing it"), so the phrases below are about the
person, not the deal, and a few idioms are explicitly let through.
"""

from __future__ import annotations

import re

_CRISIS_PHRASES = (
    r"kill(ing)? myself",
    r"end(ing)? (it all|my life)",
    r"take my (own )?life",
    r"suicid(e|al)",
    r"self[- ]harm",
    r"hurt(ing)? myself",
    r"cut(ting)? myself",
    r"want(ed)? to die",
    r"wish i (was|were) dead",
    r"better off dead",
    r"better off without me",
    r"no reason to live",
    r"not worth living",
    r"can'?t go on( anymore| any more)?$",
    r"can'?t (do|take) (this|it) anymore",
    r"(no|zero) point (in )?(living|going on)",
    r"nothing to live for",
    r"hopeless",
    r"don'?t want to (be here|exist|wake up)",
)

_CRISIS = re.compile(r"\b(" + "|".join(_CRISIS_PHRASES) + r")\b", re.IGNORECASE | re.MULTILINE)

# Everyday sales phrases that contain an alarming word but are not about the person.
_IDIOMS = re.compile(
    r"\b(hopeless (lead|prospect|deal|account|case|list|territory|pipeline|quarter|cause)"
    r"|(deal|lead|prospect|pipeline|account|call|quarter) (is|was) hopeless)\b",
    re.IGNORECASE,
)

SAFETY_MESSAGE = (
    "It sounds like you might be carrying something much heavier than a rough call. "
    "That matters more than any debrief. Please reach out to someone now: a person you trust, "
    "your doctor, or a crisis line. In the US you can call or text 988; in the UK and Ireland "
    "call Samaritans on 116 123; elsewhere, findahelpline.com lists free, confidential lines. "
    "If you are in danger right now, call your local emergency number."
)


def needs_care(text: str) -> bool:
    """Whether a free-text answer contains crisis language (sales idioms aside).

    >>> needs_care("this deal is dead and I'm killing it today")
    False
    >>> needs_care("honestly I want to die")
    True
    """
    cleaned = _IDIOMS.sub(" ", text)
    return bool(_CRISIS.search(cleaned))
