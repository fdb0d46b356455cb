"""What every command needs: the streams, the clock, the data folder, the playbooks, the stats."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coach.safetext import safe
from coach.store.paths import data_home
from coach.store.stamps import LOCAL

if TYPE_CHECKING:
    # Imported where used: reading history needs neither the playbooks nor a conversation,
    # and `coach --version` or `--help` not even the store.
    from coach.conversation.session import Face
    from coach.playbook.library import Library
    from coach.store.dropbox import DropBox
    from coach.store.store import Store

RECALLED_REFLECTIONS = 500
"""How many of the newest reflections the up arrow recalls answers from: years of them would
only slow down the first question."""


def local_now() -> datetime:
    """The current time in the system's local zone, with its rules (not just today's offset)."""
    return datetime.now(LOCAL)


@dataclass
class App:
    """The context a command runs in; tests build one with their own streams and clock."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    clock: Callable[[], datetime] = local_now
    home: Path | None = None
    interactive: bool | None = None
    face_factory: Callable[[App], Face] | None = None
    _passphrase: str | None = field(default=None, init=False, repr=False)
    _unlocked_by_agent: bool = field(default=False, init=False, repr=False)
    _drop_box: DropBox | None = field(default=None, init=False, repr=False)
    drafting: str = field(default="", init=False, repr=False)
    """Set while a conversation runs: "kept" (its drafts are saved) or "sealed" (locked: they
    are sealed for the inbox), so Ctrl-C says what became of the answers."""
    keep_passphrase: bool = field(default=False, init=False, repr=False)
    """Set when the passphrase was typed and the rep keeps it in the system keyring."""
    _progress_shown: int = field(default=-1, init=False, repr=False)
    """How many quarters of a digest rebuild have been shown (-1: none yet)."""

    def __post_init__(self) -> None:
        if self.clock is local_now:
            # The real clock runs in the rep's zone; a test's own clock is left as it is.
            self.clock = self._now_in_zone

    def _now_in_zone(self) -> datetime:
        return datetime.now(self.zone)

    @cached_property
    def zone(self) -> tzinfo:
        """The rep's time zone: the `timezone` setting, else the system's (which honours TZ).

        Days begin and times are shown on this zone's clock, with the offset each moment had
        there, so a time from the other side of a daylight-saving change is shown as it was.
        """
        from coach.errors import CoachError, UntrustedPath
        from coach.store.config import configured_zone

        try:
            return configured_zone(self.home or data_home()) or LOCAL
        except UntrustedPath:
            # Said once, with its fix, by whatever opens the folder next; `help-now` must work.
            return LOCAL
        except CoachError as error:
            self.warn(f"{error.message} Using this computer's own time zone for now.")
            return LOCAL

    @cached_property
    def store(self) -> Store:
        from coach.store.store import Store

        home = self.home or data_home()
        self.unlock(home)
        store = Store(home, on_damaged=self.warn, zone=self.clock().tzinfo)
        if self.stderr.isatty():
            store.progress = self._show_progress
        self._take_in_sealed(store)
        return store

    def _take_in_sealed(self, store: Store) -> None:
        """Add what was logged while the folder was locked (coach/store/dropbox.py)."""
        from coach.store.dropbox import boxes

        if not boxes(store.home):
            return
        from coach.store.encryption import box_private_key

        private = box_private_key(store.home)
        if private is not None:
            store.take_in_sealed(private, self.warn)

    def drop_box(self) -> DropBox | None:
        """Where a command that only adds records writes them: a drop box, sealed to the
        folder's public key, when the folder is encrypted and locked (no `coach unlock` agent
        holds its key), so nothing asks for the passphrase; None when the records can go
        straight into the store (a plain folder, or one unlocked already)."""
        from coach.store.encryption import read_key_file

        if self._drop_box is not None or "store" in self.__dict__:
            return self._drop_box
        home = self.home or data_home()
        key_file = read_key_file(home)
        if key_file is None or key_file.box_public is None:
            return None
        if self._passphrase is not None or self._unlock_from_agent(home) is not None:
            return None
        from coach.store.dropbox import DropBox

        self._drop_box = DropBox(home, key_file.box_public)
        return self._drop_box

    def passphrase_at_hand(self) -> bool:
        """Whether the passphrase comes without asking a person: a passphrase command, or the
        keyring setting (the rep chose it)."""
        from coach.commands.passphrase import configured_command, uses_keyring

        home = self.home or data_home()
        return bool(configured_command(home)) or uses_keyring(home)

    def add_effort(self, record: Mapping[str, Any]) -> None:
        """Keep one effort entry: in the store, or sealed while the folder is locked."""
        box = self.drop_box()
        if box is None:
            self.store.add_effort(record)
        else:
            box.add([record])

    def _unlock_from_agent(self, home: Path) -> str | None:
        """Open `home` with the key a `coach unlock` agent keeps; its state, or None."""
        from coach.store.encryption import key_kept, unlock_with_key

        found = key_kept(home)
        if found is None:
            return None
        self._unlocked_by_agent = True
        return unlock_with_key(home, *found)

    def _show_progress(self, done: int, total: int) -> None:
        """One line, growing by quarters, while the week summaries are rebuilt (after an
        upgrade, or when the cache folder was deleted), so a long first run does not look stuck."""
        quarter = 4 * done // max(total, 1)
        if self._progress_shown < 0:
            self.write(f"Bringing the summaries of {total:,} weeks up to date: ", error=True)
            self._progress_shown = 0
        for step in range(self._progress_shown + 1, quarter + 1):
            self.write("done.\n" if step == 4 else f"{step * 25}%... ", error=True)
        self._progress_shown = max(self._progress_shown, quarter)

    def unlock(self, home: Path, *, passphrase_needed: bool = False) -> str | None:
        """Unlock the data folder if it is encrypted: with the key a `coach unlock` agent keeps,
        else asking for its passphrase once (always, when `passphrase_needed`: encrypting,
        decrypting and changing it need the passphrase itself); its encryption state (None:
        plain). The passphrase stays in this process's memory only."""
        from coach.store.encryption import folder_state, unlock

        state = folder_state(home)
        if state is None:
            return None
        if self._passphrase is None and not passphrase_needed:
            if self._unlocked_by_agent:
                return state
            found = self._unlock_from_agent(home)
            if found is not None:
                return found
        if self._passphrase is None:
            from coach.commands.passphrase import passphrase

            self._passphrase = passphrase(self, home)
        state = unlock(home, self._passphrase)
        if self.keep_passphrase:
            # Typed with the passphrase_keyring setting on, and it opened the folder.
            from coach.commands.passphrase import keep_in_keyring

            keep_in_keyring(home, self._passphrase)
            self.keep_passphrase = False
        return state

    @property
    def passphrase(self) -> str | None:
        """The passphrase this process unlocked the folder with, if it did."""
        return self._passphrase

    @cached_property
    def library(self) -> Library:
        """The playbooks, with one warning for each file that had to be left out."""
        library = self.quiet_library
        for problems in library.problems.values():
            if problems:
                # Each problem already starts with the file's path and position.
                self.warn(f"skipped a playbook: {problems[0]} (see `coach playbooks validate`)")
        return library

    @cached_property
    def quiet_library(self) -> Library:
        """The playbooks, without the warnings: for the commands that report problems in full."""
        from coach.permissions import PLAYBOOKS, ensure_playbooks_trusted
        from coach.playbook.cache import cached_library
        from coach.store.cachefile import cache_folder

        if self._drop_box is not None:
            # A locked encrypted folder: its cache is sealed, but the rep's playbooks are plain.
            from coach.playbook.library import load_library

            folder = self._drop_box.home / PLAYBOOKS
            ensure_playbooks_trusted(folder)
            return load_library(folder)
        # Checked before the cache too: a cached copy must not outlive the files' trust.
        ensure_playbooks_trusted(self.store.home / PLAYBOOKS)
        return cached_library(self.store.home / PLAYBOOKS, cache_folder(self.store.home))

    def stats(self) -> dict[str, Any]:
        from coach.review.stats import STATS_WINDOW, recent_first

        # Rules look at today, recent days and the rep's recent rates: the last year at most,
        # and mostly the last two weeks, since years of history must not slow down the first
        # question of a debrief.
        now = self.clock()
        effort = self.store.effort_counts(now - STATS_WINDOW, now)
        stats = recent_first(self.store.summaries, effort, now)
        # The book is read (from the summaries) only when a debrief looks an objection up or the
        # check-in shows a card (review/objections.py).
        from coach.review.objections import ObjectionCard, PreparedAnswers

        book = PreparedAnswers(lambda: self.store.summaries(now - STATS_WINDOW))
        stats["objection_book"] = book
        stats["objection_card"] = ObjectionCard(book, now.date())
        return stats

    @cached_property
    def _text_answers(self) -> dict[str, list[str]]:
        """The rep's text answers of their newest RECALLED_REFLECTIONS reflections, by step."""
        from itertools import islice

        found: dict[str, list[str]] = {}
        newest = list(islice(self.store.each_reflection(), RECALLED_REFLECTIONS))
        for record in reversed(newest):
            for path, entry in (record.get("answers") or {}).items():
                if isinstance(entry, dict) and isinstance(entry.get("answer"), str):
                    found.setdefault(path, []).append(entry["answer"])
        return found

    def past_answers(self, path: str) -> list[str]:
        """The rep's earlier text answers to the step at `path`, oldest first (for the up arrow;
        none while the folder is locked, as they are not read then)."""
        if self._drop_box is not None:
            return []
        return self._text_answers.get(path, [])

    def country(self) -> str:
        """The rep's `country` setting, or "" (unset or unreadable: generic help is shown)."""
        from coach.errors import CoachError
        from coach.store.config import read_config

        try:
            return read_config(self.home or data_home()).get("country", "")
        except CoachError as error:
            self.warn(error.message)
            return ""

    def on_terminal(self) -> bool:
        """Whether a person types at a terminal (of any kind): a line can be asked of them."""
        if self.interactive is not None:
            return self.interactive
        return bool(self.stdin.isatty() and self.stdout.isatty())

    def is_interactive(self) -> bool:
        """Whether the terminal faces can draw: a terminal, and not a dumb one (TERM=dumb, as
        in an editor's shell), which gets the plain lines a pipe gets and no escape sequence."""
        if self.interactive is not None:
            return self.interactive
        import os

        return self.on_terminal() and os.environ.get("TERM") != "dumb"

    def face(self) -> Face:
        if self.face_factory is not None:
            return self.face_factory(self)
        if self.is_interactive():
            # prompt-toolkit loads when the face is first used, and a first question is painted
            # meanwhile (see coach/faces/terminal/starting.py).
            from coach.faces.terminal.starting import StartingFace

            return StartingFace(past_answers=self.past_answers)
        from coach.faces.line import LineFace

        return LineFace(self.stdin, self.stdout)

    def write(self, text: str, error: bool = False) -> None:
        """Send text to stdout (or stderr): the one place a command's output leaves Coach.

        Anything can reach here (a playbook's text, an imported record, a file name), so every
        write is made terminal-safe: no escape sequence gets to the rep's terminal, however the
        text was built. tests/test_escapes.py checks that nothing else in Coach writes.
        """
        stream, text = (self.stderr if error else self.stdout), safe(text)
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # An output that cannot show every character (an ASCII locale, LC_ALL=C): each
            # one it cannot show becomes "?", rather than the command failing half-way.
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "replace").decode(encoding))

    def paged(self, body: Callable[[], int]) -> int:
        """Run a command's `body` with its output through a pager when it goes to a terminal.

        Only the stream changes: everything is still printed through `print` (or written to
        `stdout`), which now leads into the pager.
        """
        import os

        from coach.faces.pager import run_paged

        shown = self.stdout

        def into(stream: TextIO) -> int:
            self.stdout = stream
            try:
                return body()
            finally:
                self.stdout = shown

        return run_paged(shown, os.environ, into)

    def print(self, text: str = "") -> None:
        self.write(text + "\n")

    def warn(self, text: str) -> None:
        self.write(f"coach: {text}\n", error=True)
