"""`coach playbooks list|show|validate|test` and `coach run`, end to end, with broken and hostile
playbooks in the rep's own folder."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_coach
from scripts import QUICK_DEBRIEF, piped

from coach.playbook.library import Library, builtin_folder
from coach.playtesting.playtest import read_cases, run_case

# A playbook written from docs/playbooks.md alone, for calls that never reached the decision maker.
GATEKEEPER = """\
id: gatekeeper
title: Past the gatekeeper
summary: For calls that never reached the decision maker.
steps:
  - id: outcome
    ask: "How did the call end?"
    choices:
      screened: "The gatekeeper screened me out"
      voicemail: "I only got voicemail"
      wrong: "Wrong number"
    next:
      - goto: wrap
        when: "outcome == 'wrong'"
      - goto: message
        when: "outcome == 'voicemail'"

  - id: said
    ask: "What did they say, as close to their words as you can?"
    respond:
      - keywords: ["not interested", "too busy"]
        say: "A reflex no from the front desk is about their job, not your offer."
      - patterns: ["send me *"]
        say: "\\"{{ match }}\\" is a reason to call back."
      - fallback: true
        say: "Noted. Their words shape your next opener."

  - id: message
    when: "outcome == 'voicemail'"
    ask: "What did your voicemail say?"
    required: false

  - id: try_again
    type: date
    ask: "When will you try again?"
    respond:
      - say: "Noted for {{ answer }}."

  - id: wrap
    say: "{% if outcome == 'wrong' %}Fix the record, on to the next.{% else %}Gatekeepers are part of the route.{% endif %}"
set:
  callback: "try_again"
quick: [outcome, try_again, wrap]
"""

GATEKEEPER_TESTS = """\
playbook: gatekeeper
today: 2026-11-20
cases:
  - name: a screen-out gets a callback
    answers: [screened, "Not interested, too busy", tuesday]
    expect:
      steps: [outcome, said, try_again]
      says: ["about their job", "Noted for 2026-11-24", "part of the route"]
      values: {callback: 2026-11-24}
      finished: true
  - name: a voicemail skips what they said
    answers: [voicemail, "", "3"]
    expect:
      steps: [outcome, said, message, try_again]
