"""What a call's disposition means for effort: nobody reached, a conversation, a meeting, a
callback.

Dialers and CRMs each name their outcomes differently ("Left Voicemail", "VM", "Connected -
Interested", "Meeting Booked"), so a disposition is read by the phrases it contains, as whole
words, in a fixed order: a booked meeting first, then the signs that nobody was reached (so
"not connected" is never read as "connected"), then a callback, then a live conversation.
The rep's own `--disposition TEXT=OUTCOME` options are looked up before any of that.

Some tools keep a second judgement beside the disposition (Salesloft's sentiment, Aircall's
tags): `combined` lets it raise a talk to a callback or a meeting, never turn a call that
reached nobody into a talk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coach.errors import UsageError
from coach.exchange.callcolumns import normal

NOT_REACHED = "dial"
CONVERSATION = "conversation"
MEETING = "meeting"
CALLBACK = "follow-up"
OUTCOMES = (NOT_REACHED, CONVERSATION, MEETING, CALLBACK)
"""What `--disposition TEXT=OUTCOME` accepts."""

EFFORT_OF: dict[str, tuple[str, ...]] = {
    NOT_REACHED: ("dials",),
    CONVERSATION: ("dials", "conversations"),
    MEETING: ("dials", "conversations", "meetings"),
    CALLBACK: ("dials", "conversations", "follow_ups"),
}
"""The effort kinds one call with each outcome adds (a meeting or a callback needs a talk)."""

_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MEETING, ("meeting booked", "meeting set", "meeting scheduled", "booked meeting",
               "booked a meeting", "demo booked", "demo set", "demo scheduled",
               "appointment set", "appointment booked", "appointment", "booked", "meeting")),
    (NOT_REACHED, ("voicemail", "voice mail", "vm", "left message", "left a message",
                   "no answer", "unanswered", "not answered", "busy", "gatekeeper",
                   "gate keeper", "bad number", "wrong number", "invalid number", "disconnected",
                   "not connected", "no connect", "no contact", "not reached", "unreachable",
                   "not in service", "answering machine", "machine", "fax", "ringing", "missed",
                   "failed", "no pickup", "no pick up", "dropped", "dead line",
                   "left live message", "rejected", "declined", "abandoned",
                   "abandon", "cancelled", "canceled", "dial error", "error", "not available")),
    (CALLBACK, ("callback", "call back", "callback requested", "call back later",
                "follow up", "followup", "call later", "call me later")),
    (CONVERSATION, ("connected", "conversation", "spoke", "spoke with", "talked", "answered",
                    "interested", "not interested", "referral", "referred", "wrong person",
                    "not the right person", "decision maker", "dm reached", "qualified",
                    "not qualified", "no budget", "not a fit", "objection", "hung up",
                    "do not call", "dnc", "live", "pitched", "reached", "accepted",
                    "not now", "bad timing")),
)


def parse_custom(entries: Sequence[str]) -> dict[str, str]:
    """`--disposition TEXT=OUTCOME` options -> {normalised text: outcome}."""
    chosen: dict[str, str] = {}
    for entry in entries:
        text, sep, outcome = entry.rpartition("=")
        outcome = outcome.strip().lower().replace("_", "-")
        outcome = {"followup": CALLBACK, "callback": CALLBACK, "meetings": MEETING,
                   "conversations": CONVERSATION, "dials": NOT_REACHED}.get(outcome, outcome)
        if not sep or not normal(text):
            raise UsageError(f"--disposition '{entry}' needs the form TEXT=OUTCOME, e.g. "
                             "--disposition 'Spoke - DM=conversation'.")
        if outcome not in OUTCOMES:
            raise UsageError(f"--disposition '{entry}': '{outcome}' is not an outcome. "
                             f"Outcomes: {', '.join(OUTCOMES)}.")
        chosen[normal(text)] = outcome
    return chosen


def outcome_of(disposition: str, custom: Mapping[str, str] | None = None) -> str | None:
    """The outcome a disposition names, or None when Coach does not recognise it.

    >>> outcome_of("Left Voicemail"), outcome_of("Connected - Meeting Booked")
    ('dial', 'meeting')
    """
    text = normal(disposition)
    if custom and text in custom:
        return custom[text]
    padded = f" {text} "
    for outcome, phrases in _PHRASES:
        if any(f" {phrase} " in padded for phrase in phrases):
            return outcome
    return None


_RANK = {NOT_REACHED: 0, CONVERSATION: 1, CALLBACK: 2, MEETING: 3}


def combined(outcome: str | None, second: str | None) -> str | None:
    """A call's outcome from its disposition's and a second column's (sentiment, tags).

    The second only ever adds: a meeting in the tags of a connected call makes it a meeting,
    but nothing makes a call the disposition says reached nobody into a talk.

    >>> combined("conversation", "meeting"), combined("dial", "meeting"), combined(None, "dial")
    ('meeting', 'dial', 'dial')
    """
    if second is None or outcome == NOT_REACHED:
        return outcome
    if outcome is None:
        return second
    return max(outcome, second, key=_RANK.__getitem__)
