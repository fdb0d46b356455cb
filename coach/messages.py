"""User-facing sentences said in more than one place, worded once here, and `plural()`.

Any layer may import this module (it imports nothing of Coach), so the store, the commands and
the views all point a rep at `coach doctor` in the same words and count things the same way.
"""

from __future__ import annotations

DOCTOR = "`coach doctor`"

DOCTOR_HINT = f"Run {DOCTOR} to see what to do."
"""The end of every error about the data folder that the rep may need help to fix."""

NO_BACKUP_YET = f"There is no backup of it yet. {DOCTOR_HINT}"

DOCTOR_AGAIN = f"Nothing was changed; run the fixes above, then {DOCTOR} again."

NO_REFLECTIONS_YET = "No reflections yet. Start one with `coach debrief`."

DATE_WORDS_HELP = ("YYYY-MM-DD, today, yesterday, 7d, 4w, monday, last month, Q3, jan 15 "
                   "or 2 weeks ago")
"""What `--since` and `--until` accept, for help texts and error messages."""


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 call', '3 calls', '1,200 dials'; `many` when adding an s is wrong.

    >>> plural(1, "entry", "entries"), plural(2, "entry", "entries")
    ('1 entry', '2 entries')
    """
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def restore_hint(backup: object, taken: str) -> str:
    """Where the latest backup of a damaged file is, and where to read how to restore it."""
    return f"The latest backup is {backup} (taken {taken}). {DOCTOR_HINT}"
