"""Encryption at rest against hostile files and settings: an edited state in encryption.json, a
passphrase command that never stops or never lets go of its output, scrypt settings that cost
gigabytes, and a disk that fills up while `coach encrypt` takes its snapshot."""

from __future__ import annotations

import base64
import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_coach
from sample_records import reflection

from coach.commands import passphrase
from coach.errors import CoachError
from coach.store import sealing
from coach.store.backups import SNAPSHOTS
from coach.store.layout import BACKUPS

PASSPHRASE = "correct horse battery staple"
SECRET = "Humiliatedbyzorblax"
PLANTED = "Plantedbyintruderqq"
DEBRIEF = ["3", "delivery", SECRET, "Quietlycrushedqwv", "2"]


def _command(tmp_path: Path, body: str, name: str = "pw") -> str:
    """A passphrase command: a Python script with `body`, run without a shell."""
    script = tmp_path / f"{name}.py"
    script.write_text(body, encoding="utf-8")
    return f"{sys.executable} {script}"


def _prints(tmp_path: Path, secret: str = PASSPHRASE) -> str:
    return _command(tmp_path, f"print({secret!r})\n")


def _coach(home: Path, *args: str, command: str = "", stdin: str = ""
           ) -> subprocess.CompletedProcess[str]:
    return run_coach(home, *args, stdin=stdin, env={"COACH_PASSPHRASE_COMMAND": command})


def _one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert result.returncode != 0, result.stdout
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "unexpected" not in result.stderr.lower(), result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


def _plain_secrets(home: Path, *words: str) -> list[str]:
    found = []
    for folder, _, names in os.walk(home):
        for name in names:
            data = (Path(folder) / name).read_bytes()
            found += [f"{name}: {word}" for word in words if word.encode() in data]
    return found


