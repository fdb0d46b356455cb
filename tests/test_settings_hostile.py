"""config.toml against hostile content: nesting 20,000 deep, a 5,000-digit number, a NUL, a
value of the wrong type. Each is one settings error naming the file and the fix, never an
unexpected error; `coach doctor` finds it; `coach config set` and `unset` repair it, keeping
the damaged file aside."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from conftest import run_coach

from coach.store.config import MAX_DEPTH, ConfigError, read_config

DEEP = "country = \"GB\"\npager = false\nx = " + "[" * 20_000 + "]" * 20_000 + "\n"
LONG_NUMBER = "country = \"GB\"\npager = false\nx = " + "7" * 5_000 + "\n"


def _config(home: Path, text: str) -> Path:
    """A data folder whose config.toml holds `text`, private as Coach keeps it."""
    assert run_coach(home, "config", "set", "country", "GB").returncode == 0
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def _one_settings_error(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "unexpected" not in result.stderr.lower(), result.stderr
    for part in ("config.toml", *parts):
        assert part in result.stderr, result.stderr


def _aside(home: Path) -> list[Path]:
    return sorted(home.glob("config.toml.damaged-*"))


@pytest.mark.parametrize("text", [DEEP, LONG_NUMBER], ids=["deep", "long-number"])
def test_a_damaged_config_is_one_settings_error_and_commands_still_run(
        home: Path, text: str) -> None:
    _config(home, text)
    shown = run_coach(home, "config")
    assert shown.returncode == 1
    _one_settings_error(shown, "cannot be read", "coach config set", "coach config unset")
    history = run_coach(home, "history")  # reads the time zone setting, warns, and goes on
    assert history.returncode == 0, history.stderr
    _one_settings_error(history, "coach config set")


@pytest.mark.parametrize("text", [DEEP, LONG_NUMBER], ids=["deep", "long-number"])
def test_unset_on_a_damaged_config_keeps_it_aside_and_saves_the_good_settings(
        home: Path, text: str) -> None:
    path = _config(home, text)
    result = run_coach(home, "config", "unset", "pager")
    assert result.returncode == 0, result.stderr
    note, said = result.stdout.splitlines()
    assert "could not be read" in note and "config.toml.damaged-" in note
    assert "1 setting that could be saved" in note
    assert said == "pager is no longer set."
    (aside,) = _aside(home)
    assert aside.read_text(encoding="utf-8") == text  # exactly what was there
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert read_config(home) == {"country": "GB"}
    assert "x =" not in path.read_text(encoding="utf-8")


def test_set_on_a_damaged_config_keeps_it_aside_and_sets_the_value(home: Path) -> None:
    _config(home, LONG_NUMBER)
    result = run_coach(home, "config", "set", "country", "IE")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2 and "kept as config.toml.damaged-" in result.stdout
    assert len(_aside(home)) == 1
    assert read_config(home) == {"country": "IE", "pager": "false"}
    again = run_coach(home, "config", "set", "country", "GB")  # nothing more is kept aside
    assert again.stdout == "country = GB\n" and len(_aside(home)) == 1


def test_a_file_that_is_not_toml_is_rewritten_from_the_lines_that_are(home: Path) -> None:
    _config(home, 'country = "NZ"\ntimezone = "Europe/Berlin\npager = "no"\n[table\n')
    result = run_coach(home, "config", "unset", "country")
    assert result.returncode == 0, result.stderr
    assert read_config(home) == {"pager": "false"}  # the unclosed timezone is not a setting


@pytest.mark.parametrize(("line", "part"), [
    ('passphrase_command = "pass\\u0000show coach"', "control character"),
    ("passphrase_command = 5", "not text"),
    ('passphrase_command = ["pass", "show"]', "not text"),
    ("country = { code = \"GB\" }", "not text"),
    ("timezone = 1979-05-27", "not text"),
], ids=["nul", "number", "list", "table", "date"])
def test_a_nul_or_a_value_that_is_not_text_is_a_settings_error(
        home: Path, line: str, part: str) -> None:
    _config(home, line + "\n")
    key = line.split()[0]
    result = run_coach(home, "config")
    assert result.returncode == 1
    _one_settings_error(result, key, part, f"coach config set {key}")
    fixed = run_coach(home, "config", "unset", key)  # the fix works, without a copy kept
    assert fixed.stdout == f"{key} is no longer set.\n", fixed.stderr
    assert _aside(home) == [] and read_config(home) == {}


def test_switches_may_be_toml_booleans(home: Path) -> None:
    _config(home, "pager = false\npassphrase_keyring = true\n")
    assert read_config(home) == {"pager": "false", "passphrase_keyring": "yes"}


def test_set_keeps_aside_a_file_whose_other_values_it_drops(home: Path) -> None:
    _config(home, 'country = "GB"\npassphrase_command = 5\nnewer_setting = "x"\n')
    result = run_coach(home, "config", "set", "pager", "off")
    assert result.returncode == 0, result.stderr
    assert "passphrase_command" in result.stdout and "newer_setting" in result.stdout
    assert len(_aside(home)) == 1
    assert read_config(home) == {"country": "GB", "pager": "false"}


def test_reading_is_bounded_in_depth_and_number_size(home: Path) -> None:
    _config(home, "x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    with pytest.raises(ConfigError, match="nested more than"):
        read_config(home)
    _config(home, f"x = {2 ** 63}\n")
    with pytest.raises(ConfigError, match="64 bits"):
        read_config(home)


def test_doctor_checks_the_config(home: Path) -> None:
    _config(home, DEEP)
    damaged = run_coach(home, "doctor")
    assert damaged.returncode == 1
    assert "PROBLEM  " in damaged.stdout and "config.toml cannot be read" in damaged.stdout
    assert "coach config set KEY VALUE" in damaged.stdout
    _config(home, 'country = "GB"\npassphrase_command = 5\nnewer_setting = "x"\n')
    typed = run_coach(home, "doctor")
    assert typed.returncode == 1
    assert "passphrase_command: the value is a number" in typed.stdout
    assert "fix: coach config set passphrase_command VALUE" in typed.stdout
    assert "note     " in typed.stdout and "'newer_setting'" in typed.stdout
    _config(home, 'country = "GB"\n')
    fine = run_coach(home, "doctor")
    assert fine.returncode == 0, fine.stdout
    assert "ok       settings: config.toml reads fine (1 set)" in fine.stdout
