"""The rep's settings: config.toml in the data folder, each key explained and validated.

The file is read with the standard library's TOML reader (tomli before Python 3.11) and written
here: it holds a few short values, so writing them out (quoted and escaped like JSON strings,
which TOML accepts) is simpler and safer than another dependency. Reading never needs the Store,
so `coach help-now` can read the country even when the records are damaged.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from coach.errors import CoachError, UsageError
from coach.permissions import ensure_trusted
from coach.store.countries import country_code
from coach.store.storage import make_private_folder, write_atomically

CONFIG_FILE = "config.toml"
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Key:
    """One setting: what it means, and how a typed value becomes the stored one."""

    meaning: str
    parse: Callable[[str], str]


def _country(text: str) -> str:
    code = country_code(text)
    if code is None:
        raise UsageError(
            f"'{text}' is not a country code. Use the two-letter ISO 3166 code of the country "
            "you are in, such as US, GB, IE, AU, NZ, CA or DE (search 'ISO 3166 country codes' "
            "or see https://www.iso.org/obp/ui/#search to find yours)."
        )
    return code


def _switch(text: str) -> str:
    words = {"true": "true", "yes": "true", "on": "true", "1": "true",
             "false": "false", "no": "false", "off": "false", "0": "false"}
    value = words.get(text.strip().lower())
    if value is None:
        raise UsageError(f"'{text}' is not true or false. Use true or false (yes/no, on/off).")
    return value


def zone_named(name: str) -> tzinfo:
    """The time zone a tz database name such as Europe/Berlin names; UsageError if none does.

    On a system without its own zone files (Windows), the `tzdata` package provides them.
    """
    import zoneinfo

    text = name.strip()
    try:
        return zoneinfo.ZoneInfo(text)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        pass
    try:
        known = zoneinfo.available_timezones()
    except OSError:
        known = set()
    by_case = {zone.lower(): zone for zone in known}
    import difflib  # only for a mistake: every command reads the settings, few get one wrong

    close = [by_case[text.lower()]] if text.lower() in by_case else difflib.get_close_matches(
        text, sorted(known), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise UsageError(
        f"'{text}' is not a time zone Coach knows.{hint} Use a tz database name such as "
        "Europe/Berlin, America/New_York or Australia/Sydney, or `coach config unset timezone` "
        "to go back to this computer's own zone.")


def _timezone(text: str) -> str:
    zone_named(text)
    return text.strip()


def _command(text: str) -> str:
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as error:
        raise UsageError(f"'{text}' is not a command line Coach can split ({error}).") from None
    if not words:
        raise UsageError("Give the command that prints your passphrase, e.g. 'pass show coach'.")
    return text.strip()


def _yes_no(text: str) -> str:
    word = text.strip().lower()
    if word in ("yes", "on", "true", "1"):
        return "yes"
    if word in ("no", "off", "false", "0"):
        return "no"
    raise UsageError(f"'{text}' is not yes or no.")


KEYS: dict[str, Key] = {
    "country": Key(
        "where you are, as a two-letter ISO 3166 code (e.g. US, GB, AU); picks the help lines "
        "that `coach help-now` and the coach show. Unset: findahelpline.com and your local "
        "emergency number.",
        _country,
    ),
    "pager": Key(
        "whether long output (history, show, patterns, report --md) opens in a pager on a "
        "terminal: true or false. Unset: true. $COACH_PAGER, else $PAGER, names the pager; "
        "the default is less.",
        _switch,
    ),
    "timezone": Key(
        "the time zone your day runs in, as a tz database name (e.g. Europe/Berlin, "
        "America/Chicago); decides when your day starts and how times are shown. Unset: this "
        "computer's own zone (or the TZ environment variable).",
        _timezone,
    ),
    "passphrase_command": Key(
        "a command that prints the passphrase of your encrypted data folder on its first line, "
        "e.g. a password manager's `pass show coach`; run without a shell, for at most 30 "
        "seconds. $COACH_PASSPHRASE_COMMAND wins over it. Unset: Coach asks on the terminal "
        "(see docs/privacy.md).",
        _command,
    ),
    "passphrase_keyring": Key(
        "yes: keep the passphrase of your encrypted data folder in your system's keyring "
        "(macOS Keychain, Windows Credential Manager, the Secret Service on Linux) and take it "
        "from there; needs pip install \"coach[keyring]\". A passphrase command wins over it.",
        _yes_no,
    ),
}


class ConfigError(CoachError):
    """The config file cannot be read, or a setting is not valid."""


def config_path(home: Path) -> Path:
    """Where the settings file is."""
    return home / CONFIG_FILE


def _unknown(key: str) -> UsageError:
    import difflib

    close = difflib.get_close_matches(key, list(KEYS), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
    return UsageError(f"Unknown setting '{key}' ({hint}). `coach config` lists them.")


def read_config(home: Path, *, invalid: dict[str, str] | None = None) -> dict[str, str]:
    """The known, valid settings in the file ({} if there is none); ConfigError if it is bad.

    Keys this version does not know (a newer Coach may have written them) are left out. With
    `invalid`, a value that does not check out (a zone this computer lacks) is put there,
    keyed by setting, instead of raising, so `coach config unset` can still remove it.
    """
    path = config_path(home)
    # `coach config` opens no store, so the folder's own trust is checked here.
    ensure_trusted(home, private=True)
    try:
        with path.open("rb") as file:
            ensure_trusted(path, os.fstat(file.fileno()))
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror}.") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path} is larger than {MAX_BYTES // 1024} KiB; it is not a config.")
    # Imported only once there is a file to read: most commands find none.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        parsed: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            f"{path} is not valid TOML ({error}). Fix it, or delete it and use "
            "`coach config set`."
        ) from None
    settings: dict[str, str] = {}
    for key, value in parsed.items():
        if key not in KEYS:
            continue
        try:
            settings[key] = KEYS[key].parse(str(value))
        except UsageError as error:
            if invalid is None:
                raise ConfigError(f"{path}: {key}: {error.message}") from None
            invalid[key] = error.message
    return settings


def configured_zone(home: Path) -> tzinfo | None:
    """The zone the `timezone` setting names, or None when it is unset (ConfigError if bad)."""
    name = read_config(home).get("timezone")
    return zone_named(name) if name else None


def _write(home: Path, settings: dict[str, str]) -> None:
    make_private_folder(home)
    lines = ["# Coach settings. Change them with `coach config set KEY VALUE`.", ""]
    for key in KEYS:
        if key in settings:
            # A JSON string is a valid TOML basic string: quotes, backslashes and control
            # characters are escaped, and non-ASCII is written as \\u escapes.
            lines.append(f"{key} = {json.dumps(settings[key], ensure_ascii=True)}")
    write_atomically(config_path(home), "\n".join(lines) + "\n")


def set_value(home: Path, key: str, text: str) -> str:
    """Validate and store one setting; the value as stored."""
    if key not in KEYS:
        raise _unknown(key)
    value = KEYS[key].parse(text)
    settings = read_config(home, invalid={})  # a bad value of another key is dropped
    settings[key] = value
    _write(home, settings)
    return value


def unset_value(home: Path, key: str) -> bool:
    """Remove one setting; False if it was not set."""
    if key not in KEYS:
        raise _unknown(key)
    invalid: dict[str, str] = {}
    settings = read_config(home, invalid=invalid)
    if key not in settings and key not in invalid:
        return False
    settings.pop(key, None)
    _write(home, settings)
    return True