def _key_file(home: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((home / "encryption.json").read_text(encoding="utf-8"))
    return loaded


def _edit_key_file(home: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = _key_file(home)
    change(data)
    (home / "encryption.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, str]:
    """A data folder with one debrief, encrypted; and its passphrase command."""
    home = tmp_path / "home"
    command = _prints(tmp_path)
    saved = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n")
    assert saved.returncode == 0, saved.stderr
    assert _coach(home, "encrypt", command=command).returncode == 0
    assert _plain_secrets(home, SECRET) == []
    return home, command


# -- 1. the state in encryption.json is authenticated --------------------------------------------


def test_a_state_edited_to_decrypting_never_makes_coach_write_plain_text(
        encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    _edit_key_file(home, lambda data: data.update(state="decrypting"))
    # Logging reads nothing: it is sealed to the folder's public key, never written plain.
    logged = _coach(home, "log", "dials", "5", "--note", PLANTED, command=command)
    assert logged.returncode == 0 and "sealed" in logged.stdout
    undone = _coach(home, "log", "--undo", command=command)
    _one_line_error(undone, "encryption.json was edited", 'Set "state" back to "on"')
    debrief = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n",
                     command=command)
    _one_line_error(debrief, "encryption.json was edited")
    assert _plain_secrets(home, SECRET, PLANTED) == []

    # The fix the message gives works.
    _edit_key_file(home, lambda data: data.update(state="on"))
    shown = _coach(home, "history", command=command)
    assert shown.returncode == 0 and SECRET in shown.stdout, shown.stderr


def _plant_week(home: Path) -> Path:
    """A plain week file, as someone who can write to the folder could drop one in."""
    week = home / "reflections" / "2026-W47.json"  # MONDAY's week
    week.parent.mkdir(mode=0o700, exist_ok=True)
    week.write_text(json.dumps({"reflections": {"1": reflection(answer=PLANTED)}}),
                    encoding="utf-8")
    week.chmod(0o600)
    return week


def test_a_state_edited_to_encrypting_does_not_let_a_planted_plain_file_in(
        encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    week = _plant_week(home)
    _edit_key_file(home, lambda data: data.update(state="encrypting"))
    shown = _coach(home, "history", "--format", "json", command=command)
    _one_line_error(shown, "encryption.json was edited")
    assert PLANTED not in shown.stdout
    again = _coach(home, "encrypt", command=command)  # would seal the planted file
    _one_line_error(again, "encryption.json was edited")
    assert PLANTED.encode() in week.read_bytes()  # not sealed into the folder
    _edit_key_file(home, lambda data: data.update(state="on"))
    refused = _coach(home, "history", "--format", "json", command=command)
    assert PLANTED not in refused.stdout


@pytest.mark.parametrize("state", ["encrypting", "decrypting"])
def test_a_state_without_its_seal_opens_only_as_on(encrypted: tuple[Path, str],
                                                   state: str) -> None:
    home, command = encrypted

    def unsealed(data: dict[str, Any]) -> None:
        data.update(state=state)
        del data["state_seal"]

    _edit_key_file(home, unsealed)
    logged = _coach(home, "log", "dials", "5", "--note", PLANTED, command=command)
    assert logged.returncode == 0 and "sealed" in logged.stdout  # sealed, never plain
    shown = _coach(home, "history", command=command)
    _one_line_error(shown, f'says "{state}" without the seal', 'set "state" back to "on"')
    assert _plain_secrets(home, PLANTED) == []


def test_a_state_seal_that_does_not_open_is_refused(encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    seal = base64.b64decode(_key_file(home)["state_seal"])
    forged = seal[:-1] + bytes([seal[-1] ^ 1])
    _edit_key_file(home, lambda data: data.update(
        state="decrypting", state_seal=base64.b64encode(forged).decode()))
    _one_line_error(_coach(home, "history", command=command), "does not open")
    # A seal copied from another folder does not fit either.
    assert _plain_secrets(home, SECRET) == []


def test_a_key_file_of_an_older_coach_still_opens_and_is_sealed_on_unlock(
        encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    _edit_key_file(home, lambda data: data.pop("state_seal"))
    shown = _coach(home, "history", command=command)
    assert shown.returncode == 0 and SECRET in shown.stdout, shown.stderr
    assert "state_seal" in _key_file(home)
    _edit_key_file(home, lambda data: data.update(state="decrypting"))
    _one_line_error(_coach(home, "history", command=command), "encryption.json was edited")


def test_change_passphrase_and_decrypt_keep_the_state_sealed(encrypted: tuple[Path, str],
                                                            tmp_path: Path) -> None:
    home, command = encrypted
    new = _command(tmp_path, "print('a brand new passphrase')\n", "new")
    changed = _coach(home, "change-passphrase", "--new-passphrase-command", new,
                     command=command)
    assert changed.returncode == 0, changed.stderr
    assert _coach(home, "history", command=new).returncode == 0
    _edit_key_file(home, lambda data: data.update(state="encrypting"))
    _one_line_error(_coach(home, "decrypt", command=new), "encryption.json was edited")
    _edit_key_file(home, lambda data: data.update(state="on"))
    assert _coach(home, "decrypt", command=new).returncode == 0


# -- 2. unbounded work from outside ----------------------------------------------------------


def test_a_passphrase_command_that_prints_too_much_is_refused(encrypted: tuple[Path, str],
                                                             tmp_path: Path) -> None:
    home, _ = encrypted
    chatty = _command(tmp_path, f"print({PASSPHRASE!r})\nprint('x' * 1_000_000)\n", "chatty")
    _one_line_error(_coach(home, "history", command=chatty), "printed more than 4 KiB")


def _limited_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def test_a_passphrase_command_that_never_stops_printing_is_stopped(
        encrypted: tuple[Path, str]) -> None:
    home, _ = encrypted
    environment = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1",
                   "COACH_PASSPHRASE_COMMAND": "yes"}
    # A real process, with its memory capped: before the fix it read until MemoryError.
    result = subprocess.run([sys.executable, "-m", "coach", "history"], env=environment,
                            capture_output=True, text=True, timeout=60, check=False,
                            preexec_fn=_limited_memory)
    _one_line_error(result, "printed more than 4 KiB")


def _leaves_a_child(tmp_path: Path, then: str) -> tuple[str, Path]:
    """A passphrase command that starts a child holding its output, then does `then`."""
    pid_file = tmp_path / "child.pid"
    body = ("import subprocess, sys\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(40)'])\n"
            f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
            f"{then}\n")
    return _command(tmp_path, body, "leaves"), pid_file


def _end(pid_file: Path) -> bool:
    """End the child the command left (ours, by its id); whether it was still running (a
    zombie waiting for a parent to reap it is not)."""
    pid = int(pid_file.read_text())
    try:
        running = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        running = True
    if running:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
    return running


def test_a_child_holding_the_commands_output_does_not_stall_coach(
        encrypted: tuple[Path, str], tmp_path: Path) -> None:
    home, _ = encrypted
    command, pid_file = _leaves_a_child(tmp_path, f"print({PASSPHRASE!r})")
    try:
        shown = _coach(home, "history", command=command)
    finally:
        # Coach is done while the child (asleep for 40 s) still runs: it did not wait for it.
        waited_for_nothing = _end(pid_file)
    assert waited_for_nothing, "coach waited for the child holding the command's output"
    assert shown.returncode == 0 and SECRET in shown.stdout, shown.stderr


def test_a_command_that_never_finishes_is_killed_with_its_children(
        encrypted: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = encrypted
    monkeypatch.setattr(passphrase, "TIMEOUT", 1.0)
    command, pid_file = _leaves_a_child(tmp_path, "import time; time.sleep(40)")
    result = _coach(home, "history", command=command)
    _one_line_error(result, "did not finish within 1 seconds")
    time.sleep(0.2)
    assert not _end(pid_file), "the command's child was left running"


def test_a_nul_or_a_non_text_passphrase_command_is_a_settings_error(
        encrypted: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = encrypted
    from coach.store import config

    # As the settings could hand them over: the check is made where the command is read.
    for value in ["pass\0show coach", 5, ["pass", "show"]]:
        monkeypatch.setattr(config, "read_config", lambda home, value=value: {
            "passphrase_command": value})
        _one_line_error(_coach(home, "history"), "passphrase_command in", "not a command line",
                        "coach config set passphrase_command")
    with pytest.raises(CoachError, match="no NUL"):
        passphrase.run_command("pass\0show coach")


def _spy_on_scrypt(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Every scrypt setting derived; one above Coach's own fails the test instead of running."""
    asked: list[tuple[int, int, int]] = []
    real = sealing.derive

    def derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        asked.append((n, r, p))
        assert n * r * p <= sealing.SCRYPT_N * sealing.SCRYPT_R * sealing.SCRYPT_P, asked
        return real(secret, salt, n, r, p)

    monkeypatch.setattr(sealing, "derive", derive)
    return asked


def test_a_sealed_export_asking_for_costly_scrypt_is_refused_at_once(
        encrypted: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, command = encrypted
    export = tmp_path / "out.jsonl"
    assert _coach(home, "export", "-o", str(export), command=command).returncode == 0
    raw = export.read_bytes()
    end = raw.index(b"\n", len(sealing.EXPORT_MAGIC))
    header = json.loads(raw[len(sealing.EXPORT_MAGIC):end])
    header.update(n=2**20, r=32, p=16)
    export.write_bytes(sealing.EXPORT_MAGIC + json.dumps(header).encode() + raw[end:])
    asked = _spy_on_scrypt(monkeypatch)
    result = _coach(tmp_path / "elsewhere", "import", str(export), command=command)
    _one_line_error(result, "scrypt settings", "Nothing was imported")
    assert asked == []


def test_a_key_file_asking_for_costly_scrypt_is_refused(encrypted: tuple[Path, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    home, command = encrypted
    _edit_key_file(home, lambda data: data["kdf"].update(n=2**20, r=32, p=16))
    asked = _spy_on_scrypt(monkeypatch)
    _one_line_error(_coach(home, "history", command=command), "encryption.json is damaged")
    _edit_key_file(home, lambda data: data["kdf"].update(n=3 * 2**10, r=8, p=1))
    _one_line_error(_coach(home, "history", command=command), "encryption.json is damaged")
    assert asked == []


# -- 3. a full disk during `coach encrypt` ---------------------------------------------------


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, home: Path, budget: int,
                      where: str = "backups/snapshots/") -> None:
    """Writes into files under `home`/`where` fail with ENOSPC once `budget` bytes have gone
    there (through the real write_atomically: os.write fails as on a full disk)."""
    real_write = os.write
    written = [0]
    root = os.path.join(home.resolve(), where)

    def write(descriptor: int, data: Any) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{descriptor}")
        except OSError:
            target = ""
        if target.startswith(root):
            if written[0] + len(data) > budget:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written[0] += len(data)
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)


def _snapshot_folders(home: Path) -> list[str]:
    root = home / BACKUPS / SNAPSHOTS
    return sorted(item.name for item in root.iterdir()) if root.is_dir() else []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_a_full_disk_during_the_snapshot_leaves_nothing_behind_and_a_retry_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    command = _prints(tmp_path)
    for _ in range(3):
        saved = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n")
        assert saved.returncode == 0, saved.stderr
    with monkeypatch.context() as patch:
        _disk_fills_after(patch, home, 300)
        for _ in range(3):
            failed = _coach(home, "encrypt", command=command)
            _one_line_error(failed, "No space left on device")
            assert _snapshot_folders(home) == []
            assert not (home / "encryption.json").exists()
            time.sleep(1.01)  # a later retry names its snapshot by a later second
    done = _coach(home, "encrypt", command=command)
    assert done.returncode == 0, done.stderr
    assert len(_snapshot_folders(home)) == 1
    assert _plain_secrets(home, SECRET) == []


def test_a_snapshot_left_by_a_killed_encrypt_is_removed_by_the_next(tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n")
    assert saved.returncode == 0, saved.stderr
    leftover = home / BACKUPS / SNAPSHOTS / ".partial-2026-01-01T000000-before-encryption"
    leftover.mkdir(parents=True)
    (leftover / "reflections.json").write_text(SECRET, encoding="utf-8")
    assert _coach(home, "encrypt", command=_prints(tmp_path)).returncode == 0
    assert len(_snapshot_folders(home)) == 1 and not leftover.exists()
    assert _plain_secrets(home, SECRET) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_a_full_disk_while_sealing_is_finished_by_running_encrypt_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    command = _prints(tmp_path)
    saved = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n")
    assert saved.returncode == 0, saved.stderr
    with monkeypatch.context() as patch:
        _disk_fills_after(patch, home, 0, where="reflections/")
        _one_line_error(_coach(home, "encrypt", command=command), "No space left on device")
    assert _key_file(home)["state"] == "encrypting"
    again = _coach(home, "encrypt", command=command)
    assert again.returncode == 0, again.stderr
    assert _key_file(home)["state"] == "on" and _plain_secrets(home, SECRET) == []
