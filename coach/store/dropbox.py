"""Adding records to an encrypted folder without its passphrase, and taking them in once it opens.

A command that only adds (an effort entry, a tally's key presses, a call log's calls, a debrief
and its drafts) writes its records as one sealed box (coach/store/sealing.py: X25519 to the folder's public key, then
AES-256-GCM) in `inbox/`, in one atomic write, so no passphrase is asked and nothing stored is
read. Only the private key opens a box, and it is wrapped with the folder's data key: reading
still needs the passphrase (or `coach unlock`).

When the folder is next opened with its key, `take_in` adds each box's records through the
store's import path (validated, matched by id, so a record already there is not added twice)
and then deletes the box. A run killed in between adds nothing twice: the next one finds the
records already stored and only deletes the box. A box that does not open or holds something
that is not a record is moved to `inbox/refused/` with a one-line warning, never read again.

Box file names hold the time they were written and a random tail, nothing about the records.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.store import jsoncodec, sealing
from coach.store.storage import make_private_folder, write_atomically
from coach.store.validation import problems

INBOX = "inbox"
REFUSED = "refused"
SUFFIX = ".box"
MAX_BOX_BYTES = 256 * 1024 * 1024
"""A box is one command's records; a call log of a year is tens of megabytes."""


def inbox(home: Path) -> Path:
    return home / INBOX


def boxes(home: Path) -> list[Path]:
    """The boxes waiting in `home`'s inbox, oldest first."""
    folder = inbox(home)
    try:
        names = sorted(entry.name for entry in os.scandir(folder)
                       if entry.is_file(follow_symlinks=False) and entry.name.endswith(SUFFIX))
    except FileNotFoundError:
        return []
    return [folder / name for name in names]


@dataclass
class DropBox:
    """Writes records for the encrypted folder `home`, sealed to its public key."""

    home: Path
    public: bytes
    written: list[Path] = field(default_factory=list)

    def add(self, records: Iterable[Mapping[str, Any]]) -> Path:
        """Seal `records` (JSON Lines) into one new box; its path."""
        data = b"".join(jsoncodec.encode(dict(record)) + b"\n" for record in records)
        folder = inbox(self.home)
        make_private_folder(folder)
        path = folder / f"{time.time_ns():020d}-{secrets.token_hex(4)}{SUFFIX}"
        write_atomically(path, sealing.seal_box(self.public, data))
        self.written.append(path)
        return path

    def take_back(self, path: Path) -> bool:
        """Remove a box this drop box wrote (a tally's undo); False if it is gone already."""
        if path not in self.written:
            return False
        self.written.remove(path)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True


class SealedKeeping:
    """What a conversation keeps while its folder is locked (a debrief run without the
    passphrase): every save sealed into the inbox; the rotation of replies starts afresh and
    is not counted. Each answer's draft replaces the box of the one before, so a conversation
    killed halfway leaves its latest draft, to resume once the folder is unlocked."""

    def __init__(self, box: DropBox) -> None:
        self.box = box
        self._drafts: dict[str, Path] = {}

    def response_counts(self) -> dict[str, int]:
        return {}

    def count_responses(self, keys: Iterable[str]) -> None:
        """Not counted while locked: the counts live in the sealed state file."""

    def save_draft(self, draft: Mapping[str, Any]) -> None:
        draft_id = str(draft.get("id"))
        earlier = self._drafts.get(draft_id)
        self._drafts[draft_id] = self.box.add([{**draft, "kind": "draft"}])
        if earlier is not None:
            self.box.take_back(earlier)

    def delete_draft(self, draft_id: str) -> None:
        earlier = self._drafts.pop(draft_id, None)
        if earlier is not None:
            self.box.take_back(earlier)

    def add_reflection(self, record: Mapping[str, Any]) -> None:
        self.box.add([record])

    def add_effort(self, record: Mapping[str, Any]) -> None:
        self.box.add([record])


def records_in(private: bytes, path: Path) -> list[dict[str, Any]]:
    """The records inside one box; SealError or StoreError when it cannot be used."""
    with path.open("rb") as file:
        raw = file.read(MAX_BOX_BYTES + 1)
    if len(raw) > MAX_BOX_BYTES:
        raise StoreError(f"it is larger than {MAX_BOX_BYTES // 1024 ** 2} MB")
    found = []
    for number, line in enumerate(sealing.open_box(private, raw).splitlines(), 1):
        record = jsoncodec.decode(line) if line.strip() else None
        if isinstance(record, dict) and record.get("kind") == "draft":
            if not isinstance(record.get("id"), str) or not isinstance(record.get("playbook"), str):
                raise StoreError(f"its line {number} is a draft without an id or a playbook")
            found.append(record)
            continue
        if not isinstance(record, dict) or record.get("kind") not in ("reflection", "effort"):
            raise StoreError(f"its line {number} is not a reflection, an effort entry or a "
                             "draft")
        wrong = problems(record)
        if wrong:
            raise StoreError(f"its line {number} breaks the record rules: {wrong[0]}")
        found.append(record)
    return found


def take_in(home: Path, private: bytes, add: Callable[[list[dict[str, Any]]], object],
            warn: Callable[[str], None]) -> int:
    """Add the records of every waiting box with `add` (the store's import), then delete the
    boxes; how many were taken in. Call it holding the folder's lock.

    All the boxes go in one `add`, so a day of tally presses costs one write per week file;
    should that batch fail, each box is tried on its own, so one bad box holds back no other."""
    readable: list[tuple[Path, list[dict[str, Any]]]] = []
    for path in boxes(home):
        try:
            readable.append((path, records_in(private, path)))
        except (sealing.SealError, StoreError, ValueError, OSError) as error:
            _refuse(home, path, error, warn)
    try:
        add([record for _, records in readable for record in records])
    except StoreError:
        taken = 0
        for path, records in readable:
            try:
                add(records)
            except StoreError as error:
                _refuse(home, path, error, warn)
                continue
            path.unlink(missing_ok=True)
            taken += 1
        return taken
    for path, _ in readable:
        path.unlink(missing_ok=True)
    return len(readable)


def _refuse(home: Path, path: Path, error: Exception, warn: Callable[[str], None]) -> None:
    """Move a box that cannot be taken in aside, and say so once."""
    aside = inbox(home) / REFUSED
    make_private_folder(aside)
    try:
        os.replace(path, aside / path.name)
    except OSError:
        return
    reason = getattr(error, "message", None) or getattr(error, "reason", None) or str(error)
    warn(f"{path.name} in {inbox(home)} was not taken in ({reason}); it is kept in {aside}, "
         "and nothing was added from it.")
