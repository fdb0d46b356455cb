"""A keyring backend for the tests: a real `keyring` backend class, kept in a JSON file named
by $COACH_TEST_KEYRING, standing in for the OS keyring that test machines do not have. The
keyring library loads it through its own PYTHON_KEYRING_BACKEND setting."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["COACH_TEST_KEYRING"])

    def _entries(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        entries.pop(f"{service}\n{username}", None)
        self._path().write_text(json.dumps(entries))
