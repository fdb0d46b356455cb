"""Finding the team exports a lead names, and checking them as untrusted files.

Each file must start with a team export header this Coach reads, and no two files may be the
same rep: one file per rep, so no effort is counted twice (docs/team.md). How deeply each line
nests is checked on its bytes first (coach/team/depth.py); the lines after the header are then
checked by the SQL that loads them; when it finds a bad one, `first_problem` reads that file
again here to name the line and what is wrong with it (with teamshare's rules, the same ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.review import teamshare
from coach.store import jsoncodec
from coach.store.validation import strict_stamp
from coach.team import depth

MAX_FILES = 10_000
MAX_FILE_BYTES = 1024 ** 3
"""One rep's export is a few megabytes a year; a file this big is not one."""


@dataclass(frozen=True)
class Export:
    """One rep's export file, as its header describes it."""

    path: Path
    rep: str
    exported: str
    with_text: bool
    left_out: tuple[str, ...] = ()
    """What the rep kept back (`--leave-out`): names of teamshare.LEAVE_OUT."""


def find_exports(paths: Sequence[str]) -> list[Path]:
    """The files named, and the *.jsonl files in the folders named, in a stable order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name).expanduser()
        if path.is_dir():
            found += sorted(child for child in path.glob("*.jsonl") if child.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise CoachError(f"{name} does not exist: give team export files, or folders of "
                             "*.jsonl files.")
        if len(found) > MAX_FILES:
            raise CoachError(f"More than {MAX_FILES:,} files: report on fewer at a time.")
    if not found:
        raise CoachError(f"No *.jsonl files in {', '.join(paths)}: ask each rep for "
                         "`coach export --team --as NAME -o NAME.jsonl`.")
    unique = list(dict.fromkeys(path.resolve() for path in found))
    return unique


def _decoded(raw: bytes) -> object:
    try:
        return jsoncodec.decode(raw)
    except ValueError:
        return ValueError


def read_header(path: Path) -> Export:
    """The header of one export, checked; a CoachError naming the file when it is unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CoachError(f"{path} is {size / 1024 ** 2:,.0f} MB, more than a team export "
                             f"can be ({MAX_FILE_BYTES // 1024 ** 2:,} MB).")
        with path.open("rb") as handle:
            raw = handle.readline(teamshare.MAX_LINE_BYTES + 1)
    except OSError as error:
        raise CoachError(f"{path} cannot be read: {error.strerror or error}.") from None
    if len(raw) > teamshare.MAX_LINE_BYTES:
        raise CoachError(f"{path}, line 1: longer than {teamshare.MAX_LINE_BYTES:,} bytes.")
    line = _decoded(raw) if raw.strip() else None
    if line is ValueError:
        raise CoachError(f"{path}, line 1: not valid JSON, so not a team export header.")
    problem = teamshare.header_problem(line)
    if problem:
        raise CoachError(f"{path}, line 1: {problem}.")
    fields = line if isinstance(line, dict) else {}  # header_problem found it is an object
    return Export(path, str(fields["rep"]), str(fields.get("exported") or "")[:40],
                  bool(fields["with_text"]), tuple(fields.get("left_out", ())))


def check_reps(exports: Sequence[Export]) -> None:
    """One file per rep: the same name twice would count that rep's effort twice."""
    seen: dict[str, Path] = {}
    for export in exports:
        if export.rep in seen:
            raise CoachError(
                f"'{export.rep}' is in two files, {seen[export.rep]} and {export.path}: keep only "
                "the newest export of each rep (or ask one rep to export --as another name).")
        seen[export.rep] = export.path


def _stamp_ok(value: object) -> bool:
    return strict_stamp(value) is not None


def first_problem(path: Path) -> str:
    """The first line after the header that breaks a rule, in words naming file and line."""
    with path.open("rb") as handle:
        handle.readline(teamshare.MAX_LINE_BYTES + 1)
        number = 1
        while True:
            raw = handle.readline(teamshare.MAX_LINE_BYTES + 1)
            number += 1
            if not raw:
                return ""
            if len(raw) > teamshare.MAX_LINE_BYTES:
                return f"{path}, line {number}: longer than {teamshare.MAX_LINE_BYTES:,} bytes."
            if not raw.strip():
                continue
            if depth.too_deep(raw) >= 0:
                return depth.problem(path, number)
            line = _decoded(raw)
            if line is ValueError:
                return f"{path}, line {number}: not valid JSON."
            problem = teamshare.line_problem(line, _stamp_ok)
            if problem:
                return f"{path}, line {number}: {problem}."
