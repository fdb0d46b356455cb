"""The cross-process lock held around every change to the data folder (through filelock).

On Unix it is an flock on `.lock`, which the kernel releases when the holding process ends, so
a crash cannot leave it held; a lock held for long belongs to a live process that is stuck.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import StoreError
from coach.messages import DOCTOR_HINT

if TYPE_CHECKING:
    import filelock

TIMEOUT_SECONDS = 10
POLL_SECONDS = 0.005
"""A waiting process otherwise sleeps 50 ms between tries, longer than a whole save takes."""


class FolderLock:
    """The lock of one data folder; re-entrant within a process."""

    def __init__(self, path: Path, timeout: float = TIMEOUT_SECONDS) -> None:
        self.path = path
        self.timeout = timeout
        self._file_lock: filelock.FileLock | None = None

    @property
    def _lock(self) -> filelock.FileLock:
        # filelock is imported at the first change, not when the store opens: a conversation
        # shows its first question before it saves anything.
        if self._file_lock is None:
            import filelock

            self._file_lock = filelock.FileLock(str(self.path), timeout=self.timeout, mode=0o600)
        return self._file_lock

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock, or raise StoreError saying who to look for."""
        import filelock

        try:
            self._lock.acquire(poll_interval=POLL_SECONDS)
        except filelock.Timeout:
            raise StoreError(
                f"Another coach process has held the lock {self.path} for over "
                f"{self.timeout:g}s. If none is running: {DOCTOR_HINT}"
            ) from None
        except OSError as error:
            raise StoreError(f"Cannot lock {self.path}: {error.strerror}. "
                             "Check that the data folder is yours and writable.") from None
        try:
            yield
        finally:
            self._lock.release()

    def is_stuck(self) -> bool:
        """True if another process keeps the lock for the whole timeout (OSError if unusable)."""
        import filelock

        try:
            self._lock.acquire(poll_interval=POLL_SECONDS)
        except filelock.Timeout:
            return True
        self._lock.release()
        return False
