"""Encryption at rest for a data folder: its key file, unlocking it, and turning it on and off.

The folder's records are sealed with a random 256-bit data key (coach/store/sealing.py). That
key is kept in `encryption.json`, wrapped (AES-256-GCM) by a key scrypt derives from the rep's
passphrase and a random salt; the file is plain JSON holding nothing secret in the clear:

    {"format": 1, "state": "on", "cipher": "AES-256-GCM",
     "kdf": {"name": "scrypt", "n": 16384, "r": 8, "p": 1, "salt": "..."},
     "wrapped_key": "...", "state_seal": "...",
     "box_public_key": "...", "box_private_key": "..."}

`state` is "encrypting" while `coach encrypt` runs, "on" once every file is sealed, and
"decrypting" while `coach decrypt` runs. It decides whether plain files are read and whether
writes are sealed, so it is authenticated: `state_seal` is the state sealed with the data key
(bound to the wrapped key), and once the folder is unlocked a state that does not match its
seal is refused. The plain `state` is only a hint for what to do before the passphrase is
known. A key file from before the seal (an older Coach) is accepted only when it says "on",
the strictest state, and is sealed at its next unlock.

The box keys let a command that only adds records write without the passphrase: an X25519 pair
whose public key is in the clear and whose private key is wrapped with the data key, bound to
that public key (coach/store/dropbox.py). A key file without them (an older Coach) gets them at
its next unlock; a public key swapped in the file no longer fits and is refused at unlock.

Each file is converted in one atomic write, and the state is written only when every file is
done, so a conversion killed halfway leaves a folder that opens (reads accept plain and sealed
files until the state is "on") and that the same command, run again, finishes. Changing the passphrase rewraps the data key: one atomic write of
the key file, and no record is touched.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coach.errors import CoachError, StoreError
from coach.store import sealing
from coach.store.locking import FolderLock
from coach.store.paths import cache_home
from coach.store.sealing import DECRYPTING, ENCRYPTING, KEY_FILE, ON, STATES
from coach.store.storage import write_atomically

FORMAT = 1
WRAP_CONTEXT = b"coach-key-wrap-1"
MAX_KEY_FILE = 16 * 1024


class WrongPassphrase(CoachError):
    """The passphrase does not unwrap the folder's key; nothing was changed."""


@dataclass(frozen=True)
class KeyFile:
    """What encryption.json holds."""

    state: str
    n: int
    r: int
    p: int
    salt: bytes
    wrapped: bytes
    state_seal: bytes | None = None
    """The state sealed with the data key; None in a key file of an older Coach."""
    box_public: bytes | None = None
    box_private: bytes | None = None
    """The box keys: the X25519 public key, and its private key wrapped with the data key
    (both None in a key file of an older Coach)."""

    def as_json(self) -> str:
        fields: dict[str, Any] = {
            "format": FORMAT, "state": self.state, "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p,
                    "salt": base64.b64encode(self.salt).decode("ascii")},
            "wrapped_key": base64.b64encode(self.wrapped).decode("ascii")}
        if self.state_seal is not None:
            fields["state_seal"] = base64.b64encode(self.state_seal).decode("ascii")
        if self.box_public is not None and self.box_private is not None:
            fields["box_public_key"] = base64.b64encode(self.box_public).decode("ascii")
            fields["box_private_key"] = base64.b64encode(self.box_private).decode("ascii")
        return json.dumps(fields, indent=2) + "\n"

    @property
    def binding(self) -> bytes:
        """What the state's seal is bound to: the wrapped key, and the box public key, so that
        a public key swapped in the file fails the seal checked at every unlock."""
        return self.wrapped + (self.box_public or b"")

    def in_state(self, state: str, data_key: bytes) -> KeyFile:
        """This key file in `state`, sealed with `data_key`."""
        return replace(self, state=state,
                       state_seal=sealing.seal_state(data_key, state, self.binding))

    def with_box_keys(self, data_key: bytes) -> KeyFile:
        """This key file with a fresh box key pair, the private key wrapped with `data_key`
        (and its state sealed again, bound to the new public key)."""
        public, private = sealing.new_box_keys()
        return replace(self, box_public=public, box_private=sealing.wrap_box_key(
            sealing.cipher(data_key), public, private)).in_state(self.state, data_key)


def key_path(home: Path) -> Path:
    return home / KEY_FILE


