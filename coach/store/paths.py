"""Where the rep's data lives ($COACH_HOME, or the platform's user data folder), its caches, and
its settings file."""

from __future__ import annotations

import os
from pathlib import Path

CACHE = "cache"
"""The cache folder's name inside a data folder that is not the platform's default one."""
CONFIG_FILE = "config.toml"
"""The settings file's name, in the config folder (`config_folder`)."""


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


def config_folder(home: Path) -> Path:
    """The folder of the settings file for the data folder `home`.

    For the platform's data folder it is the platform's per-user config folder
    ($XDG_CONFIG_HOME/coach on Linux, ~/.config/coach by default). Any other data folder
    ($COACH_HOME, or a folder a test or tool opens) keeps config.toml inside itself, so one
    folder holds everything.
    """
    if os.environ.get("COACH_HOME", "").strip() or home != _platform_data_home():
        return home  # (COACH_HOME first: no platformdirs import on a command's start)
    import platformdirs

    return Path(platformdirs.user_config_dir("coach", appauthor=False))


def config_file(home: Path) -> Path:
    """Where the settings belong, and where `coach config set` writes them."""
    return config_folder(home) / CONFIG_FILE


def old_config_file(home: Path) -> Path | None:
    """config.toml in the data folder, where older versions kept it, when it is read from there:
    it exists and the new place (`config_file`) is elsewhere and has no file yet; else None."""
    old, new = home / CONFIG_FILE, config_file(home)
    if old == new or new.exists() or not old.is_file():
        return None
    return old
