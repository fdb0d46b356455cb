"""`coach unlock`: an encrypted folder's key kept for a while by a small agent, like ssh-agent.

`coach unlock --for 30m` starts this module as its own process (`python -m coach.store.agent`)
and hands it the folder's data key on its standard input, never in its arguments or
environment. The agent holds the key in memory only and answers on a Unix socket that only the
rep's user can reach:

- the socket is in `$XDG_RUNTIME_DIR/coach/` (a per-user folder the system empties at logout),
  else in `coach-UID/` under the temporary folder ($TMPDIR, else /tmp); either folder must be the rep's own and
  closed to everyone else (0700), and the socket is 0600;
- on Linux every caller's user id is checked (SO_PEERCRED) before anything is said.

It forgets the key and exits when the time is up, on `coach lock`, or when its socket is
removed (as at logout, when the runtime folder goes). Each command then asks it for the key in
about a millisecond instead of deriving it from the passphrase (scrypt, some 60 ms).

The requests are one line: `key` (answered with the 32-byte key) and `lock` (answered `ok`,
then the agent exits).
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import sys
import time
import zlib
from pathlib import Path

from coach.errors import StoreError

KEY_BYTES = 32
CONNECT_SECONDS = 0.5
START_SECONDS = 5.0
MAX_SECONDS = 12 * 3600
"""The longest `coach unlock --for` keeps a key: a working day."""


MAX_PATH_BYTES = 100
"""A Unix socket's path must fit in about 104 bytes (108 on Linux); a longer runtime folder
is passed over for the temporary one."""


def _folder() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and _private(Path(runtime)) \
            and len(os.fsencode(runtime)) <= MAX_PATH_BYTES - 32:
        return Path(runtime) / "coach"
    return Path(os.environ.get("TMPDIR") or "/tmp") / f"coach-{os.getuid()}"


def _private(folder: Path) -> bool:
    """Whether `folder` is a real folder (no link) of this user that no one else can open."""
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid()
            and not found.st_mode & 0o077)


def socket_path(home: Path) -> Path:
    """Where the agent of the data folder `home` listens: named by two checksums of its path
    (zlib's, which every command has loaded already; two folders that met on both would only
    find that the key does not fit, and ask for the passphrase)."""
    path = os.fsencode(home.resolve())
    return _folder() / f"{zlib.crc32(path):08x}{zlib.adler32(path):08x}.sock"


def _ask(home: Path, request: bytes, size: int) -> bytes | None:
    """The agent's answer to `request`, or None when no usable agent answers."""
    if os.name != "posix" or not hasattr(socket, "AF_UNIX"):
        return None
    path = socket_path(home)
    if not _private(path.parent):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(CONNECT_SECONDS)
            client.connect(str(path))
            client.sendall(request)
            answer = b""
            while len(answer) < size:
                chunk = client.recv(size - len(answer))
                if not chunk:
                    break
                answer += chunk
            return answer
    except OSError:
        return None


def fetch(home: Path) -> bytes | None:
    """The data key an agent keeps for `home`, or None (no agent, or it did not answer)."""
    answer = _ask(home, b"key\n", KEY_BYTES)
    return answer if answer is not None and len(answer) == KEY_BYTES else None


def stop(home: Path) -> bool:
    """Tell the agent of `home` to forget its key and exit; whether one was running."""
    return _ask(home, b"lock\n", 2) == b"ok"


def start(home: Path, key: bytes, seconds: int) -> None:
    """Start an agent keeping `key` for `seconds` (any earlier one for `home` is stopped)."""
    if not hasattr(socket, "AF_UNIX") or os.name != "posix":
        raise StoreError("`coach unlock` needs Unix sockets, which this system does not offer; "
                         "set passphrase_command instead (docs/privacy.md).")
    import subprocess

    stop(home)
    folder = _folder()
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    if not _private(folder):
        raise StoreError(f"{folder} is not a private folder of yours (it must be 0700 and "
                         "yours), so no key is kept there; remove it and run `coach unlock` "
                         "again.")
    path = socket_path(home)
    process = subprocess.Popen(
        [sys.executable, "-m", "coach.store.agent", str(path), str(seconds)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True)
    assert process.stdin is not None
    process.stdin.write(key)
    process.stdin.close()
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if fetch(home) == key:
            return
        if process.poll() is not None:
            break
        time.sleep(0.02)
    raise StoreError("The unlock agent did not start, so the key is not kept; the folder "
                     "stays locked.")


# -- the agent process ---------------------------------------------------------------------


def _same_user(connection: socket.socket) -> bool:
    peer = getattr(socket, "SO_PEERCRED", None)
    if peer is None:
        return True  # the 0700 folder and the 0600 socket already keep others out
    import struct

    credentials = connection.getsockopt(socket.SOL_SOCKET, peer, struct.calcsize("3i"))
    uid: int = struct.unpack("3i", credentials)[1]
    return uid == os.getuid()


def serve(path: Path, key: bytearray, seconds: int) -> None:
    """Answer on `path` until the time is up, `lock` is asked, or the socket is removed."""
    deadline = time.monotonic() + min(max(seconds, 1), MAX_SECONDS)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    old_mask = os.umask(0o177)
    try:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
    finally:
        os.umask(old_mask)
    inode = os.stat(path).st_ino
    listener.listen(8)
    listener.settimeout(1.0)
    try:
        while time.monotonic() < deadline:
            try:
                if os.stat(path).st_ino != inode:
                    return
            except FileNotFoundError:
                return  # removed: logout emptied the runtime folder, or another agent took over
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                if not _answer(connection, key):
                    return
    finally:
        listener.close()
        for index in range(len(key)):
            key[index] = 0
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == inode:
                path.unlink()


def _answer(connection: socket.socket, key: bytearray) -> bool:
    """Answer one request; False when the agent should exit."""
    connection.settimeout(1.0)
    try:
        if not _same_user(connection):
            return True
        request = connection.recv(16).strip()
        if request == b"key":
            connection.sendall(bytes(key))
        elif request == b"lock":
            connection.sendall(b"ok")
            return False
    except OSError:
        pass
    return True


def main(arguments: list[str]) -> int:
    path, seconds = Path(arguments[0]), int(arguments[1])
    key = bytearray(sys.stdin.buffer.read(KEY_BYTES + 1))
    sys.stdin.close()
    if len(key) != KEY_BYTES:
        return 2
    serve(path, key, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
