"""`coach encrypt`, `coach decrypt` and `coach change-passphrase`: encryption at rest for the
data folder (coach/store/encryption.py does the work; docs/privacy.md says what it protects)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from coach.commands.app import App
from coach.commands.passphrase import new_passphrase
from coach.errors import CoachError
from coach.store import encryption
from coach.store.paths import data_home
from coach.store.sealing import DECRYPTING, ENCRYPTING, ON
from coach.views.labels import plural


def _require_library() -> None:
    from coach.store.sealing import require_library

    require_library()


def _keep_in_keyring(app: App, home: Path, chosen: str) -> None:
    """With the passphrase_keyring setting, the new passphrase goes to the system keyring."""
    from coach.commands.passphrase import keep_in_keyring, uses_keyring

    if uses_keyring(home):
        keep_in_keyring(home, chosen)
        app.print("Kept the passphrase in your system keyring.")


def encrypt(app: App, args: argparse.Namespace) -> int:
    """Turn encryption on: a snapshot of the records, a key file, then every file sealed."""
    _require_library()
    home = app.home or data_home()
    state = encryption.folder_state(home)
    if state == DECRYPTING:
        raise CoachError("A `coach decrypt` was interrupted: run `coach decrypt` to finish it "
                         "before encrypting again.")
    if state is None:
        chosen = new_passphrase(app, home, args.passphrase_command, configured=True)
        store = app.store  # opens (and migrates) the plain folder, under its own checks
        from coach.store import layout
        from coach.store.backups import take_snapshot

        with store._locked():
            snapshot = take_snapshot(home, layout.data_files(home), "before-encryption",
                                     datetime.now())
        encryption.begin_encryption(home, chosen)
        app._passphrase = chosen
        _keep_in_keyring(app, home, chosen)
        app.print(f"Took a snapshot of your records in {snapshot} (it is encrypted too).")
    else:
        app.unlock(home, passphrase_needed=True)
        if state == ON:
            app.print("Encryption is already on; sealing anything left plain.")
    assert app.passphrase is not None
    sealed = encryption.finish_encryption(home, app.passphrase)
    what = "after an interrupted run" if state == ENCRYPTING else ""
    app.print(f"Encryption is on: sealed {plural(sealed, 'file', 'files')}{' ' + what if what else ''}. "
              "Keep your passphrase safe: without it your records cannot be read.")
    return 0


def decrypt(app: App, args: argparse.Namespace) -> int:
    """Turn encryption off: every file opened in place, then the key file removed."""
    _require_library()
    home = app.home or data_home()
    if encryption.folder_state(home) is None:
        raise CoachError(f"{home} is not encrypted; nothing to do.")
    app.unlock(home, passphrase_needed=True)
    assert app.passphrase is not None
    app.store  # noqa: B018  (opening the store takes in what was logged while locked)
    opened = encryption.decrypt(home, app.passphrase)
    from coach.store import agent

    agent.stop(home)  # its key opens nothing any more
    app.print(f"Encryption is off: {plural(opened, 'file')} written back as plain JSON, "
              "readable only by you.")
    return 0


def change_passphrase(app: App, args: argparse.Namespace) -> int:
    """A new passphrase for the same data key: the key file is rewritten, the records are not."""
    _require_library()
    home = app.home or data_home()
    if encryption.folder_state(home) is None:
        raise CoachError(f"{home} is not encrypted; `coach encrypt` turns encryption on.")
    app.unlock(home, passphrase_needed=True)  # the old one, checked before a new one is asked
    assert app.passphrase is not None
    chosen = new_passphrase(app, home, args.new_passphrase_command, configured=False)
    encryption.change_passphrase(home, app.passphrase, chosen)
    _keep_in_keyring(app, home, chosen)
    app.print("Passphrase changed; the old one no longer opens your records. If a "
              "passphrase command prints it, update what it prints.")
    return 0
