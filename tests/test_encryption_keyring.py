"""The passphrase kept in the system keyring (the passphrase_keyring setting, `coach[keyring]`).

The OS keyrings are not on test machines, so the keyring library is pointed at a backend of the
tests' own (tests/keyring_backend.py) through its PYTHON_KEYRING_BACKEND setting; everything
else is the real `coach` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import run_coach, run_real_coach

PASSPHRASE = "a keyring kept this phrase"


def _coach(home: Path, keyring: Path, *args: str, command: str = "") -> tuple[int, str, str]:
    tests = str(Path(__file__).resolve().parent)
    done = run_coach(home, *args, env={
        "PYTHON_KEYRING_BACKEND": "keyring_backend.FileKeyring", "COACH_TEST_KEYRING": str(keyring),
        "PYTHONPATH": tests, "COACH_PASSPHRASE_COMMAND": command})
    return done.returncode, done.stdout, done.stderr


def test_the_keyring_keeps_the_passphrase_and_every_command_takes_it_from_there(
        tmp_path: Path) -> None:
    home, keyring = tmp_path / "home", tmp_path / "keyring.json"
    script = tmp_path / "pw.py"
    script.write_text(f"print({PASSPHRASE!r})\n")
    assert _coach(home, keyring, "log", "dials", "3")[0] == 0
    assert _coach(home, keyring, "config", "set", "passphrase_keyring", "yes")[0] == 0
    code, out, err = _coach(home, keyring, "encrypt", "--passphrase-command",
                            f"{sys.executable} {script}")
    assert code == 0, err
    assert "system keyring" in out
    assert list(json.loads(keyring.read_text()).values()) == [PASSPHRASE]
    # No command, no terminal: the keyring alone opens the folder (logging needs nothing).
    assert _coach(home, keyring, "log", "dials", "1")[0] == 0
    code, out, err = _coach(home, keyring, "log", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["totals"]["dials"] == 4
    # A wrong phrase in the keyring is refused in one line, and nothing changes.
    keyring.write_text(json.dumps({key: "not it" for key in json.loads(keyring.read_text())}))
    code, _, err = _coach(home, keyring, "history")
    assert code != 0 and len(err.strip().splitlines()) == 1


def test_without_the_keyring_package_the_setting_says_how_to_get_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_real_coach(home, "log", "dials", "1").returncode == 0
    assert run_real_coach(home, "config", "set", "passphrase_keyring", "yes").returncode == 0
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "keyring.py").write_text("raise ImportError('keyring is not installed')\n")
    script = tmp_path / "pw.py"
    script.write_text(f"print({PASSPHRASE!r})\n")
    env = {"PYTHONPATH": str(blocker)}
    turned_on = run_real_coach(home, "encrypt", "--passphrase-command", f"{sys.executable} {script}",
                          env=env)
    assert turned_on.returncode != 0
    assert 'pip install "coach[keyring]"' in turned_on.stderr
    assert len(turned_on.stderr.strip().splitlines()) == 1
