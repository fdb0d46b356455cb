"""The rep's settings: config.toml in the platform's config folder (or inside $COACH_HOME), each
key explained and validated (the keys are in configkeys.py).

The file is read with the standard library's TOML reader (tomli before Python 3.11) and written
here: it holds a few short values, so writing them out (quoted and escaped like JSON strings,
which TOML accepts) is simpler and safer than another dependency. Reading never needs the Store,
so `coach help-now` can read the country even when the records are damaged.

Reading is bounded: the file's size, how deeply it nests, how large its numbers are; a file
that breaks a bound or the TOML reader is one ConfigError naming the file and the fix. Setting
or unsetting a key on such a file keeps it aside (config.toml.damaged-<stamp>) and rewrites it
with the settings that could be saved, so the rep is never stuck editing it by hand.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from coach.errors import CoachError, UntrustedPath, UsageError
from coach.permissions import ensure_trusted
from coach.store.configkeys import KEYS as KEYS
from coach.store.configkeys import Key as Key
from coach.store.configkeys import zone_named as zone_named
from coach.store.paths import CONFIG_FILE as CONFIG_FILE
from coach.store.paths import config_file, old_config_file
from coach.store.storage import make_private_folder, write_atomically

MAX_BYTES = 64 * 1024


MAX_DEPTH = 8
"""The settings are flat: a file nested deeper than this is not a Coach config."""
INT_LIMIT = 2 ** 63
"""TOML's integers are 64-bit; a larger number is an error, as the TOML spec asks."""
MAX_LINE = 1024
"""The longest line read when settings are saved from a damaged file."""
REWRITE_FIX = ("`coach config set KEY VALUE` or `coach config unset KEY` keeps it aside and "
               "rewrites it with the settings that can be saved, or fix it by hand")
_SETTING_LINE = re.compile(r"[ \t]*([A-Za-z_]+)[ \t]*=")
_KINDS = {bool: "true or false", int: "a number", float: "a number", dict: "a table",
          list: "a list"}


class ConfigError(CoachError):
    """The config file cannot be read, or a setting is not valid."""


class DamagedConfig(ConfigError):
    """The file as a whole is not readable settings: too big, too deep, not TOML."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} cannot be read: {reason}. To fix it: {REWRITE_FIX}.")
        self.reason = reason


def config_path(home: Path) -> Path:
    """Where the settings are read from: their place (`paths.config_file`), or config.toml in
    the data folder while an older version's file there has not been moved yet."""
    return old_config_file(home) or config_file(home)


def _unknown(key: str) -> UsageError:
    import difflib

    close = difflib.get_close_matches(key, list(KEYS), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
    return UsageError(f"Unknown setting '{key}' ({hint}). `coach config` lists them.")


def _read_bytes(home: Path) -> bytes | None:
    """The file's first MAX_BYTES + 1 bytes, None if there is none; ConfigError if unreadable."""
    path = config_path(home)
    # `coach config` opens no store, so the folder's own trust is checked here.
    ensure_trusted(home, private=True)
    if path.parent != home:
        ensure_trusted(path.parent, private=True)
    try:
        with path.open("rb") as file:
            ensure_trusted(path, os.fstat(file.fileno()))
            return file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror}. To fix it, run: "
                          f"chmod 600 {path}") from None