def read_key_file(home: Path) -> KeyFile | None:
    """The folder's key file, or None when the folder is not encrypted; StoreError if damaged."""
    path = key_path(home)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_KEY_FILE + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        data: dict[str, Any] = json.loads(raw)
        kdf = data["kdf"]
        seal = data.get("state_seal")
        public, private = data.get("box_public_key"), data.get("box_private_key")
        found = KeyFile(str(data["state"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"]),
                        base64.b64decode(kdf["salt"], validate=True),
                        base64.b64decode(data["wrapped_key"], validate=True),
                        None if seal is None else base64.b64decode(seal, validate=True),
                        None if public is None else base64.b64decode(public, validate=True),
                        None if private is None else base64.b64decode(private, validate=True))
        usable = (len(raw) <= MAX_KEY_FILE and data.get("format") == FORMAT
                  and kdf.get("name") == "scrypt" and found.state in STATES
                  and sealing.scrypt_allowed(found.n, found.r, found.p)
                  and (public is None) == (private is None)
                  and (found.box_public is None
                       or len(found.box_public) == sealing.X25519_BYTES))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        usable = False
    if not usable:
        raise StoreError(f"{path} is damaged, so the encrypted folder cannot be opened. Put "
                         "back a copy of it (it holds no secret in the clear), e.g. from a "
                         "backup of the whole folder.")
    return found


def folder_state(home: Path) -> str | None:
    """'encrypting', 'on' or 'decrypting', or None for a plain folder."""
    found = read_key_file(home)
    return None if found is None else found.state


def _write_key_file(home: Path, key_file: KeyFile) -> None:
    write_atomically(key_path(home), key_file.as_json())


def _wrapping_key(passphrase: str, key_file: KeyFile) -> bytes:
    return sealing.derive(passphrase, key_file.salt, key_file.n, key_file.r, key_file.p)


def _unwrapped(home: Path, key_file: KeyFile, passphrase: str) -> bytes:
    """The folder's data key, unwrapped with the passphrase (its state not yet checked)."""
    try:
        return sealing.unwrap(_wrapping_key(passphrase, key_file), key_file.wrapped,
                              WRAP_CONTEXT)
    except sealing.SealError:
        raise WrongPassphrase(f"That passphrase does not unlock {home}; nothing was changed.",
                              ) from None


def _data_key(home: Path, key_file: KeyFile, passphrase: str) -> bytes:
    """The folder's data key, once the key file's state is found authentic."""
    data_key = _unwrapped(home, key_file, passphrase)
    _check_state(home, key_file, data_key)
    return data_key


def _check_state(home: Path, key_file: KeyFile, data_key: bytes) -> None:
    """StoreError, in one line with its fix, unless the key file's state is the sealed one.

    An edited state must never make Coach write plain text or trust a plain file. Setting it
    back to "on" is always safe: it trusts no plain file, and from there `coach encrypt` seals
    what is left plain and `coach decrypt` opens every file."""
    path = key_path(home)
    said = key_file.state
    if key_file.state_seal is None:
        if said == ON:
            return  # an older Coach's key file, in the strictest state: sealed at unlock
        raise StoreError(f'{path} says "{said}" without the seal Coach puts on it (edited, '
                         'or left by an older Coach stopped halfway), so the folder was not '
                         'opened: set "state" back to "on" in it, then run the stopped `coach '
                         "encrypt` or `coach decrypt` again if there was one.")
    sealed = sealing.open_state(data_key, key_file.state_seal, key_file.binding)
    if sealed is None and key_file.box_public is not None:
        raise StoreError(f'{path} was edited: its "state_seal" does not open with this '
                         'folder\'s key, or its "box_public_key" is not the folder\'s, so the '
                         "folder was not opened; what was logged without "
                         "the passphrase since may be readable by whoever changed it. Delete its "
                         '"box_public_key" and "box_private_key" lines, set "state" to "on" and '
                         'delete its "state_seal" line; then find out who could write to it.')
    if sealed is None or sealed not in STATES:
        raise StoreError(f'{path} was edited: its "state_seal" does not open with this '
                         'folder\'s key, so the folder was not opened. Set "state" to "on" in '
                         'it and delete its "state_seal" line.')
    if sealed != said:
        raise StoreError(f'{path} was edited: it says "{said}", but the folder is "{sealed}", '
                         f'so the folder was not opened. Set "state" back to "{sealed}" in it.')


def _new_key_file(state: str, passphrase: str, data_key: bytes) -> KeyFile:
    salt = sealing.random_bytes(16)
    draft = KeyFile(state, sealing.SCRYPT_N, sealing.SCRYPT_R, sealing.SCRYPT_P, salt, b"")
    wrapped = sealing.wrap(_wrapping_key(passphrase, draft), data_key, WRAP_CONTEXT)
    return KeyFile(state, draft.n, draft.r, draft.p, salt, wrapped).in_state(state, data_key)


def _with_same_box(key_file: KeyFile, old: KeyFile) -> KeyFile:
    """`key_file` keeping `old`'s box keys (they are wrapped with the data key, which stays)."""
    return replace(key_file, box_public=old.box_public, box_private=old.box_private)


def data_key(home: Path, passphrase: str) -> bytes:
    """The data key of the encrypted folder `home` (for `coach unlock` to keep); WrongPassphrase
    if the passphrase does not fit, CoachError if the folder is not encrypted."""
    key_file = read_key_file(home)
    if key_file is None:
        raise CoachError(f"{home} is not encrypted, so there is nothing to unlock.")
    return _data_key(home, key_file, passphrase)


def key_fits(key_file: KeyFile, data_key: bytes) -> bool:
    """Whether `data_key` is the key of the folder whose key file this is (a key an agent kept
    may belong to a folder encrypted again since)."""
    if key_file.state_seal is None:
        return False
    return sealing.open_state(data_key, key_file.state_seal, key_file.binding) is not None


def key_kept(home: Path) -> tuple[KeyFile, bytes] | None:
    """The key file and the data key a `coach unlock` agent keeps for `home`, when it fits."""
    from coach.store import agent

    kept = agent.fetch(home)
    key_file = read_key_file(home) if kept is not None else None
    if kept is None or key_file is None or not key_fits(key_file, kept):
        return None
    return key_file, kept


def unlock(home: Path, passphrase: str) -> str | None:
    """Open the encrypted folder `home` for this process; its state (None: not encrypted).

    WrongPassphrase, and nothing registered or changed, if the passphrase does not fit;
    StoreError if the key file's state was edited (it must match its seal).
    """
    key_file = read_key_file(home)
    if key_file is None:
        return None
    return unlock_with_key(home, key_file, _unwrapped(home, key_file, passphrase))


def unlock_with_key(home: Path, key_file: KeyFile, data_key: bytes) -> str:
    """Open `home` with its data key (from the passphrase, or kept by `coach unlock`), once its
    state and box keys are checked; its state."""
    _check_state(home, key_file, data_key)
    if key_file.state_seal is None or key_file.box_public is None:
        _complete_old_key_file(home, key_file, data_key)
    sealing.register(home, cache_home(home), data_key, key_file.state)
    return key_file.state


def box_private_key(home: Path) -> bytes | None:
    """The private box key of the unlocked folder `home` (None: plain, or no box keys yet)."""
    entry = sealing.unlocked(home)
    key_file = read_key_file(home) if entry is not None else None
    if entry is None or key_file is None or key_file.box_public is None \
            or key_file.box_private is None:
        return None
    return sealing.unwrap_box_key(entry.cipher, key_file.box_public, key_file.box_private)


def _complete_old_key_file(home: Path, key_file: KeyFile, data_key: bytes) -> None:
    """Add what an older Coach's key file lacks (the state's seal, the box keys), if it is
    still the same file.

    Best effort: a folder that cannot be written to still opens, and is completed next time."""
    with contextlib.suppress(StoreError), FolderLock(home / ".lock").held():
        if read_key_file(home) == key_file:
            done = key_file.in_state(key_file.state, data_key)
            if done.box_public is None:
                done = done.with_box_keys(data_key)
            _write_key_file(home, done)


def ensure_unlocked(home: Path) -> None:
    """StoreError unless `home` is plain or unlocked in this process (see the Store)."""
    if sealing.unlocked(home) is None and key_path(home).exists():
        raise StoreError(f"{home} is encrypted: unlock it with its passphrase first.")


def check_unchanged(home: Path) -> None:
    """StoreError if another process encrypted or decrypted `home` since this one opened it.

    Called under the lock before each save, so a conversation left open during `coach encrypt`
    never writes a plain file into an encrypted folder, nor one during `coach decrypt` a sealed
    file into a plain folder.
    """
    entry = sealing.unlocked(home)
    state = folder_state(home) if entry is not None or key_path(home).exists() else None
    sealing_now = state in (ENCRYPTING, ON)
    if entry is None and state is None:
        return
    if entry is None or entry.seals_writes != sealing_now:
        raise StoreError(f"{home} was {'encrypted' if sealing_now else 'decrypted'} by another "
                         "coach while this one was running, so nothing more is saved here; run "
                         "the command again.")


def change_passphrase(home: Path, old: str, new: str) -> None:
    """Rewrap the folder's data key for `new`; records are not touched."""
    key_file = read_key_file(home)
    if key_file is None:
        raise CoachError(f"{home} is not encrypted; `coach encrypt` turns encryption on.")
    data_key = _data_key(home, key_file, old)
    with FolderLock(home / ".lock").held():
        if read_key_file(home) != key_file:
            raise StoreError(f"{key_path(home)} changed while the passphrase was being "
                             "changed; nothing was changed: run the command again.")
        _write_key_file(home, _with_same_box(_new_key_file(key_file.state, new, data_key),
                                             key_file).in_state(key_file.state, data_key))


# -- converting the folder ---------------------------------------------------------------------


def _files(home: Path) -> Iterator[Path]:
    """Every file of the data folder that sealing covers, outside the cache folder."""
    cache = cache_home(home)
    for folder, folders, names in os.walk(home):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if here / name != cache
                            and not (here == home and name in ("playbooks", "inbox")))
        for name in sorted(names):
            path = here / name
            inside = path.relative_to(home).as_posix()
            if inside in sealing.PLAIN_NAMES or path.is_symlink() or not path.is_file():
                continue
            yield path


def _clear_caches(home: Path) -> None:
    """Delete every cache file: they are rebuilt, and they were written with the old setting."""
    cache = cache_home(home)
    for folder, _, names in os.walk(cache):
        for name in names:
            with contextlib.suppress(OSError):
                (Path(folder) / name).unlink()


def _convert(home: Path, seal: bool, progress: Callable[[Path], None] | None) -> int:
    """Seal (or open) every file that is not yet so, each in one atomic write; how many."""
    changed = 0
    entry = sealing.unlocked(home)
    assert entry is not None  # registered by begin_encryption / begin_decryption
    for path in _files(home):
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            # A crashed write's leftover (the lock is held, so no write is running): it may
            # hold plain text, and it is never read.
            path.unlink(missing_ok=True)
            continue
        with path.open("rb") as file:
            raw = file.read()
            status = os.fstat(file.fileno())
        if sealing.is_sealed(raw) == seal:
            continue
        if seal:
            write_atomically(path, raw)  # sealed on its way out: the folder is "encrypting"
        else:
            write_atomically(path, sealing.open_with(entry.cipher, raw, sealing.ROLE_DATA))
        # The backup sweep compares times; a conversion is not a change of the records.
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        changed += 1
        if progress is not None:
            progress(path)
    return changed


def begin_encryption(home: Path, passphrase: str) -> None:
    """Create the key file (state "encrypting") and unlock the folder for the conversion."""
    data_key = sealing.random_bytes(32)
    with FolderLock(home / ".lock").held():
        if read_key_file(home) is not None:
            raise CoachError(f"{home} is already encrypted.")
        _write_key_file(home, _new_key_file(ENCRYPTING, passphrase, data_key)
                        .with_box_keys(data_key))
    sealing.register(home, cache_home(home), data_key, ENCRYPTING)


def finish_encryption(home: Path, passphrase: str,
                      progress: Callable[[Path], None] | None = None) -> int:
    """Seal every file not yet sealed, then mark the folder "on"; how many were sealed.

    Run again after an interruption, it seals what is left."""
    key_file = read_key_file(home)
    if key_file is None or key_file.state == DECRYPTING:
        raise CoachError(f"{home} is not being encrypted.")
    data_key = _data_key(home, key_file, passphrase)
    with FolderLock(home / ".lock").held():
        sealing.register(home, cache_home(home), data_key, ENCRYPTING)
        _clear_caches(home)
        changed = _convert(home, True, progress)
        _write_key_file(home, key_file.in_state(ON, data_key))
        sealing.register(home, cache_home(home), data_key, ON)
    return changed


def decrypt(home: Path, passphrase: str, progress: Callable[[Path], None] | None = None) -> int:
    """Open every sealed file, each in one atomic write, then remove the key file.

    The state is "decrypting" meanwhile, so an interrupted run leaves a folder that opens,
    and running this again finishes it. How many files were opened."""
    key_file = read_key_file(home)
    if key_file is None:
        raise CoachError(f"{home} is not encrypted.")
    data_key = _data_key(home, key_file, passphrase)
    with FolderLock(home / ".lock").held():
        if key_file.state != DECRYPTING:
            _write_key_file(home, key_file.in_state(DECRYPTING, data_key))
        sealing.register(home, cache_home(home), data_key, DECRYPTING)
        _clear_caches(home)
        changed = _convert(home, False, progress)
        key_path(home).unlink()
        sealing.forget(home)
    return changed
