"""What a rep shares with their team: the team export's lines, and the checks a reader makes.

A team export (`coach export --team`) is JSON Lines: one header line, then one line per effort
event and one summary line per reflection. Reflections are private, so a summary holds only
what the pattern review counts (the cause, the sting before and after, whether a small win was
named, the thinking trap, where the call died and which common objection it died on) and never
a word the rep typed, unless the rep asks for the text with `--with-text`. A rep may leave the
stings and the thinking traps out (`--leave-out sting,traps`), so rating honestly stays safe. The same module holds the rules every line must follow, so the writer and the
reader of `coach team report` (coach/team/) cannot drift apart; docs/records.md documents them.

Pure: records in, plain dictionaries and problem sentences out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from coach.language.wins import is_small_win
from coach.review.objections import STAGES, common_key, objection_of
from coach.review.patterns import CAUSES
from coach.store import validation
from coach.store.fields import EFFORT_KINDS, MAX_COUNT

FORMAT = "coach-team-export"
"""The header's `format`: what the file is."""

VERSION = 1
"""The header's `version`: the shape of every line, bumped on any change a reader must know."""

MAX_REP_CHARS = 64
"""The longest name a rep may share under."""

EFFORT_TYPES = (*EFFORT_KINDS, "breather")
TRAPS = ("overgeneralising", "fortune_telling", "personalising", "mind_reading",
         "catastrophising", "all_or_nothing", "labelling", "should_statements", "discounting")
"""The thinking traps the built-in debrief offers (and older records hold)."""
STAGE_KEYS = tuple(STAGES)
"""Where a call died, as the debrief stores it (coach/review/objections.py)."""

OTHER = "other"
"""What a cause, trap or objection typed in the rep's own words is shared as: the words stay
private."""

KEYED = ("cause", "thinking_trap", "stage", "objection")
"""The fields a summary line shares as a key (or OTHER): text of at most MAX_KEY_CHARS, or null
(a newer Coach may add keys; an older export has no stage or objection)."""

LEAVE_OUT = {"sting": ("sting_before", "sting_after"), "traps": ("thinking_trap",)}
"""What a rep may leave out of a team export (`--leave-out`), and the fields it empties."""

MAX_STING = 10
"""A sting is a whole number from 0 to this (as coach/store/validation.py checks it)."""
MAX_PLAYBOOK_CHARS = validation.MAX_NAME_CHARS
MAX_TAGS = validation.MAX_TAGS
MAX_TAG_CHARS = validation.MAX_TAG_CHARS
MAX_KEY_CHARS = validation.MAX_TAG_CHARS
"""The longest cause or trap key a reader accepts (a newer Coach may add keys)."""
MAX_ANSWERS = validation.MAX_ANSWERS
MAX_TEXT_CHARS = validation.MAX_LINE_CHARS
"""The longest question or answer text a `--with-text` line may carry."""
MAX_LINE_BYTES = 1024 * 1024
"""A team export line longer than this is refused before it is decoded."""
MAX_LINE_DEPTH = validation.MAX_DEPTH
"""How deeply a line may nest, counting the line's own object (a reflection with its answers
nests 3 levels): checked on the raw bytes, before any JSON parser sees the line."""


def rep_name_problem(name: object) -> str:
    """Why `name` cannot be a rep's shared name, or "" when it can.

    >>> rep_name_problem("dana"), rep_name_problem("")
    ('', 'the name is empty')
    """
    if not isinstance(name, str):
        return "the name is not text"
    if not name.strip():
        return "the name is empty"
    if len(name) > MAX_REP_CHARS:
        return f"the name is {len(name)} characters long (at most {MAX_REP_CHARS})"
    if not name.isprintable():
        return "the name holds a control or invisible character"
    if name != name.strip():
        return "the name starts or ends with a space"
    return ""


