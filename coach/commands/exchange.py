"""Commands that move records in and out: export, import, and share one reflection."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from pathlib import Path

from coach.commands.app import App
from coach.errors import CoachError
from coach.review.periods import parse_day
from coach.store.importer import read_export
from coach.store.storage import write_atomically
from coach.views.display import safe
from coach.views.export import for_terminal, ordered, render
from coach.views.labels import plural
from coach.views.markdown import reflection_document

_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".md": "md",
             ".markdown": "md"}


def _format_of(args: argparse.Namespace) -> str:
    """--format, else what the -o file name suggests, else JSON Lines."""
    if args.format:
        return str(args.format)
    if args.output:
        return _SUFFIXES.get(Path(args.output).suffix.lower(), "jsonl")
    return "jsonl"


def _target(app: App, name: str, force: bool) -> Path:
    """The -o file, checked: its folder exists, and it is not inside the data folder."""
    target = Path(name).expanduser()
    if target.is_dir():
        raise CoachError(f"{name} is a folder: give a file name, e.g. {Path(name) / 'coach.jsonl'}.")
    if not target.parent.is_dir():
        raise CoachError(f"The folder {target.parent} does not exist: create it or pick another place.")
    home = app.store.home.resolve()
    if home in target.resolve().parents:
        raise CoachError(f"{name} is inside Coach's data folder ({home}); export somewhere else.")
    if target.exists() and not force:
        raise CoachError(f"{name} already exists: pick another name, or add --force to replace it.")
    return target


def export(app: App, args: argparse.Namespace) -> int:
    """`coach export`: every record (or those since a day) in one file or on stdout."""
    kind = _format_of(args)
    target = _target(app, args.output, args.force) if args.output else None
    now = app.clock()
    since = None
    if args.since:
        day = parse_day(args.since, now.date())
        since = datetime.combine(day, time(0), tzinfo=now.tzinfo)
    records = ordered(app.store.reflections(since=since), app.store.effort_events(since=since))
    data = render(kind, records, now, since.date().isoformat() if since else None)
    sealed = app.passphrase is not None and not args.plain
    if target is None and sealed and not app.stdout.isatty():
        raise CoachError("Your records are encrypted: give -o FILE for an export sealed with "
                         "your passphrase, or add --plain to print them as plain text.")
    if target is None:
        # Every format is terminal-safe as rendered; CSV's CRLF becomes LF, like any printed \r.
        app.write(for_terminal(kind, data))
        return 0
    if sealed:
        from coach.store.sealing import seal_export

        assert app.passphrase is not None
        data = seal_export(app.passphrase, data.encode("utf-8") if isinstance(data, str)
                           else data)
    write_atomically(target, data)
    reflections = sum(1 for record in records if record.get("kind") == "reflection")
    how = "encrypted with your passphrase" if sealed else "readable only by you"
    app.print(f"Exported {plural(reflections, 'reflection', 'reflections')} and "
              f"{plural(len(records) - reflections, 'effort entry', 'effort entries')} to "
              f"{target} ({kind}; {how}).")
    return 0


def import_file(app: App, args: argparse.Namespace) -> int:
    """`coach import FILE`: add the records of a json or jsonl export that are not here yet."""
    from coach.commands import calls

    if Path(args.file).suffix.lower() in (".csv", ".tsv"):
        return calls.import_call_log(app, args)
    calls.refuse_call_log_options(args)
    path = Path(args.file)
    records = read_export(path, lambda raw: _opened_export(app, path, raw))
    merged = app.store.add_records(records)
    reflections = sum(1 for record in merged.added if record.get("kind") == "reflection")
    effort = len(merged.added) - reflections
    if merged.added:
        app.print(f"Added {plural(reflections, 'reflection', 'reflections')} and "
                  f"{plural(effort, 'effort entry', 'effort entries')} from {path}.")
    else:
        app.print(f"Nothing new in {path}: you already have every record in it.")
    if merged.already_stored:
        app.print(f"Skipped {plural(merged.already_stored, 'record', 'records')} you already had.")
    if merged.differing:
        shown = ", ".join(record_id[:8] for record_id in merged.differing[:5])
        app.print(f"{plural(len(merged.differing), 'of them differs', 'of them differ')} from "
                  f"your copy ({shown}); yours were kept.")
    return 0


def _opened_export(app: App, path: Path, raw: bytes) -> bytes:
    """An export's text: a sealed export is opened with the passphrase (the folder's own, if
    it is encrypted and unlocked; else from the passphrase command or the terminal)."""
    from coach.store import sealing

    if not sealing.is_sealed_export(raw):
        return raw
    app.store  # noqa: B018 - unlocks an encrypted folder first, so its passphrase is tried
    secret = app.passphrase
    if secret is None:
        from coach.commands.passphrase import passphrase

        secret = passphrase(app, path)
    try:
        return sealing.open_export(secret, raw)
    except sealing.SealError as error:
        raise CoachError(f"{path} is an encrypted export, and {error.reason}. Nothing was "
                         "imported.") from None


def share(app: App, args: argparse.Namespace) -> int:
    """`coach share [ID]`: one reflection (the newest by default) as Markdown, for a mentor."""
    if args.record_id is None:
        newest = next(iter(app.store.reflections()), None)
        if newest is None:
            raise CoachError("Nothing to share yet: finish a debrief first (`coach debrief`).")
        record = newest
    else:
        record = app.store.find_reflection(args.record_id)
    app.print(safe("\n".join(reflection_document(record, app.clock().tzinfo))))
    return 0
