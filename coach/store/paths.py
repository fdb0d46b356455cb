"""Where the rep's data lives: $COACH_HOME, or the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """The data folder: COACH_HOME when set, else the platform's per-user data folder."""
    configured = os.environ.get("COACH_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("coach", appauthor=False))
