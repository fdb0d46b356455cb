"""The effort a rep logs: the kinds, the words and keys that name them, counts, and the tally.

Effort is the part of a cold-calling day the rep controls, and the raw material for "trust
your averages". This module is pure: the quick tally takes functions that save and remove an
event, so the terminal and the tests drive the same logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coach.errors import CoachError, UsageError
from coach.store.fields import EFFORT_KINDS, MAX_COUNT, MAX_NOTE

ALIASES: dict[str, str] = {
    "dial": "dials", "dials": "dials", "call": "dials", "calls": "dials",
    "conversation": "conversations", "conversations": "conversations", "convo": "conversations",
    "convos": "conversations", "conv": "conversations", "talk": "conversations",
    "talks": "conversations",
    "meeting": "meetings", "meetings": "meetings", "meet": "meetings", "mtg": "meetings",
    "mtgs": "meetings", "booked": "meetings", "booking": "meetings",
    "follow_up": "follow_ups", "follow_ups": "follow_ups", "followup": "follow_ups",
    "followups": "follow_ups", "fu": "follow_ups", "fus": "follow_ups",
    "objection": "objections", "objections": "objections", "obj": "objections",
    "objs": "objections",
}
"""Every word `coach log` accepts for a kind (after lower-casing and turning "-" into "_")."""

TALLY_KEYS: dict[str, str] = {"d": "dials", "c": "conversations", "m": "meetings",
                              "f": "follow_ups", "o": "objections"}
"""The single keys of the quick tally."""

NAMES: dict[str, tuple[str, str]] = {
    "dials": ("dial", "dials"),
    "conversations": ("conversation", "conversations"),
    "meetings": ("meeting booked", "meetings booked"),
    "follow_ups": ("follow-up secured", "follow-ups secured"),
    "objections": ("objection handled", "objections handled"),
}
"""How each kind reads in a sentence: (one, several)."""


def kinds_text() -> str:
    """The kinds, as a user types them."""
    names = [kind.replace("_", "-") for kind in EFFORT_KINDS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def effort_kind(word: str) -> str:
    """The stored kind a word names: dial, Dials, convo, follow-up... -> dials, conversations...

    >>> effort_kind("Follow-Up")
    'follow_ups'
    """
    kind = ALIASES.get(word.strip().lower().replace("-", "_"))
    if kind is None:
        raise UsageError(f"'{word}' is not a kind of effort Coach logs. Log {kinds_text()}, "
                         "e.g. `coach log dials 12`.")
    return kind


def is_effort_kind(word: str) -> bool:
    """True if `word` names a kind of effort."""
    return word.strip().lower().replace("-", "_") in ALIASES


def effort_count(text: str) -> int:
    """A count typed on the command line: a whole number from 1 to MAX_COUNT."""
    try:
        count = int(text.strip())
    except ValueError:
        raise UsageError(f"'{text}' is not a count: give a whole number, e.g. "
                         "`coach log dials 12`.") from None
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"{count:,} is outside 1 to {MAX_COUNT:,}. To take back an entry, use "
                         "`coach log --undo`; for a very big batch, log it in parts.")
    return count


def effort_note(text: str | None) -> str:
    """A note for an event: one line, trimmed, at most MAX_NOTE characters."""
    note = " ".join((text or "").split())
    if len(note) > MAX_NOTE:
        raise UsageError(f"The note is {len(note)} characters long; keep it under {MAX_NOTE}.")
    return note


def counted(kind: str, count: int) -> str:
    """'12 dials', '1 meeting booked'.

    >>> counted("follow_ups", 1)
    '1 follow-up secured'
    """
    one, several = NAMES.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    return f"{count:,} {one if count == 1 else several}"


def totals(events: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many of each kind the events add up to (other types, such as breathers, are ignored)."""
    found = dict.fromkeys(EFFORT_KINDS, 0)
    for event in events:
        kind, count = event.get("type"), event.get("count")
        if kind in found and isinstance(count, int) and not isinstance(count, bool):
            found[str(kind)] += count
    return found


def summary(counts: Mapping[str, int]) -> str:
    """'47 dials, 3 conversations' (kinds with nothing logged are left out)."""
    parts = [counted(kind, counts[kind]) for kind in EFFORT_KINDS if counts.get(kind)]
    return ", ".join(parts) if parts else "nothing logged yet"


@dataclass
class Tally:
    """A quick-tally session: each key logs one event at once, `u` takes back the last one.

    `log(kind)` saves one event and returns it; `unlog(event)` removes a saved one. Undo only
    reaches events logged in this session, so an old entry is never removed by a stray key.
    """

    log: Callable[[str], dict[str, Any]]
    unlog: Callable[[dict[str, Any]], bool]
    today: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EFFORT_KINDS, 0))
    logged: list[dict[str, Any]] = field(default_factory=list)
    message: str = "Press a key for each one as it happens."

    def press(self, key: str) -> None:
        """Handle one key: a kind's key logs one, `u` undoes; anything else is explained."""
        key = key.lower()
        if key in TALLY_KEYS:
            self.add(TALLY_KEYS[key])
        elif key == "u":
            self.undo()
        else:
            self.message = f"'{key}' does nothing here; {self.keys_help()}."

    def add(self, kind: str) -> None:
        try:
            event = self.log(kind)
        except CoachError as error:
            self.message = f"Not saved: {error.message}"
            return
        self.logged.append(event)
        self.today[kind] = self.today.get(kind, 0) + 1
        self.message = f"+1 {NAMES[kind][0]}"

    def undo(self) -> None:
        if not self.logged:
            self.message = "Nothing to undo in this tally."
            return
        event = self.logged[-1]
        try:
            self.unlog(event)
        except CoachError as error:
            self.message = f"Could not undo: {error.message}"
            return
        self.logged.pop()
        kind = str(event.get("type"))
        self.today[kind] = max(0, self.today.get(kind, 0) - 1)
        self.message = f"Took back 1 {NAMES.get(kind, (kind, kind))[0]}."

    def session_count(self, kind: str) -> int:
        """How many of `kind` this tally has logged (after undos)."""
        return sum(1 for event in self.logged if event.get("type") == kind)

    @staticmethod
    def keys_help() -> str:
        keys = ", ".join(f"{key} {NAMES[kind][1]}" for key, kind in TALLY_KEYS.items())
        return f"keys: {keys}; u undo; q quit"

    def lines(self) -> list[str]:
        """What the tally screen shows: the running counts for today and this session."""
        rows = ["Quick tally: one key each time it happens. u undoes, q quits.", ""]
        for key, kind in TALLY_KEYS.items():
            added = self.session_count(kind)
            extra = f"  (+{added} now)" if added else ""
            rows.append(f"  {key}  {NAMES[kind][1]:<20} {self.today.get(kind, 0):>5}{extra}")
        rows += ["", self.message]
        return rows
