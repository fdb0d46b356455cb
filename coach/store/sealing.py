"""Sealed bytes: the AEAD layer under every data, backup, draft and cache file of an encrypted
folder (the only module importing cryptography, and only once a folder is encrypted).

A sealed file is

    MAGIC (b"COACH-SEALED-1\\n") | 12-byte random nonce | AES-256-GCM ciphertext and tag

with a fresh nonce for every write. The associated data names the file's role ("data" for
anything in the data folder, backups included, "cache" for the cache folder), not its path:
backups are byte-for-byte copies that `restore` copies back, so a path-bound file could not be
restored. A cache therefore cannot pass for a record file, but one week's file can be put in
place of another week's undetected (they hold the same kind of thing; docs/privacy.md says so).

This module keeps a per-process registry of unlocked folders: `register` maps a data folder and
its cache folder to the folder's data key, and `coach/store/storage.py` asks `sealed` and
`opened` on every write and read. With nothing registered (the plain case) both return at
once. The registry lives in memory only; the key is never written anywhere in the clear.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import StoreError

MAGIC = b"COACH-SEALED-1\n"
NONCE_BYTES = 12
TAG_BYTES = 16
OVERHEAD = len(MAGIC) + NONCE_BYTES + TAG_BYTES
"""How many bytes sealing adds to a file."""

KEY_FILE = "encryption.json"
PLAIN_NAMES = frozenset({KEY_FILE, "config.toml", ".lock", "backups/last-sweep"})
"""Files of the data folder that stay plain: the key file and settings must be read before the
folder is unlocked (the passphrase command lives in the settings), the lock holds nothing, and
the sweep marker is a date."""
PLAIN_FOLDERS = ("playbooks/", "inbox/")
"""The rep's own playbooks are YAML they edit by hand; they hold no answers. The inbox holds
sealed boxes (coach/store/dropbox.py), sealed to the folder's public key rather than its data
key, and never sealed again."""

ROLE_DATA = b"coach-data-1"
ROLE_CACHE = b"coach-cache-1"
ROLE_EXPORT = b"coach-export-1"
ROLE_STATE = b"coach-state-1"
"""The associated data of the sealed state in the key file (coach/store/encryption.py)."""

ENCRYPTING, ON, DECRYPTING = "encrypting", "on", "decrypting"
STATES = (ENCRYPTING, ON, DECRYPTING)


class SealError(StoreError):
    """Sealed bytes that do not open: damaged, edited, or sealed with another key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def missing_library() -> StoreError:
    """What to say when a folder is encrypted but the cryptography library is not installed."""
    return StoreError('Encryption needs the cryptography library: pip install "coach[encryption]" '
                      "(or: pip install cryptography), then run the command again.")


def require_library() -> None:
    """StoreError saying how to install the cryptography library when it is missing."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise missing_library() from None


def _aead(key: bytes) -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise missing_library() from None
    return AESGCM(key)


def cipher(key: bytes) -> Any:
    """An AES-256-GCM cipher for `key` (for `wrap_box_key` and `unwrap_box_key`)."""
    return _aead(key)


def random_bytes(count: int) -> bytes:
    return os.urandom(count)


def seal_with(cipher: Any, data: bytes, role: bytes) -> bytes:
    """`data` sealed by an AESGCM `cipher`, with a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + bytes(cipher.encrypt(nonce, data, role))


