"""Encryption that stays out of a calling block's way (issue 28), through the real command:
adding without the passphrase, taken in at the next unlock exactly once; `coach unlock` and
`coach lock`; and the recipe in docs/privacy.md that opens a folder without Coach."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import run_coach, run_real_coach
from scripts import NOTHING_SAID, piped

from coach.store import dropbox

pytest.importorskip("cryptography")

PASSPHRASE = "correct horse battery staple"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"
DEBRIEF = ["Hung up on me", "3", "delivery", "Kept calm", "3", *NOTHING_SAID, "A name",
           "Slow down", "2"]


def _locked(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """A command with no passphrase to be had: no command, no keyring, no terminal."""
    return run_coach(home, *args, stdin=stdin, env={"COACH_PASSPHRASE_COMMAND": ""})


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An encrypted data folder with one dial logged, and the environment that opens it."""
    script = tmp_path / "pw.py"
    script.write_text(f"print({PASSPHRASE!r})\n", encoding="utf-8")
    opens = {"COACH_PASSPHRASE_COMMAND": f"{sys.executable} {script}"}
    home = tmp_path / "home"
    assert run_coach(home, "log", "dials", "1").returncode == 0
    done = run_coach(home, "encrypt", env=opens)
    assert done.returncode == 0, done.stderr
    return home, opens


def _history(home: Path, opens: dict[str, str]) -> list[dict[str, object]]:
    result = run_coach(home, "history", "--format", "json", env=opens)
    assert result.returncode == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def _totals(home: Path, opens: dict[str, str]) -> dict[str, int]:
    result = run_coach(home, "log", "--format", "json", env=opens)
    assert result.returncode == 0, result.stderr
    totals: dict[str, int] = json.loads(result.stdout)["totals"]
    return totals


def test_logging_needs_no_passphrase_and_reading_still_does(
        folder: tuple[Path, dict[str, str]]) -> None:
    home, opens = folder
    logged = _locked(home, "log", "dials", "5")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged 5 dials, sealed for your encrypted folder")
    as_json = json.loads(_locked(home, "log", "meeting", "--format", "json").stdout)
    assert as_json["locked"] is True and as_json["totals"] is None
    assert as_json["entry"]["type"] == "meetings"
    assert len(dropbox.boxes(home)) == 2
    # Nothing in the inbox reads as what was logged.
    assert not any(b"dials" in path.read_bytes() for path in dropbox.boxes(home))
    refused = _locked(home, "history")
    assert refused.returncode != 0 and "needs its passphrase" in refused.stderr
    assert len(dropbox.boxes(home)) == 2  # a refused read changes nothing
    assert _totals(home, opens) == {"dials": 6, "conversations": 0, "meetings": 1,
                                    "follow_ups": 0, "objections": 0}
    assert dropbox.boxes(home) == []


def test_a_box_taken_in_twice_counts_once(folder: tuple[Path, dict[str, str]]) -> None:
    """As if a run was killed after adding a box's records and before deleting the box."""
    home, opens = folder
    assert _locked(home, "log", "dials", "4").returncode == 0
    [box] = dropbox.boxes(home)
    kept = box.read_bytes()
    assert _totals(home, opens)["dials"] == 5
    box.write_bytes(kept)
    assert _totals(home, opens)["dials"] == 5
    assert dropbox.boxes(home) == []


def test_a_debrief_runs_locked_and_joins_the_records(folder: tuple[Path, dict[str, str]]) -> None:
    home, opens = folder
    result = _locked(home, "debrief", stdin=piped(DEBRIEF))
    assert result.returncode == 0, result.stderr
    assert "Saved" in result.stdout and "Sealed for your encrypted folder" in result.stdout
    [record] = _history(home, opens)
    assert record["next_action"] == "Slow down" and record["sting_after"] == 2
    drafts = run_coach(home, "forget", env=opens)
    assert drafts.returncode == 0 and "Slow down" not in drafts.stdout


def test_a_call_log_imported_locked_is_not_counted_twice(
        folder: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home, opens = folder
    calls = tmp_path / "calls.csv"
    calls.write_text("Call Date,Contact Name,Call Result,Talk Time\n"
                     "11/20/2026 2:05 PM,Ada,Connected - Meeting Booked,4:12\n"
                     "11/20/2026 2:15 PM,Bob,No Answer,\n", encoding="utf-8")
    first = _locked(home, "import", str(calls))
    assert first.returncode == 0, first.stderr
    assert "Sealed 2 dials, 1 conversation, 1 meeting booked for your encrypted folder" in (
        first.stdout)
    assert _locked(home, "import", str(calls)).returncode == 0  # the same file again
    export = run_coach(home, "export", "--plain", "--format", "jsonl", env=opens)
    kinds = [json.loads(line)["type"] for line in export.stdout.splitlines()
             if '"effort"' in line]
    assert sorted(kinds) == ["conversations", "dials", "dials", "dials", "meetings"]


def test_a_box_that_does_not_open_is_set_aside(folder: tuple[Path, dict[str, str]]) -> None:
    home, opens = folder
    assert _locked(home, "log", "dials", "2").returncode == 0
    [box] = dropbox.boxes(home)
    raw = bytearray(box.read_bytes())
    raw[-1] ^= 1
    box.write_bytes(bytes(raw))
    result = run_coach(home, "log", "--format", "json", env=opens)
    assert result.returncode == 0
    assert json.loads(result.stdout)["totals"]["dials"] == 1
    assert f"{box.name} in" in result.stderr and "was not taken in" in result.stderr
    assert (dropbox.inbox(home) / dropbox.REFUSED / box.name).exists()


def test_a_swapped_public_key_is_caught_at_unlock(folder: tuple[Path, dict[str, str]]) -> None:
    home, opens = folder
    key_file = home / "encryption.json"
    fields = json.loads(key_file.read_text(encoding="utf-8"))
    other_home = home.parent / "other"
    assert run_coach(other_home, "log", "dials", "1").returncode == 0
    assert run_coach(other_home, "encrypt", env=opens).returncode == 0
    other = json.loads((other_home / "encryption.json").read_text(encoding="utf-8"))
    fields["box_public_key"] = other["box_public_key"]
    key_file.write_text(json.dumps(fields), encoding="utf-8")
    result = run_coach(home, "history", env=opens)
    assert result.returncode != 0
    assert 'or its "box_public_key" is not the folder\'s' in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="the agent listens on a Unix socket")
