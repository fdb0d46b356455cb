"""Running the team report's SQL over team exports with DuckDB, in process (the only module
importing duckdb).

The queries live in coach/team/sql/*.sql, so they can be read, reviewed and run unchanged on a
bigger engine (docs/team.md). This module only loads them, binds their parameters and hands
back the small result rows: per rep and week, per rep and cause, never the lines themselves.
DuckDB is an optional extra; `available()` says whether it is installed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from coach.errors import CoachError
from coach.review import teamshare
from coach.store.fields import MAX_COUNT

MEMORY_LIMIT = "1500MB"
"""DuckDB's memory ceiling: under the 2 GB a lead's laptop can spare, with room for Python."""

QUERIES = ("causes", "traps", "slots", "texts", "stages", "objections")
"""The result sets read after the per-rep-week rows, each from the query of that name."""

LIMITS = {"effort_types": list(teamshare.EFFORT_TYPES), "max_count": MAX_COUNT,
          "max_sting": teamshare.MAX_STING, "max_key_chars": teamshare.MAX_KEY_CHARS,
          "max_playbook_chars": teamshare.MAX_PLAYBOOK_CHARS, "max_tags": teamshare.MAX_TAGS,
          "max_answers": teamshare.MAX_ANSWERS, "max_text_chars": teamshare.MAX_TEXT_CHARS,
          "max_line_bytes": teamshare.MAX_LINE_BYTES}
"""The bounds load.sql checks every line against: teamshare's, which the Python reader and the
writer use too, bound as parameters so the SQL holds no number of its own."""

_GLOB = re.compile(r"[\[*?]")


def exact(path: str) -> str:
    """`path` as a DuckDB file pattern that matches that one file: its glob characters each in a
    class of their own (`[d]ana.jsonl` would otherwise read `dana.jsonl`).

    >>> exact("/exports/[d]ana*.jsonl")
    '/exports/[[]d]ana[*].jsonl'
    """
    if "\\" in path and _GLOB.search(path) and os.sep == "/":
        # DuckDB splits a pattern at backslashes too, so no escape keeps such a name whole.
        raise CoachError(f"{path}: the report cannot read a file whose path holds both a "
                         "backslash and one of [ * ?: rename it (or its folder).")
    return _GLOB.sub(lambda found: f"[{found.group()}]", path)


def available() -> bool:
    """Whether DuckDB can be imported (the `team` extra is installed); only the report asks."""
    try:
        import duckdb  # noqa: F401  (the report imports it next anyway)
    except ImportError:
        return False
    return True


def query(name: str) -> str:
    """The text of coach/team/sql/NAME.sql, as shipped in the package."""
    return resources.files("coach.team").joinpath("sql").joinpath(f"{name}.sql").read_text(
        encoding="utf-8")


@dataclass(frozen=True)
class Results:
    """What the SQL found: rows as dictionaries, per result set."""

    problems: tuple[Mapping[str, Any], ...]
    """Exports with a line that breaks a rule, or not exactly one header (nothing else is set)."""
    weeks: tuple[Mapping[str, Any], ...] = ()
    norms: tuple[Mapping[str, Any], ...] = ()
    extra: Mapping[str, tuple[Mapping[str, Any], ...]] | None = None


class EngineError(CoachError):
    """DuckDB refused a file; the message is DuckDB's first line."""


def _rows(cursor: Any) -> tuple[Mapping[str, Any], ...]:
    names = [column[0] for column in cursor.description]
    return tuple(dict(zip(names, row, strict=True)) for row in cursor.fetchall())


def run(files: Sequence[str], since: date, until: date, *, tough: int, quarter_end_days: int,
        texts: int) -> Results:
    """Load every file once, check every line, and run the report's queries over them.

    `files[i]` is rep number i, an absolute path read exactly as named (never as a glob). When
    any line breaks a rule, only `problems` is filled in.
    """
    patterns = [exact(name) for name in files]
    import duckdb

    with tempfile.TemporaryDirectory(prefix="coach-team-") as spill:
        connection = duckdb.connect(config={
            "threads": max(1, os.cpu_count() or 1),
            "memory_limit": MEMORY_LIMIT,
            # Order within a result is set by ORDER BY; not keeping file order saves memory.
            "preserve_insertion_order": False,
            "temp_directory": spill,
            # The report reads the files it is given and nothing else: no extensions loaded
            # from the network, no other files opened by a query.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        })
        try:
            connection.execute("CREATE TEMP TABLE reps (rep_id INTEGER, file VARCHAR)")
            connection.executemany("INSERT INTO reps VALUES (?, ?)", list(enumerate(files)))
            try:
                connection.execute(query("load"), {"files": patterns, **LIMITS})
            except duckdb.Error as error:
                raise EngineError(str(error).splitlines()[0]) from None
            problems = _rows(connection.execute(query("problems")))
            if problems:
                return Results(problems)
            connection.execute(query("scope"), {"since": since, "until": until})
            connection.execute(query("rep_weeks"), {"tough": tough,
                                                    "quarter_end_days": quarter_end_days})
            weeks = _rows(connection.execute(query("weeks")))
            norms = _rows(connection.execute(query("norms")))
            parameters: dict[str, dict[str, Any]] = {"slots": {"tough": tough},
                                                     "texts": {"texts": texts}}
            extra = {name: _rows(connection.execute(query(name), parameters.get(name, {})))
                     for name in QUERIES}
            return Results((), weeks, norms, extra)
        finally:
            connection.close()