def _toml(text: str) -> dict[str, Any]:
    """TOML text read by the standard library's reader (imported only when there is a file)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    parsed: dict[str, Any] = tomllib.loads(text)
    return parsed


def _bound_problem(parsed: dict[str, Any]) -> str:
    """What breaks a bound in a parsed file ('' if nothing): its depth, its numbers' size."""
    stack: list[tuple[Any, int]] = [(parsed, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"it is nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, int) and not -INT_LIMIT <= item < INT_LIMIT:
            return "it holds a number larger than 64 bits"
        if isinstance(item, dict):
            stack += [(value, depth + 1) for value in item.values()]
        elif isinstance(item, list):
            stack += [(value, depth + 1) for value in item]
    return ""


def _parsed(path: Path, data: bytes) -> dict[str, Any]:
    """The file's TOML table, within the bounds; DamagedConfig with the reason otherwise."""
    if len(data) > MAX_BYTES:
        raise DamagedConfig(path, f"it is larger than {MAX_BYTES // 1024} KiB")
    try:
        parsed = _toml(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedConfig(path, "it is not UTF-8 text") from None
    except RecursionError:
        raise DamagedConfig(path, "it is nested too deeply") from None
    except ValueError as error:  # the TOML reader's own error is a ValueError too
        if "digits" in str(error) and "integer" in str(error):
            raise DamagedConfig(path, "it holds a number too long to read") from None
        raise DamagedConfig(path, f"it is not valid TOML ({error})") from None
    problem = _bound_problem(parsed)
    if problem:
        raise DamagedConfig(path, problem)
    return parsed


def _checked(key: str, text: str) -> str:
    """A setting's text, checked and made the stored value; UsageError with the fix if not."""
    if any((ord(char) < 32 and char != "\t") or ord(char) == 127 for char in text):
        raise UsageError("the value holds a control character (such as NUL), which no setting "
                         f"can hold; use plain text (`coach config set {key} VALUE`).")
    return KEYS[key].parse(text)


def _value(key: str, value: Any) -> str:
    """The stored value of one setting as the file holds it; UsageError with the fix if bad."""
    if KEYS[key].switch and isinstance(value, bool):
        return KEYS[key].parse("true" if value else "false")
    if not isinstance(value, str):
        kind = _KINDS.get(type(value), "a date or time")
        raise UsageError(f"the value is {kind}, not text: write it in quotes "
                         f"({key} = \"...\") or use `coach config set {key} VALUE`.")
    return _checked(key, value)


def read_config(home: Path, *, invalid: dict[str, str] | None = None) -> dict[str, str]:
    """The known, valid settings in the file ({} if there is none); ConfigError if it is bad.

    Keys this version does not know (a newer Coach may have written them) are left out. With
    `invalid`, a value that does not check out (a zone this computer lacks) is put there,
    keyed by setting, instead of raising, so `coach config unset` can still remove it.
    """
    data = _read_bytes(home)
    if data is None:
        return {}
    path = config_path(home)
    settings: dict[str, str] = {}
    for key, value in _parsed(path, data).items():
        if key not in KEYS:
            continue
        try:
            settings[key] = _value(key, value)
        except UsageError as error:
            if invalid is None:
                raise ConfigError(f"{path}: {key}: {error.message}") from None
            invalid[key] = error.message
    return settings


def configured_zone(home: Path) -> tzinfo | None:
    """The zone the `timezone` setting names, or None when it is unset (ConfigError if bad)."""
    name = read_config(home).get("timezone")
    return zone_named(name) if name else None


def config_findings(home: Path) -> tuple[list[tuple[str, str, bool]], str]:
    """What `coach doctor` says of config.toml: findings as (message, fix, problem), and the
    line saying it is fine ('' when it is not). A folder someone else can change is left to
    the doctor's trust check."""
    path = config_path(home)
    try:
        data = _read_bytes(home)
        if data is None:
            return [], "settings: none set (`coach config` lists them)"
        parsed = _parsed(path, data)
    except DamagedConfig as damage:
        return [(f"{path} cannot be read: {damage.reason}.", REWRITE_FIX, True)], ""
    except UntrustedPath:
        return [], ""
    except ConfigError as error:
        return [(error.message, "", True)], ""
    findings: list[tuple[str, str, bool]] = []
    for key, value in parsed.items():
        if key in KEYS:
            try:
                _value(key, value)
            except UsageError as error:
                findings.append((f"{path}: {key}: {error.message}",
                                 f"coach config set {key} VALUE, or coach config unset {key}",
                                 True))
    unknown = [key for key in parsed if key not in KEYS]
    if unknown:
        findings.append((f"{path} has settings this Coach does not know, so it ignores them: "
                         f"{', '.join(repr(key) for key in unknown[:5])}.",
                         "remove those lines unless a newer Coach wrote them", False))
    return findings, "" if findings else f"settings: {path.name} reads fine ({len(parsed)} set)"


def _salvaged(data: bytes) -> dict[str, str]:
    """The good settings of a file that does not parse as a whole, one line at a time."""
    settings: dict[str, str] = {}
    for raw in data[:MAX_BYTES].split(b"\n"):
        if len(raw) > MAX_LINE:
            continue
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            continue
        if line.startswith("["):
            break  # a table starts: no top-level setting follows
        match = _SETTING_LINE.match(line)
        if match is None or match[1] not in KEYS:
            continue
        try:
            settings[match[1]] = _value(match[1], _toml(line).get(match[1]))
        except (ValueError, RecursionError, UsageError):
            continue
    return settings


def _write(home: Path, settings: dict[str, str]) -> None:
    target = config_file(home)
    make_private_folder(target.parent)
    lines = ["# Coach settings. Change them with `coach config set KEY VALUE`.", ""]
    for key in KEYS:
        if key in settings:
            # A JSON string is a valid TOML basic string: quotes, backslashes and control
            # characters are escaped, and non-ASCII is written as \\u escapes.
            lines.append(f"{key} = {json.dumps(settings[key], ensure_ascii=True)}")
    write_atomically(target, "\n".join(lines) + "\n")


def _keep_aside(path: Path) -> Path:
    """Move the file to config.toml.damaged-<UTC time> beside it, readable by its owner only."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        os.replace(path, aside)
    except OSError as error:
        raise ConfigError(f"Cannot keep {path} aside to rewrite it: {error.strerror}. "
                          "Move or delete it by hand.") from None
    with contextlib.suppress(OSError):
        os.chmod(aside, 0o600)
    return aside


def _rewrite(home: Path, key: str, change: Callable[[dict[str, str], set[str]], bool]
             ) -> tuple[bool, str]:
    """Apply `change` to the good settings (given the names of the bad ones too) and save them
    if it says so: (changed, note). A file that is damaged, or holds anything else the rewrite
    drops, is kept aside first and the note says so in one line ('' if nothing was)."""
    data = _read_bytes(home)
    path = config_path(home)
    settings: dict[str, str] = {}
    bad: set[str] = set()
    why = ""
    try:
        for name, value in (_parsed(path, data) if data is not None else {}).items():
            try:
                if name not in KEYS:
                    raise UsageError("unknown")
                settings[name] = _value(name, value)
            except UsageError:
                bad.add(name)
    except DamagedConfig as damage:
        settings, why = _salvaged(data or b""), f"{path} could not be read ({damage.reason})"
    if bad - {key}:
        why = f"{path} held unknown or invalid settings ({', '.join(sorted(bad - {key}))})"
    changed = change(settings, bad)
    if not changed and not why:
        return False, ""
    note = ""
    if why:
        aside, saved = _keep_aside(path), len(settings)
        note = (f"{why}, so it was kept as {aside.name} and rewritten with the "
                f"{saved} setting{'' if saved == 1 else 's'} that could be saved.")
    _write(home, settings)
    if path != config_file(home):  # an older version's file (or kept aside): moved, once
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        note = " ".join(filter(None, [note, f"Moved your settings from {path} to "
                                             f"{config_file(home)}, where they belong now."]))
    return changed, note


def set_value(home: Path, key: str, text: str) -> tuple[str, str]:
    """Validate and store one setting: the value as stored, and a note ('' or one line) when
    a damaged file was kept aside and rewritten."""
    if key not in KEYS:
        raise _unknown(key)
    value = _checked(key, text)

    def put(settings: dict[str, str], bad: set[str]) -> bool:
        settings[key] = value
        return True

    return value, _rewrite(home, key, put)[1]


def unset_value(home: Path, key: str) -> tuple[bool, str]:
    """Remove one setting: whether it was set (a bad value counts), and a note as `set_value`
    gives."""
    if key not in KEYS:
        raise _unknown(key)
    return _rewrite(home, key, lambda settings, bad: settings.pop(key, None) is not None
                    or key in bad)
