"""Commands that move records in and out: export, import, and share one reflection."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from datetime import datetime, time
from itertools import chain
from pathlib import Path
from typing import Any

from coach.commands.app import App
from coach.commands.outputs import output_file
from coach.errors import CoachError, UsageError
from coach.exchange.export import for_terminal, render
from coach.exchange.formats import DEFAULT, by_suffix
from coach.exchange.importer import Export
from coach.review.periods import parse_day
from coach.store.storage import write_atomically
from coach.views.labels import plural
from coach.views.markdown import reflection_document


def _format_of(args: argparse.Namespace) -> str:
    """--format, else what the -o file name suggests, else JSON Lines."""
    if args.format:
        return str(args.format)
    return by_suffix(args.output) if args.output else DEFAULT


def _since(args: argparse.Namespace, now: datetime) -> datetime | None:
    if not args.since:
        return None
    return datetime.combine(parse_day(args.since, now.date()), time(0), tzinfo=now.tzinfo)


def export(app: App, args: argparse.Namespace) -> int:
    """`coach export`: every record (or those since a day) in one file or on stdout."""
    if args.team:
        return team_export(app, args)
    if args.rep is not None or args.with_text or args.leave_out:
        raise UsageError("--as, --with-text and --leave-out go with --team: "
                         "`coach export --team --as NAME`.")
    kind = _format_of(args)
    target = (output_file(args.output, args.force, "coach.jsonl", app.store.home)
              if args.output else None)
    now = app.clock()
    since = _since(args, now)
    store = app.store  # unlocks an encrypted folder, which sets the passphrase
    sealed = app.passphrase is not None and not args.plain
    if target is None and sealed and not app.stdout.isatty():
        raise CoachError("Your records are encrypted: give -o FILE for an export sealed with "
                         "your passphrase, or add --plain to print them as plain text.")
    # A record at a time, oldest first: years of history are never all in memory at once
    # (an export sealed with the passphrase is one message, so it is gathered first).
    counted = {"reflection": 0, "effort": 0}

    def each(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            counted[str(record.get("kind"))] = counted.get(str(record.get("kind")), 0) + 1
            yield record

    reflection_count = sum(1 for _ in store.each_summary(since)) if kind == "md" else 0
    chunks: Iterable[bytes] = render(
        kind, each(store.each_reflection(since, newest_first=False)), reflection_count,
        each(store.each_effort_event(since)), now, since.date().isoformat() if since else None)
    if target is None:
        # Every format is terminal-safe as rendered; CSV's CRLF becomes LF, like any printed \r.
        for chunk in chunks:
            app.write(for_terminal(kind, chunk))
        return 0
    if sealed:
        from coach.store.sealing import seal_export

        assert app.passphrase is not None
        chunks = [seal_export(app.passphrase, b"".join(chunks))]
    write_atomically(target, chunks)
    how = "encrypted with your passphrase" if sealed else "readable only by you"
    app.print(f"Exported {plural(counted['reflection'], 'reflection', 'reflections')} and "
              f"{plural(counted['effort'], 'effort entry', 'effort entries')} to "
              f"{target} ({kind}; {how}).")
    return 0


def team_export(app: App, args: argparse.Namespace) -> int:
    """`coach export --team --as NAME`: what a rep shares with their lead, and nothing more.

    One line says what is and is not shared before anything is written; on the screen it goes
    to stderr, so the JSON Lines on stdout stay clean for a pipe.
    """
    from coach.exchange.export import team_export as render_team
    from coach.review import teamshare

    if args.format:
        raise UsageError("--team writes its own JSON Lines format; leave out --format.")
    if args.rep is None:
        raise UsageError("--team needs the name your lead will see: add --as NAME, e.g. --as dana.")
    problem = teamshare.rep_name_problem(args.rep)
    if problem:
        raise UsageError(f"--as: {problem}. Give a short name on one line, e.g. --as dana.")
    left_out = _left_out(args.leave_out)
    target = (output_file(args.output, args.force, "team.jsonl", app.store.home)
              if args.output else None)
    now = app.clock()
    since = _since(args, now)
    store = app.store
    # Counted first, from the week digests and one pass over the effort, so that the line on
    # what is shared comes before anything is written, and the lines are then made one by one.
    reflections = sum(1 for _ in store.each_summary(since))
    effort = sum(1 for _ in store.each_effort_event(since))
    lines = chain(
        (teamshare.reflection_line(record, args.with_text, left_out)
         for record in store.each_reflection(since, newest_first=False)),
        (teamshare.effort_line(event, args.with_text) for event in store.each_effort_event(since)))
    shared = (f"Sharing {plural(reflections, 'reflection summary', 'reflection summaries')} and "
              f"{plural(effort, 'effort entry', 'effort entries')} as '{args.rep}': "
              f"{_what_is_shared(left_out)}, ")
    shared += ("with your answers and effort notes as you saw them." if args.with_text else
               "no answers or notes (add --with-text to include them).")
    header = teamshare.header(args.rep, now, since.date().isoformat() if since else None,
                              args.with_text, left_out)
    chunks = render_team(header, lines)
    if target is None:
        app.write(shared + "\n", error=True)
        for chunk in chunks:
            app.write(for_terminal(DEFAULT, chunk))
        return 0
    app.print(shared)
    write_atomically(target, chunks)
    app.print(f"Wrote {target} (readable only by you until you send it).")
    return 0


def _left_out(words: str) -> frozenset[str]:
    """The names `--leave-out` gives (teamshare.LEAVE_OUT), or a UsageError naming a wrong one."""
    from coach.review import teamshare

    names = frozenset(word.strip().lower() for word in words.split(",") if word.strip())
    unknown = sorted(names - set(teamshare.LEAVE_OUT))
    if unknown:
        raise UsageError(f"--leave-out: {unknown[0][:40]!r} is not something a team export "
                         f"shares; give {' or '.join(teamshare.LEAVE_OUT)}, e.g. "
                         "--leave-out sting,traps.")
    return names


def _what_is_shared(left_out: frozenset[str]) -> str:
    """The summary fields a team export shares, in words (for the line before it is written)."""
    parts = ["causes", "stings" if "sting" not in left_out else "",
             "thinking traps" if "traps" not in left_out else "", "small wins (yes or no)",
             "where calls died and which common objection"]
    words = ", ".join(part for part in parts if part)
    return words + (f" (left out: {', '.join(sorted(left_out))})" if left_out else "")


def import_file(app: App, args: argparse.Namespace) -> int:
    """`coach import FILE`: add the records of a json or jsonl export that are not here yet."""
    from coach.commands import calls

    if Path(args.file).suffix.lower() in (".csv", ".tsv"):
        return calls.import_call_log(app, args)
    calls.refuse_call_log_options(args)
    path = Path(args.file)
    # Read twice, a record at a time: every record is checked before any is added, and then
    # added a batch at a time under the folder's lock (coach/exchange/importer.py).
    with Export(path, lambda raw: _opened_export(app, path, raw)) as export:
        export.check()
        merged = app.store.add_records(export.records(), keep_added=False)
    reflections = merged.counts.get("reflection", 0)
    effort = merged.counts.get("effort", 0)
    if reflections or effort:
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
        newest = next(app.store.each_reflection(), None)
        if newest is None:
            raise CoachError("Nothing to share yet: finish a debrief first (`coach debrief`).")
        record = newest
    else:
        record = app.store.find_reflection(args.record_id)
    app.print("\n".join(reflection_document(record, app.clock().tzinfo)))
    return 0