def test_unlock_keeps_the_key_for_a_while_and_lock_forgets_it(
        folder: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home, opens = folder
    # A runtime folder of this test's own, short enough for a socket's path.
    runtime = Path(tempfile.mkdtemp(prefix="run-"))
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    try:
        unlocked = run_real_coach(home, "unlock", "--for", "5m", env={**env, **opens})
        assert unlocked.returncode == 0, unlocked.stderr
        assert unlocked.stdout.startswith("Unlocked for 5 minutes. `coach lock`")
        sockets = list((runtime / "coach").iterdir())
        assert len(sockets) == 1 and (sockets[0].stat().st_mode & 0o777) == 0o600
        read = run_real_coach(home, "log", "dials", "2", env={**env,
                                                             "COACH_PASSPHRASE_COMMAND": ""})
        assert read.returncode == 0, read.stderr
        assert "Today: 3 dials" in read.stdout  # read, not sealed: the agent held the key
        longer = run_real_coach(home, "unlock", "--for", "1h", env={
            **env, "COACH_PASSPHRASE_COMMAND": ""})  # already unlocked: nothing is asked
        assert longer.returncode == 0 and longer.stdout.startswith("Unlocked for 1h."), longer
    finally:
        locked = run_real_coach(home, "lock", env=env)
        shutil.rmtree(runtime, ignore_errors=True)
    assert locked.returncode == 0 and locked.stdout.startswith("Locked: the key is forgotten")
    again = run_real_coach(home, "history", env={**env, "COACH_PASSPHRASE_COMMAND": ""})
    assert again.returncode != 0 and "needs its passphrase" in again.stderr
    assert run_real_coach(home, "lock", env=env).stdout.startswith("Nothing to lock")


@pytest.mark.parametrize(("words", "seconds"), [("30m", 1800), ("2h", 7200), ("1h30m", 5400),
                                                ("45", 2700), ("90s", 90)])
def test_unlock_durations(words: str, seconds: int) -> None:
    from coach.commands.unlocking import duration

    assert duration(words) == seconds


@pytest.mark.parametrize("words", ["soon", "13h", "0m", "5 dials"])
def test_a_bad_duration_is_one_line(folder: tuple[Path, dict[str, str]], words: str) -> None:
    home, opens = folder
    result = run_coach(home, "unlock", "--for", words, env=opens)
    assert result.returncode == 2 and result.stderr.startswith("coach: --for:")


def _recipe() -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- recipe: open_coach_folder.py -->\n```python\n(.*?)```", text,
                      re.DOTALL)
    assert found, "the recipe is missing from docs/privacy.md"
    return found.group(1)


def test_the_recipe_in_the_docs_opens_a_folder_without_coach(
        folder: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home, opens = folder
    # A debrief before the folder was encrypted (after, it would go to the inbox too).
    home = tmp_path / "with-a-debrief"
    assert run_coach(home, "debrief", stdin=piped(DEBRIEF)).returncode == 0
    assert run_coach(home, "encrypt", env=opens).returncode == 0
    assert _locked(home, "log", "conversations", "3").returncode == 0
    script = tmp_path / "open_coach_folder.py"
    script.write_text(_recipe(), encoding="utf-8")
    copy = tmp_path / "copy"
    # Only Python and the cryptography library: run in isolated mode, outside the checkout.
    result = subprocess.run([sys.executable, "-I", str(script), str(home), str(copy)],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "COACH_PASSPHRASE": PASSPHRASE}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (copy / "encryption.json").exists()
    # The copy is a plain Coach folder holding the same reflections...
    plain = run_coach(copy, "history", "--format", "json")
    assert plain.returncode == 0, plain.stderr
    [record] = json.loads(plain.stdout)
    assert record["next_action"] == "Slow down"
    assert [record] == _history(home, opens)
    # ... and what was logged while locked, as JSON Lines.
    [opened] = list((copy / dropbox.INBOX).glob("*.box.jsonl"))
    [entry] = [json.loads(line) for line in opened.read_text(encoding="utf-8").splitlines()]
    assert (entry["type"], entry["count"]) == ("conversations", 3)



@pytest.mark.parametrize("trial", range(4))
def test_taking_the_inbox_in_killed_at_any_moment_loses_and_doubles_nothing(
        folder: tuple[Path, dict[str, str]], trial: int) -> None:
    """kill -9 while a command takes 40 boxes in: the next one finishes, every dial once."""
    import random
    import signal
    import time

    home, opens = folder
    for _ in range(40):
        assert _locked(home, "log", "dials", "1").returncode == 0
    environment = {**os.environ, "COACH_HOME": str(home), **opens}
    process = subprocess.Popen([sys.executable, "-m", "coach", "history"], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(trial).uniform(0.05, 0.6))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _totals(home, opens)["dials"] == 41
    assert dropbox.boxes(home) == []