"""

DIAGNOSTIC = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def playbooks_folder(home: Path) -> Path:
    folder = home / "playbooks"
    (folder / "tests").mkdir(parents=True, exist_ok=True)
    return folder


def test_validate_prints_compiler_style_lines_and_exits_1(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "gatekeeper.yaml"
    broken.write_text(
        GATEKEEPER.replace("goto: message", "goto: mesage").replace(
            "when: \"outcome == 'voicemail'\"\n    ask", "when: \"outcome == 'voicmail'\"\n    ask"
        )
    )
    result = run_coach(home, "playbooks", "validate", str(broken))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "2 problems in 1 of 1 playbook file."
    found = [DIAGNOSTIC.match(line) for line in lines[:-1]]
    assert all(found), lines
    assert [(m["path"], m["line"], m["column"], m["message"]) for m in found if m] == [
        (
            str(broken),
            "14",
            "15",
            "step 'outcome': next: unknown step 'mesage' (did you mean 'message'?)",
        ),
        (
            str(broken),
            "28",
            "11",
            "step 'message': when: 'voicmail' is not a choice of step 'outcome' "
            "(did you mean 'voicemail'?)",
        ),
    ]
    assert "Traceback" not in result.stderr


def test_validate_with_nothing_wrong_prints_one_summary_line(home: Path) -> None:
    (playbooks_folder(home) / "gatekeeper.yaml").write_text(GATEKEEPER)
    result = run_coach(home, "playbooks", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"All \d+ playbook files are valid\.\n", result.stdout)
    assert result.stderr == ""


def test_test_passes_on_a_new_playbook_and_the_built_ins(home: Path) -> None:
    folder = playbooks_folder(home)
    (folder / "gatekeeper.yaml").write_text(GATEKEEPER)
    (folder / "tests" / "gatekeeper.yaml").write_text(GATEKEEPER_TESTS)
    result = run_coach(home, "playbooks", "test")
    assert result.returncode == 1  # the second gatekeeper case expects a step that is skipped
    assert re.search(r"^\d+ cases passed, 1 failed\.$", result.stdout, re.MULTILINE)
    fixed = GATEKEEPER_TESTS.replace(
        "[outcome, said, message, try_again]", "[outcome, message, try_again]"
    )
    (folder / "tests" / "gatekeeper.yaml").write_text(fixed)
    result = run_coach(home, "playbooks", "test")
    assert result.returncode == 0, result.stdout
    assert re.fullmatch(r"\d+ cases passed, 0 failed\.\n", result.stdout)


def test_a_failing_case_shows_the_expected_and_the_actual_path(home: Path) -> None:
    folder = playbooks_folder(home)
    (folder / "gatekeeper.yaml").write_text(GATEKEEPER)
    tests = folder / "tests" / "gatekeeper.yaml"
    tests.write_text(GATEKEEPER_TESTS)
    result = run_coach(home, "playbooks", "test", str(tests))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"FAIL {tests}:11: gatekeeper: a voicemail skips what they said",
        "  the steps differ:",
        "    expected: outcome -> said -> message -> try_again",
        "    actual:   outcome -> message -> try_again",
        # Under the failure, the conversation as it went, so the author sees why.
        "  the conversation:",
        "    coach (outcome): How did the call end?",
        "    rep: voicemail",
        "    coach (message): What did your voicemail say?",
        "    rep: (Enter)",
        "    coach (try_again): When will you try again?",
        "    rep: 3",
        "    coach: Noted for 2026-11-23.",
        "    coach: Gatekeepers are part of the route.",
        "1 case passed, 1 failed.",
    ]


def test_a_broken_test_file_is_reported_with_positions(home: Path, tmp_path: Path) -> None:
    tests = tmp_path / "broken.yaml"
    tests.write_text("playbook: debrief\ncases:\n  - answers: [x]\n    expect: {stps: [x]}\n")
    result = run_coach(home, "playbooks", "test", str(tests))
    assert result.returncode == 1
    assert f"{tests}:4:14: case 1: expect: unknown key 'stps' (did you mean 'steps'?)" in (
        result.stdout
    )


def test_a_scripted_skip_is_refused_on_a_required_question_as_in_a_conversation(
    library: Library, tmp_path: Path
) -> None:
    tests = tmp_path / "skip.yaml"
    tests.write_text("playbook: debrief\ncases:\n  - answers: [/skip, /skip]\n")
    [case] = read_cases(tests)
    assert run_case(case, library.playbooks).failures == (
        "at step 'what_happened' the answer '/skip' was refused: "
        "this question needs an answer; it cannot be skipped",
    )


def test_show_outlines_the_steps_rules_and_branches(home: Path) -> None:
    (playbooks_folder(home) / "gatekeeper.yaml").write_text(GATEKEEPER)
    result = run_coach(home, "playbooks", "show", "gatekeeper")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("gatekeeper: Past the gatekeeper\n")
    for line in [
        "  1. outcome (choice)",
        "         - screened: The gatekeeper screened me out",
        "       then if outcome == 'wrong': go to wrap",
        "  3. message (text, optional)",
        "       only when: outcome == 'voicemail'",
        "       replies if the answer mentions 'not interested', 'too busy': A reflex no",
        "       replies otherwise: Noted. Their words shape your next opener.",
        "  4. try_again (date)",
        "  5. wrap (say)",
        "  callback = try_again",
        "Quick variant: outcome, try_again, wrap",
    ]:
        assert line in out, line


def test_list_says_which_user_playbook_overrides_a_built_in(home: Path) -> None:
    original = (builtin_folder() / "small_win.yaml").read_text()
    mine = playbooks_folder(home) / "small_win.yaml"
    mine.write_text(original.replace("title: Find the small win", "title: My own small win"))
    result = run_coach(home, "playbooks", "list")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("small_win "))
    assert "My own small win" in row
    assert row.endswith(f"user: {mine} (overrides the built-in)")
    debrief = next(line for line in result.stdout.splitlines() if line.startswith("debrief "))
    assert debrief.endswith("built-in")


def test_run_a_new_playbook_with_piped_answers(home: Path) -> None:
    (playbooks_folder(home) / "gatekeeper.yaml").write_text(GATEKEEPER)
    result = run_coach(
        home,
        "run",
        "gatekeeper",
        stdin=piped(["screened", "Just send me an email with details", "2026-12-01"]),
    )
    assert result.returncode == 0, result.stderr
    assert 'coach: "An email with details" is a reason to call back.' in result.stdout
    assert "coach: Noted for 2026-12-01." in result.stdout
    assert "Gatekeepers are part of the route." in result.stdout
    quick = run_coach(home, "run", "gatekeeper", "--quick", stdin=piped(["wrong"]))
    assert quick.returncode == 0, quick.stderr
    assert "Fix the record, on to the next." in quick.stdout


# --- malformed and hostile playbooks in the rep's folder ---------------------------------------


def write_hostile_playbooks(folder: Path, marker: Path) -> list[Path]:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        laughs.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    files = {
        "laughs.yaml": "\n".join(laughs) + "\n",
        "python.yaml": f'id: evil\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n',
        "ssti.yaml": "id: ssti\ntitle: T\nsteps:\n  - id: a\n    ask: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n",
        "bomb.yaml": "id: bomb\ntitle: T\nsteps:\n  - id: a\n    ask: \"{{ 'a' * 10**9 }}\"\n",
        "deep.yaml": 'id: deep\ntitle: T\nsteps:\n  - id: a\n    ask: "{{ 1'
        + " + 1" * 3000
        + ' }}"\n',
        "nested.yaml": "id: nested\ntitle: T\nsteps: " + "[" * 200 + "]" * 200 + "\n",
        "two.yaml": 'id: two\ntitle: T\nsteps:\n  - ask: "Hi"\n    id: a\n---\nid: three\n',
        "broken_syntax.yaml": "id: x\ntitle: [unclosed\n",
        "small_win.yaml": 'id: small_win\ntitle: Mine\nsteps:\n  - id: a\n    ask: "{{ nope }}"\n',
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text)
        paths.append(path)
    (folder / "binary.yaml").write_bytes(b"id: x\ntitle: \xff\xfe\x00\x01\n")
    (folder / "huge.yaml").write_text("id: huge\n" + "# padding\n" * 30_000)
    return [*paths, folder / "binary.yaml", folder / "huge.yaml"]


def test_hostile_playbooks_are_skipped_and_the_built_ins_still_work(
    home: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    hostile = write_hostile_playbooks(playbooks_folder(home), marker)

    listed = run_coach(home, "playbooks", "list")  # run_coach's timeout guards against a hang
    assert listed.returncode == 0, listed.stderr
    warnings = [line for line in listed.stderr.splitlines() if "skipped a playbook" in line]
    assert len(warnings) == len(hostile)
    # One warning per hostile file, each naming its file: none was loaded, none crashed the list.
    assert sorted(next(path.name for path in hostile if str(path) in line) for line in warnings) \
        == sorted(path.name for path in hostile)
    assert f"{len(hostile)} playbook file(s) skipped" in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if line.startswith("small_win "))
    assert row.endswith("built-in")  # the broken override is skipped, the built-in stays

    debrief = run_coach(home, "debrief", "--quick", stdin=piped(QUICK_DEBRIEF))
    assert debrief.returncode == 0, debrief.stderr
    assert "Saved" in debrief.stdout

    validated = run_coach(home, "playbooks", "validate")
    assert validated.returncode == 1
    reported = {
        match["path"] for line in validated.stdout.splitlines() if (match := DIAGNOSTIC.match(line))
    }
    assert reported == {str(path) for path in hostile}
    for output in (listed, debrief, validated):
        assert "Traceback" not in output.stdout + output.stderr
        assert "object at 0x" not in output.stdout + output.stderr
    assert not marker.exists()