def header(rep: str, exported: datetime, since: str | None, with_text: bool,
           left_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The first line of a team export (`left_out`: the LEAVE_OUT names the rep kept back)."""
    return {"format": FORMAT, "version": VERSION, "rep": rep,
            "exported": exported.isoformat(timespec="seconds"), "since": since,
            "with_text": with_text, "left_out": sorted(left_out)}


def _sting(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_STING:
        return value
    return None


def _key(value: object, known: tuple[str, ...]) -> str | None:
    """A cause or trap as shared: a known key, OTHER for the rep's own words, None for none."""
    if not isinstance(value, str) or not value or value == "none":
        return None
    return value if value in known else OTHER


def _objection(record: Mapping[str, Any]) -> str | None:
    """The objection as shared: a common key (also when the rep's words name one), else OTHER."""
    objection = objection_of(record)
    return None if objection is None else common_key(objection) or OTHER


def reflection_line(record: Mapping[str, Any], with_text: bool,
                    left_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One reflection's summary line; with `with_text`, its answers as the rep saw them; the
    fields of each LEAVE_OUT name in `left_out` empty."""
    tags = record.get("tags")
    line: dict[str, Any] = {
        "kind": "reflection",
        "playbook": str(record.get("playbook") or "")[:MAX_PLAYBOOK_CHARS],
        "variant": record.get("variant") if record.get("variant") in ("full", "quick") else None,
        "finished": record.get("finished"),
        "cause": _key(record.get("cause"), CAUSES),
        "sting_before": _sting(record.get("sting_before")),
        "sting_after": _sting(record.get("sting_after")),
        "win": is_small_win(record.get("small_win")),
        "thinking_trap": _key(record.get("thinking_trap"), TRAPS),
        "stage": _key(record.get("stage"), STAGE_KEYS),
        "objection": _objection(record),
        "tags": [str(tag)[:MAX_TAG_CHARS] for tag in tags[:MAX_TAGS] if isinstance(tag, str) and tag]
        if isinstance(tags, list) else [],
    }
    for name in left_out:
        line.update(dict.fromkeys(LEAVE_OUT[name]))
    if with_text:
        answers = record.get("answers")
        line["answers"] = [
            {"question": str(answer.get("question") or "")[:MAX_TEXT_CHARS],
             "answer": str(answer.get("shown") or "")[:MAX_TEXT_CHARS]}
            for answer in (answers.values() if isinstance(answers, Mapping) else ())
            if isinstance(answer, Mapping) and answer.get("answer") is not None
        ][:MAX_ANSWERS]
    return line


def effort_line(event: Mapping[str, Any], with_text: bool) -> dict[str, Any]:
    """One effort event's line; its note (free text) only with `with_text`."""
    line: dict[str, Any] = {"kind": "effort", "type": event.get("type"),
                            "count": event.get("count"), "at": event.get("at")}
    if with_text:
        line["note"] = str(event.get("note") or "")[:MAX_TEXT_CHARS]
    return line


# -- reading: the rules each line follows (coach/team/sql/load.sql checks the same in SQL) -------

def header_problem(line: object) -> str:
    """Why a first line is not a team export header this Coach reads, or ""."""
    if not isinstance(line, Mapping) or line.get("format") != FORMAT:
        return (f"it does not start with a {FORMAT} header (make it with "
                "`coach export --team --as NAME`)")
    version = line.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        return (f"its version is {str(version)[:20]}, and this Coach reads version {VERSION}: "
                "upgrade Coach, or export again")
    problem = rep_name_problem(line.get("rep"))
    if problem:
        return f"its rep name cannot be used: {problem}"
    if not isinstance(line.get("with_text"), bool):
        return "its header does not say whether text is included (with_text)"
    left_out = line.get("left_out", [])  # an export older than --leave-out has none
    if not isinstance(left_out, list) or not all(name in LEAVE_OUT for name in left_out):
        return f"left_out: not a list of {' and '.join(LEAVE_OUT)}"
    return ""


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _text(value: object, longest: int) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= longest)


def line_problem(line: object, stamp_ok: Any) -> str:
    """Why a record line (after the header) cannot be read, or "".

    `stamp_ok` tells a usable timestamp (the store's strict reading); it is passed in so this
    module stays pure.
    """
    if not isinstance(line, Mapping):
        return "it is not a JSON object"
    kind = line.get("kind")
    if kind == "effort":
        if line.get("type") not in EFFORT_TYPES:
            return f"type: not one of {', '.join(EFFORT_TYPES)}"
        if not _whole(line.get("count"), 1, MAX_COUNT):
            return f"count: not a whole number from 1 to {MAX_COUNT}"
        if not stamp_ok(line.get("at")):
            return "at: not an ISO timestamp with a zone offset in 1970-2999"
        return "" if _text(line.get("note"), MAX_TEXT_CHARS) else "note: too long or not text"
    if kind != "reflection":
        if "format" in line:
            return "a second header: each file holds one rep's export"
        return "kind: neither reflection nor effort"
    playbook = line.get("playbook")
    if not isinstance(playbook, str) or not 1 <= len(playbook) <= MAX_PLAYBOOK_CHARS:
        return f"playbook: not text of 1 to {MAX_PLAYBOOK_CHARS} characters"
    if line.get("variant") not in (None, "full", "quick"):
        return "variant: neither full nor quick"
    if not stamp_ok(line.get("finished")):
        return "finished: not an ISO timestamp with a zone offset in 1970-2999"
    for name in ("sting_before", "sting_after"):
        if line.get(name) is not None and not _whole(line.get(name), 0, MAX_STING):
            return f"{name}: not a whole number from 0 to {MAX_STING}"
    if not isinstance(line.get("win"), bool):
        return "win: neither true nor false"
    for name in KEYED:
        if not _text(line.get(name), MAX_KEY_CHARS):
            return f"{name}: too long or not text"
    tags = line.get("tags")
    # Each tag's length is bounded by the line's; a reader checks only how many there are.
    if not isinstance(tags, list) or len(tags) > MAX_TAGS or not all(
            isinstance(tag, str) for tag in tags):
        return f"tags: not a list of at most {MAX_TAGS} texts"
    # Each answer is bounded by the line's length; the report quotes only objects' texts.
    answers = line.get("answers")
    if answers is not None and (not isinstance(answers, list) or len(answers) > MAX_ANSWERS):
        return f"answers: not a list of at most {MAX_ANSWERS} questions and answers"
    return ""
