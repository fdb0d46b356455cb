"""Encryption at rest (issue 16), through the `coach` command and the Store API: nothing the rep
typed is left readable in the data folder, every command works with the passphrase, none
changes anything without it, and `coach encrypt` killed halfway leaves a folder that opens and
that the same command finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_coach
from sample_records import reflection
from scripts import TOUGH_DEBRIEF

from coach.errors import StoreError
from coach.store import encryption
from coach.store.sealing import MAGIC, forget
from coach.store.store import Store

PASSPHRASE = "correct horse battery staple"
SECRET_WORDS = ["Humiliatedbyzorblax", "Quietlycrushedqwv", "Nextcallvantablack"]
DEBRIEF = ["3", "delivery", SECRET_WORDS[0], SECRET_WORDS[1], "2"]
LATER_DEBRIEF = [{"They hung up after ten seconds": SECRET_WORDS[2],
                  "ACME Corp": "Prospectzed"}.get(answer, answer) for answer in TOUGH_DEBRIEF]


def _command(tmp_path: Path, secret: str, name: str = "pw") -> str:
    """A passphrase command, as a password manager's CLI would be: prints `secret`."""
    script = tmp_path / f"{name}.py"
    script.write_text(f"print({secret!r})\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def _coach(home: Path, *args: str, command: str | None = None, stdin: str = ""
           ) -> subprocess.CompletedProcess[str]:
    env = {"COACH_PASSPHRASE_COMMAND": command or ""}
    return run_coach(home, *args, stdin=stdin, env=env)


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root`: its bytes and modification time."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def _readable_secrets(home: Path) -> list[str]:
    return [f"{name}: {word}" for name, (data, _) in _files(home).items()
            for word in [*SECRET_WORDS, "Prospectzed"] if word.encode() in data]


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, str]:
    """A data folder with one debrief, then encrypted; and its passphrase command."""
    home = tmp_path / "home"
    command = _command(tmp_path, PASSPHRASE)
    saved = _coach(home, "debrief", "--quick", stdin="\n".join(DEBRIEF) + "\n")
    assert saved.returncode == 0, saved.stderr
    assert _readable_secrets(home)  # the plain folder holds the answers as typed
    turned_on = _coach(home, "encrypt", command=command)
    assert turned_on.returncode == 0, turned_on.stderr
    return home, command


def test_no_answer_is_readable_in_any_file_even_after_new_debriefs(
        encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    assert _readable_secrets(home) == []
    later = _coach(home, "debrief", stdin="\n".join(LATER_DEBRIEF) + "\n", command=command)
    assert later.returncode == 0, later.stderr
    assert _coach(home, "log", "dials", "5", "--note", "Prospectzed", command=command
                  ).returncode == 0
    assert _coach(home, "patterns", command=command).returncode == 0  # caches are written too
    assert _readable_secrets(home) == []
    shown = _coach(home, "history", "--format", "json", command=command)
    assert SECRET_WORDS[0] in shown.stdout and SECRET_WORDS[2] in shown.stdout
    key_file = json.loads((home / "encryption.json").read_text(encoding="utf-8"))
    assert key_file["state"] == "on" and PASSPHRASE not in json.dumps(key_file)


def test_every_command_works_with_the_passphrase(encrypted: tuple[Path, str],
                                                 tmp_path: Path) -> None:
    home, command = encrypted
    listed = json.loads(_coach(home, "history", "--format", "json", command=command).stdout)
    record_id = listed[0]["id"]
    checks = [
        (("history",), SECRET_WORDS[0]),
        (("history", "--search", SECRET_WORDS[1]), record_id[:8]),
        (("show", record_id[:8]), SECRET_WORDS[0]),
        (("share",), SECRET_WORDS[1]),
        (("patterns",), ""),
        (("report", "--md"), ""),
        (("callbacks",), ""),
        (("doctor",), "encryption: on"),
        (("forget",), ""),
    ]
    for args, expected in checks:
        result = _coach(home, *args, command=command)
        assert result.returncode == 0, (args, result.stderr)
        assert expected in result.stdout, (args, result.stdout)
    assert "No problems found" in _coach(home, "doctor", command=command).stdout

    # An export is sealed with the passphrase by default, and imports anywhere with it.
    sealed = tmp_path / "out.jsonl"
    assert _coach(home, "export", "-o", str(sealed), command=command).returncode == 0
    assert SECRET_WORDS[0].encode() not in sealed.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    brought = _coach(elsewhere, "import", str(sealed), command=command)
    assert brought.returncode == 0 and "Added 1 reflection" in brought.stdout, brought.stderr
    wrong = _coach(tmp_path / "third", "import", str(sealed),
                   command=_command(tmp_path, "not the passphrase", "bad"))
    assert wrong.returncode != 0 and "Nothing was imported" in wrong.stderr
    plain = tmp_path / "plain.jsonl"
    assert _coach(home, "export", "-o", str(plain), "--plain", command=command).returncode == 0
    assert SECRET_WORDS[0].encode() in plain.read_bytes()
    piped = _coach(home, "export", command=command)
    assert piped.returncode != 0 and "--plain" in piped.stderr

    deleted = _coach(home, "delete", record_id[:8], "--yes", command=command)
    assert deleted.returncode == 0, deleted.stderr
    assert _readable_secrets(home) == []  # the copy kept before a delete is sealed too


def test_help_now_needs_no_passphrase(encrypted: tuple[Path, str]) -> None:
    home, _ = encrypted
    result = _coach(home, "help-now")
    assert result.returncode == 0 and result.stdout.strip()


def test_without_a_passphrase_in_a_pipe_one_line_says_how_to_give_one(
        encrypted: tuple[Path, str], tmp_path: Path) -> None:
    home, _ = encrypted
    result = _coach(home, "history")
    assert result.returncode != 0
    assert "COACH_PASSPHRASE_COMMAND" in result.stderr and len(result.stderr.splitlines()) == 1
    failing = _coach(home, "history", command=f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert failing.returncode != 0 and "failed (exit 3)" in failing.stderr
    assert len(failing.stderr.splitlines()) == 1


def test_a_wrong_passphrase_is_refused_by_every_command_and_changes_nothing(
        encrypted: tuple[Path, str], tmp_path: Path) -> None:
    home, _ = encrypted
    wrong = _command(tmp_path, "not the passphrase", "wrong")
    before = _files(home)
    for args, stdin in [
        (("history",), ""), (("show", "abc"), ""), (("patterns",), ""), (("report", "--md"), ""),
        (("share",), ""), (("doctor",), ""), (("callbacks",), ""), (("export", "--plain"), ""),
        (("log", "--undo"), ""), (("debrief", "--quick"), "\n".join(DEBRIEF) + "\n"),
        (("forget",), ""), (("delete", "abc", "--yes"), ""), (("encrypt",), ""),
        (("decrypt",), ""), (("change-passphrase", "--new-passphrase-command", wrong), ""),
        ((), ""),
    ]:
        result = _coach(home, *args, stdin=stdin, command=wrong)
        assert result.returncode != 0, args
        assert result.stderr.splitlines() == [
            f"coach: That passphrase does not unlock {home}; nothing was changed."], args
    assert _files(home) == before


def test_decrypt_gives_back_identical_records(encrypted: tuple[Path, str]) -> None:
    home, command = encrypted
    later = _coach(home, "debrief", stdin="\n".join(LATER_DEBRIEF) + "\n", command=command)
    assert later.returncode == 0, later.stderr
    encryption.unlock(home, PASSPHRASE)
    store = Store(home)
    before = (store.reflections(), store.effort_events(), store.callback_states())
    forget(home)
    result = _coach(home, "decrypt", command=command)
    assert result.returncode == 0, result.stderr
    assert not (home / "encryption.json").exists()
    assert not any(data.startswith(MAGIC) for data, _ in _files(home).values())
    store = Store(home)
    assert (store.reflections(), store.effort_events(), store.callback_states()) == before
    assert _coach(home, "history").returncode == 0  # no passphrase needed any more


def test_change_passphrase_rekeys_and_the_old_one_then_fails(encrypted: tuple[Path, str],
                                                            tmp_path: Path) -> None:
    home, old = encrypted
    records = _files(home / "reflections")
    new = _command(tmp_path, "a brand new passphrase", "new")
    changed = _coach(home, "change-passphrase", "--new-passphrase-command", new, command=old)
    assert changed.returncode == 0, changed.stderr
    assert _files(home / "reflections") == records  # re-keyed without touching a record
    refused = _coach(home, "history", command=old)
    assert refused.returncode != 0 and "does not unlock" in refused.stderr
    shown = _coach(home, "history", command=new)
    assert shown.returncode == 0 and SECRET_WORDS[0] in shown.stdout
    short = _coach(home, "change-passphrase", "--new-passphrase-command",
                   _command(tmp_path, "short", "short"), command=new)
    assert short.returncode != 0 and "too short" in short.stderr


def test_the_store_api_opens_an_encrypted_folder_only_once_unlocked(
        encrypted: tuple[Path, str]) -> None:
    home, _ = encrypted
    with pytest.raises(StoreError, match="encrypted"):
        Store(home)
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(home, "not it at all")
    assert encryption.unlock(home, PASSPHRASE) == "on"
    try:
        store = Store(home)
        store.add_reflection(reflection(answer="Prospectzed hung up"))
        assert any("Prospectzed" in str(record) for record in store.reflections())
        assert _readable_secrets(home) == []
    finally:
        forget(home)


def _big_folder(home: Path, weeks: int) -> None:
    """A folder with `weeks` weekly files, each big enough that sealing them takes a while."""
    from datetime import timedelta

    from sample_records import MONDAY

    Store(home)
    (home / "reflections").mkdir(mode=0o700, exist_ok=True)
    for week in range(weeks):
        finished = MONDAY - timedelta(weeks=week)
        table = {str(number): reflection(finished + timedelta(minutes=number),
                                         answer=f"{SECRET_WORDS[0]} {'x' * 2000}")
                 for number in range(1, 21)}
        path = home / "reflections" / f"{finished.isocalendar()[0]}-W{finished.isocalendar()[1]:02d}.json"
        path.write_text(json.dumps({"reflections": table}), encoding="utf-8")
        path.chmod(0o600)


def test_encrypt_killed_halfway_leaves_a_folder_that_opens_and_finishes_when_run_again(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    _big_folder(home, 400)
    before = Store(home).reflections()
    command = _command(tmp_path, PASSPHRASE)
    weeks = sorted((home / "reflections").glob("*.json"))
    environment = {**os.environ, "COACH_HOME": str(home), "COACH_PASSPHRASE_COMMAND": command}
    child = subprocess.Popen([sys.executable, "-m", "coach", "encrypt"], env=environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a timing
        while True:
            sealed = sum(path.read_bytes()[:len(MAGIC)] == MAGIC for path in weeks)
            if 0 < sealed < len(weeks) or child.poll() is not None \
                    or time.monotonic() > deadline:
                break
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert 0 < sealed < len(weeks), "encrypt finished before it could be killed halfway"
    assert json.loads((home / "encryption.json").read_bytes())["state"] == "encrypting"

    halfway = _coach(home, "history", "-n", "3", "--format", "json", command=command)
    assert halfway.returncode == 0 and SECRET_WORDS[0] in halfway.stdout, halfway.stderr
    again = _coach(home, "encrypt", command=command)
    assert again.returncode == 0, again.stderr
    assert _readable_secrets(home) == []
    encryption.unlock(home, PASSPHRASE)
    try:
        assert Store(home).reflections() == before
    finally:
        forget(home)


def test_a_store_opened_before_encrypt_saves_nothing_plain_afterwards(tmp_path: Path) -> None:
    home = tmp_path / "home"
    early = Store(home)
    early.add_reflection(reflection(answer="Prospectzed said no"))
    encryption.begin_encryption(home, PASSPHRASE)
    encryption.finish_encryption(home, PASSPHRASE)
    forget(home)  # as if `coach encrypt` had run in another process
    with pytest.raises(StoreError, match="encrypted by another coach"):
        early.add_reflection(reflection(answer="Prospectzed called back"))
    assert _readable_secrets(home) == []


def test_on_a_terminal_the_passphrase_is_typed_without_echo(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    home = tmp_path / "home"
    Store(home).add_reflection(reflection(answer="Prospectzed said no"))
    environment = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"}
    environment.pop("COACH_PASSPHRASE_COMMAND", None)

    def spawn(*args: str):  # type: ignore[no-untyped-def]
        return pexpect.spawn(sys.executable, ["-m", "coach", "--no-pager", *args],
                             env=environment, encoding="utf-8", timeout=60)

    child = spawn("encrypt")
    child.expect("New passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("The same again: ")
    child.sendline(PASSPHRASE)
    child.expect("Encryption is on")
    child.expect(pexpect.EOF)
    assert PASSPHRASE not in (child.before or "")
    child = spawn("history", "--search", "Prospectzed")
    child.expect("Passphrase for your Coach data: ")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and PASSPHRASE not in (child.before or "")
    assert _readable_secrets(home) == []
