"""Where the rep's data lives ($COACH_HOME, or the platform's user data folder), and its caches."""

from __future__ import annotations

import os
from pathlib import Path

CACHE = "cache"
"""The cache folder's name inside a data folder that is not the platform's default one."""


def _platform_data_home() -> Path:
    import platformdirs  # imported when first asked: `coach --version` never needs it

    return Path(platformdirs.user_data_dir("coach", appauthor=False))


def data_home() -> Path:
    """The data folder: COACH_HOME when set, else the platform's per-user data folder."""
    configured = os.environ.get("COACH_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    return _platform_data_home()


def cache_home(home: Path) -> Path:
    """The folder of disposable caches for the data folder `home`.

    For the platform's data folder it is the platform's cache folder, which backups, syncing and
    exports leave alone. Any other data folder ($COACH_HOME, or a folder a test or tool opens)
    keeps its caches in its own `cache/` subfolder, so two data folders never share a cache.
    """
    if home == _platform_data_home():
        import platformdirs

        return Path(platformdirs.user_cache_dir("coach", appauthor=False))
    return home / CACHE
