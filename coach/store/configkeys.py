"""The settings Coach knows: what each means, and how a typed value becomes the stored one.

`coach config` lists them in this order; store/config.py reads and writes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from coach.errors import UsageError
from coach.store.countries import country_code


@dataclass(frozen=True)
class Key:
    """One setting: what it means, and how a typed value becomes the stored one."""

    meaning: str
    parse: Callable[[str], str]
    switch: bool = False
    """Whether a TOML true or false is accepted as well as a string."""


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
        switch=True,
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
        switch=True,
    ),
}
