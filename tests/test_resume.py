"""Interrupting a conversation at any step and picking it up again exactly there."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest
from conftest import FIXED_NOW, run_coach
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from scripts import QUICK_DEBRIEF, piped

from coach.conversation.drafts import describe, in_use, resumable
from coach.conversation.session import ConversationRunner
from coach.faces.terminal.face import TerminalFace
from coach.playbook.library import Library
from coach.store.store import Store

# The quick debrief: sting, the cause (one key), the small win, the next call, the sting again.
QUICK_KEYS = ["3\r", "5", "Real talk\r", "Next dial\r", "2\r"]
EXPECTED = [3, "delivery", "Real talk", "Next dial", 2]


def runner_with(store: Store, keys: str, pipe) -> ConversationRunner:  # type: ignore[no-untyped-def]
    pipe.send_text(keys)
    return ConversationRunner(store, TerminalFace(input=pipe, output=DummyOutput()), lambda: FIXED_NOW)


@pytest.mark.parametrize("stop_after", range(len(QUICK_KEYS)))
def test_interrupt_at_each_step_resumes_exactly_there(store: Store, library: Library, empty_stats,
                                                      stop_after: int) -> None:
    debrief = library.get("debrief")
    with create_pipe_input() as pipe:
        runner = runner_with(store, "".join(QUICK_KEYS[:stop_after]) + "\x03", pipe)
        with pytest.raises(KeyboardInterrupt):
            runner.start(debrief, library.playbooks, empty_stats, quick=True)
    (draft,) = resumable(store.drafts())
    assert len(draft["answers"]) == stop_after
    with create_pipe_input() as pipe:
        runner = runner_with(store, "".join(QUICK_KEYS[stop_after:]), pipe)
        outcome = runner.resume(draft, debrief, library.playbooks, empty_stats)
    assert outcome.status == "finished" and outcome.record is not None
    assert [entry["answer"] for entry in outcome.record["answers"].values()] == EXPECTED
    assert store.drafts() == []
    assert len(store.reflections()) == 1


def test_a_draft_held_by_a_running_process_is_not_offered() -> None:
    import os
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        busy = {"id": "a", "pid": child.pid, "playbook": "debrief"}
        assert in_use(busy)
        assert resumable([busy]) == []
    finally:
        child.kill()
        child.wait()
    assert not in_use(busy)
    assert not in_use({"id": "b", "pid": os.getpid()})  # our own draft is ours to resume
    assert resumable([busy]) == [busy]


def test_describe_says_where_it_stopped() -> None:
    draft = {"playbook": "debrief", "variant": "quick", "answers": [1, 2], "updated":
             "2026-11-20T10:30:00+01:00", "at_question": "How much does it sting right now?",
             "partial": "sev"}
    berlin_in_winter = timezone(timedelta(hours=1))
    text = describe(draft, {"debrief": "Debrief a tough call"}, berlin_in_winter)
    assert text.startswith("Debrief a tough call (quick, 2 answered, left Fri 10:30)")
    # Shown on the rep's clock, not the stamp's: an hour earlier in London.
    london = describe(draft, {"debrief": "Debrief a tough call"}, timezone.utc)
    assert london.startswith("Debrief a tough call (quick, 2 answered, left Fri 09:30)")
    assert 'stopped at "How much does it sting right now?"' in text
    assert "half-typed" in text


def test_home_resumes_a_piped_draft(home: Path) -> None:
    first = run_coach(home, "debrief", "--quick", stdin=piped(QUICK_DEBRIEF[:3]))
    assert first.returncode == 1 and "kept as a draft" in first.stderr
    # At home, option 1 is the waiting draft; the rest of the answers finish it.
    second = run_coach(home, stdin=piped(["1", *QUICK_DEBRIEF[3:], "q"]))
    assert second.returncode == 0, second.stderr
    assert "Resume: Debrief a tough call (quick, 3 answered" in second.stdout
    assert "Saved." in second.stdout
    history = run_coach(home, "history", "--format", "json")
    assert '"what_happened"' in history.stdout and history.stdout.count('"kind": "reflection"') == 1
    assert run_coach(home, stdin="q\n").stdout.count("unfinished") == 0


def test_two_conversations_at_once_keep_their_own_drafts(home: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    environment = {**os.environ, "COACH_HOME": str(home)}
    slow = subprocess.Popen([sys.executable, "-m", "coach", "debrief", "--quick"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True, env=environment)
    assert slow.stdin is not None
    slow.stdin.write("7\n")  # the first terminal's sting
    slow.stdin.flush()
    store = Store(home)
    # Wait for the first terminal's draft; the bound only guards against a hang, so a busy
    # machine that starts Python slowly still passes.
    for _ in range(1200):
        if store.drafts():
            break
        time.sleep(0.05)
    try:
        # A second terminal does not see the first one's draft as resumable...
        assert resumable(store.drafts()) == []
        finished = run_coach(home, "debrief", "--quick", stdin=piped(QUICK_DEBRIEF))
        assert finished.returncode == 0
        # ...and finishing its own debrief leaves the first one's draft alone.
        (draft,) = store.drafts()
        assert draft["answers"][0]["value"] == 7
    finally:
        slow.stdin.close()
        slow.wait(timeout=30)
