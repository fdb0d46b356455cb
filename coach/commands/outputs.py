"""The one check of a file a command was asked to write (`export -o`, `report --html` and
`--md -o`, `callbacks --ics`, `team report --html`), made before anything is written.

One convention everywhere: a folder, a missing folder or a place inside Coach's data folder is
refused with what to do instead, and an existing file is replaced only with --force, never
silently.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachError


def output_file(name: str | Path, force: bool, example: str, home: Path | None = None) -> Path:
    """The file to write, checked; `example` is a file name to suggest ("report.html")."""
    target = Path(name).expanduser()
    if target.is_dir():
        raise CoachError(f"{name} is a folder: give a file name, e.g. {Path(name) / example}.")
    if not target.parent.is_dir():
        raise CoachError(f"The folder {target.parent} does not exist: create it or pick another "
                         "place.")
    if home is not None and home.resolve() in target.resolve().parents:
        raise CoachError(f"{name} is inside Coach's data folder ({home}); write it somewhere else.")
    if target.exists() and not force:
        raise CoachError(f"{name} already exists: pick another name, or add --force to replace it.")
    return target