def open_with(cipher: Any, raw: bytes, role: bytes) -> bytes:
    """The plain bytes inside sealed `raw`; SealError if they do not open."""
    from cryptography.exceptions import InvalidTag

    if len(raw) < OVERHEAD or not raw.startswith(MAGIC):
        raise SealError("it is too short to be a sealed file")
    nonce = raw[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return bytes(cipher.decrypt(nonce, raw[len(MAGIC) + NONCE_BYTES:], role))
    except InvalidTag:
        raise SealError("it does not decrypt with this folder's key (damaged, edited, or "
                        "sealed by another folder)") from None


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


# -- key derivation and wrapping ---------------------------------------------------------------

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
"""scrypt's cost: 16 MiB of memory and about 60 ms per unlock (measured on a shared 2-core
machine; 2**15 took 105 ms and 2**17 490 ms).

Every command derives the key once (nothing secret is cached on disk), so each process pays
it. N=2**14, r=8, p=1 is scrypt's recommended setting for interactive logins; 2**15 put
`coach history -n 20` at 1.51x a plain folder, over the 1.5x budget of
benchmarks/bench_encrypted.py. A key file records its own parameters, so a later Coach can
raise them (at the next `coach change-passphrase`) without breaking older folders."""


def scrypt_allowed(n: int, r: int, p: int) -> bool:
    """Whether scrypt settings read from a file are ones Coach itself writes, at most.

    A key file or an export header names its own settings, and whoever wrote the file chose
    them: n=2**20, r=32, p=16 costs 4 GiB and minutes before the passphrase can be refused.
    So nothing above SCRYPT_N, SCRYPT_R and SCRYPT_P is accepted (a later Coach that raises
    them raises these bounds with them), and n must be a power of two, as scrypt needs."""
    return (2 <= n <= SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= SCRYPT_R
            and 1 <= p <= SCRYPT_P)


def derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """The 256-bit key scrypt derives from `passphrase` and `salt` (settings checked first)."""
    if not scrypt_allowed(n, r, p):
        raise SealError(f"its scrypt settings (n={n}, r={r}, p={p}) are above what Coach uses")
    try:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise missing_library() from None
    return bytes(Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8")))


def wrap(wrapping_key: bytes, data_key: bytes, context: bytes) -> bytes:
    return seal_with(_aead(wrapping_key), data_key, context)


def unwrap(wrapping_key: bytes, wrapped: bytes, context: bytes) -> bytes:
    """The data key, or SealError when the passphrase was wrong (the tag does not match)."""
    return open_with(_aead(wrapping_key), wrapped, context)


def seal_state(data_key: bytes, state: str, binding: bytes) -> bytes:
    """The folder's state sealed with its data key, bound to `binding` (the wrapped key)."""
    return seal_with(_aead(data_key), state.encode("utf-8"), ROLE_STATE + binding)


def open_state(data_key: bytes, raw: bytes, binding: bytes) -> str | None:
    """The state `seal_state` sealed in `raw`, or None when it does not open (edited)."""
    try:
        return open_with(_aead(data_key), raw, ROLE_STATE + binding).decode("utf-8")
    except (SealError, UnicodeDecodeError):
        return None


# -- the registry of unlocked folders ----------------------------------------------------------


@dataclass(frozen=True)
class Unlocked:
    """One unlocked folder: its roots, its cipher and its state (which decides the writes)."""

    home: str
    cache: str
    cipher: Any
    state: str

    @property
    def seals_writes(self) -> bool:
        return self.state in (ENCRYPTING, ON)

    @property
    def accepts_plain(self) -> bool:
        return self.state != ON


_UNLOCKED: list[Unlocked] = []


def register(home: Path, cache: Path, data_key: bytes, state: str) -> None:
    """Make reads and writes under `home` and `cache` use `data_key`, as `state` says."""
    forget(home)
    _UNLOCKED.append(Unlocked(_root(home), _root(cache), _aead(data_key), state))


def forget(home: Path) -> None:
    """Drop `home` from the registry (its files are no longer opened or sealed here)."""
    root = _root(home)
    _UNLOCKED[:] = [entry for entry in _UNLOCKED if entry.home != root]


def unlocked(home: Path) -> Unlocked | None:
    root = _root(home)
    return next((entry for entry in _UNLOCKED if entry.home == root), None)


def _root(path: Path) -> str:
    return os.path.join(os.path.abspath(path), "")


def _place(path: Path) -> tuple[Unlocked, bytes] | None:
    """The unlocked folder `path` belongs to and its role there, or None (plain)."""
    where = os.path.abspath(path)
    for entry in _UNLOCKED:
        # The cache folder may sit inside the data folder (home/cache/), so it is asked first.
        if where.startswith(entry.cache):
            return entry, ROLE_CACHE
        if where.startswith(entry.home):
            inside = where[len(entry.home):].replace(os.sep, "/")
            if inside in PLAIN_NAMES or inside.startswith(PLAIN_FOLDERS):
                return None
            return entry, ROLE_DATA
    return None


def seals(path: Path) -> bool:
    """Whether what is written to `path` is sealed (it belongs to an encrypted folder)."""
    if not _UNLOCKED:
        return False
    place = _place(path)
    return place is not None and place[0].seals_writes


def sealed(path: Path, data: bytes) -> bytes:
    """What to write to `path`: `data` sealed when it belongs to an encrypted folder."""
    if not _UNLOCKED:
        return data
    place = _place(path)
    if place is None or not place[0].seals_writes:
        return data
    return seal_with(place[0].cipher, data, place[1])


def opened(path: Path, raw: bytes) -> bytes:
    """The plain content of `raw`, read from `path`; SealError when it cannot be used.

    A sealed file needs its folder unlocked. A plain file in a folder that is fully encrypted
    is refused too: Coach never wrote it, so it is not trusted as a record.
    """
    if not raw.startswith(MAGIC):
        if _UNLOCKED:
            place = _place(path)
            if place is not None and not place[0].accepts_plain:
                raise SealError("it is not encrypted, but its folder is (run `coach encrypt` "
                                "again to seal it, if you put it there)")
        return raw
    place = _place(path) if _UNLOCKED else None
    if place is None:
        raise StoreError(f"{path} is encrypted, and its folder has not been unlocked with its "
                         "passphrase.")
    return open_with(place[0].cipher, raw, place[1])


# -- exports -----------------------------------------------------------------------------------

EXPORT_MAGIC = b"COACH-EXPORT-1\n"


def seal_export(passphrase: str, data: bytes) -> bytes:
    """An export file readable with `passphrase` alone, on any machine, by `coach import`.

    It carries its own salt and scrypt parameters in a plain JSON line, bound to the
    ciphertext as associated data, so it does not depend on the data folder it came from.
    """
    import base64
    import json

    salt = os.urandom(16)
    header = json.dumps({"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                         "salt": base64.b64encode(salt).decode("ascii")}).encode() + b"\n"
    key = derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return EXPORT_MAGIC + header + seal_with(_aead(key), data, ROLE_EXPORT + header)


def is_sealed_export(raw: bytes) -> bool:
    return raw.startswith(EXPORT_MAGIC)


def open_export(passphrase: str, raw: bytes) -> bytes:
    """The plain export inside `raw`; SealError for a wrong passphrase or a damaged file."""
    import base64
    import binascii
    import json

    end = raw.find(b"\n", len(EXPORT_MAGIC))
    header = raw[len(EXPORT_MAGIC):end + 1]
    try:
        fields = json.loads(header)
        salt = base64.b64decode(fields["salt"], validate=True)
        n, r, p = (int(fields[name]) for name in ("n", "r", "p"))
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise SealError("its header is damaged") from None
    if end == -1:
        raise SealError("its header is damaged")
    if not scrypt_allowed(n, r, p):
        raise SealError(f"its header asks for scrypt settings (n={n}, r={r}, p={p}) above "
                        "what Coach writes, so it was not made by Coach")
    try:
        return open_with(_aead(derive(passphrase, salt, n, r, p)), raw[end + 1:],
                         ROLE_EXPORT + header)
    except SealError:
        raise SealError("it does not open with this passphrase (or it is damaged)") from None


# -- sealed boxes: written with the folder's public key, read with its private key -------------

BOX_MAGIC = b"COACH-BOX-1\n"
BOX_CONTEXT = b"coach-box-1"
BOX_KEY_ROLE = b"coach-box-key-1"
"""The associated data of the wrapped private key, followed by the public key it belongs to, so
a public key swapped in the key file no longer matches and is caught at the next unlock."""
X25519_BYTES = 32
BOX_OVERHEAD = len(BOX_MAGIC) + X25519_BYTES + NONCE_BYTES + TAG_BYTES


def new_box_keys() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair, raw: (public, private)."""
    try:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    except ImportError:
        raise missing_library() from None
    private = X25519PrivateKey.generate()
    return _raw_public(private), _raw_private(private)


def _raw_public(private: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(private.public_key().public_bytes(serialization.Encoding.Raw,
                                                   serialization.PublicFormat.Raw))


def _raw_private(private: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(private.private_bytes(serialization.Encoding.Raw,
                                       serialization.PrivateFormat.Raw,
                                       serialization.NoEncryption()))


def wrap_box_key(cipher: Any, public: bytes, private: bytes) -> bytes:
    """The private key sealed with the folder's data key, bound to its public key."""
    return seal_with(cipher, private, BOX_KEY_ROLE + public)


def unwrap_box_key(cipher: Any, public: bytes, wrapped: bytes) -> bytes:
    """The private key; SealError when it does not open or belongs to another public key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = open_with(cipher, wrapped, BOX_KEY_ROLE + public)
    if len(private) != X25519_BYTES or _raw_public(
            X25519PrivateKey.from_private_bytes(private)) != public:
        raise SealError("its public key does not belong to its private key")
    return private


def _box_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return bytes(HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + public,
                      info=BOX_CONTEXT).derive(shared))


def seal_box(public: bytes, data: bytes) -> bytes:
    """`data` sealed so that only the holder of `public`'s private key opens it:

        BOX_MAGIC | ephemeral X25519 public key (32) | nonce (12) | AES-256-GCM ciphertext+tag

    the AES key being HKDF-SHA256 of the X25519 shared secret (salt: the ephemeral and the
    folder's public keys, info: BOX_CONTEXT), the associated data BOX_CONTEXT."""
    try:
        from cryptography.hazmat.primitives.asymmetric.x25519 import (
            X25519PrivateKey,
            X25519PublicKey,
        )
    except ImportError:
        raise missing_library() from None
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    key = _box_key(shared, ephemeral_public, public)
    nonce = os.urandom(NONCE_BYTES)
    return BOX_MAGIC + ephemeral_public + nonce + bytes(
        _aead(key).encrypt(nonce, data, BOX_CONTEXT))


def open_box(private: bytes, raw: bytes) -> bytes:
    """The data inside a sealed box; SealError when it is not one, or not for this key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    if len(raw) < BOX_OVERHEAD or not raw.startswith(BOX_MAGIC):
        raise SealError("it is not a sealed box")
    start = len(BOX_MAGIC)
    ephemeral = raw[start:start + X25519_BYTES]
    nonce = raw[start + X25519_BYTES:start + X25519_BYTES + NONCE_BYTES]
    key_pair = X25519PrivateKey.from_private_bytes(private)
    try:
        shared = key_pair.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        key = _box_key(shared, ephemeral, _raw_public(key_pair))
        return bytes(_aead(key).decrypt(nonce, raw[start + X25519_BYTES + NONCE_BYTES:],
                                        BOX_CONTEXT))
    except (InvalidTag, ValueError):
        raise SealError("it does not open with this folder's key (damaged, or sealed for "
                        "another folder)") from None
