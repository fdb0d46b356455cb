"""No control or bidi character reaches the terminal or the HTML report, whoever wrote the text.

A shared playbook, an imported record or a rep's own answer can hold an OSC 52 clipboard write,
a line erase, carriage returns and backspaces, C1 controls or bidi overrides. Each test feeds a
table of such strings through a real path (the `coach` command, the prompt-toolkit face, the
report file) and reads everything that came out. The characters are listed here on their own, not
taken from coach, so the tests check the rule rather than repeat it.
"""

from __future__ import annotations

import ast
import io
import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW, make_app, run_coach
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output
from sample_records import effort, reflection

from coach.commands.converse import run_playbook
from coach.faces.terminal.face import TerminalFace
from coach.safetext import safe
from coach.store.store import Store

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and newline, DEL, C1 controls, and the bidi marks, embeddings,
overrides and isolates."""

HOSTILE = {
    "osc52": "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07",
    "erase": "\x1b[2K\r\b\b\x1b[1A",
    "c1": "\x9b2K\x9d52;c;aGk=\x9c\x85",
    "bidi": "\u202eevil\u202c \u2066x\u2069 \u200f\u200e\u061c\u202a\u202b\u202d",
    "bell": "\x07\x7f\x01\x0b\x0c",
}
KEPT = "Café 👋 Ωμέγα"
"""Letters, emoji and other scripts the rep may legitimately type: they must stay visible."""


def hostile(kind: str) -> str:
    return f"{KEPT} {HOSTILE[kind]} end"


def assert_clean(*outputs: str) -> None:
    for output in outputs:
        found = sorted({f"U+{ord(char):04X}" for char in FORBIDDEN.findall(output)})
        assert not found, f"{found} reached the output: {output!r}"


def _yaml(text: str) -> str:
    """`text` as a YAML double-quoted string, every character past ASCII written as an escape
    (YAML refuses raw controls, and needs \\U for characters beyond the first plane)."""
    def escaped(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if " " <= char <= "~":
            return char
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"

    return '"' + "".join(escaped(char) for char in text) + '"'



def write_playbook(home: Path, text: str) -> None:
    """A hostile playbook in the rep's folder: every text a playbook can show holds `text`."""
    folder = home / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.yaml").write_text(f"""\
id: hostile
title: {_yaml("Title " + text)}
summary: {_yaml("Summary " + text)}
steps:
  - id: q1
    ask: {_yaml("Question " + text)}
    respond:
      - fallback: true
        say: {_yaml("Reply " + text + " {{ answer }}")}
  - id: note
    say: {_yaml("Say line " + text)}
  - id: pick
    type: choice
    ask: {_yaml("Pick " + text)}
    choices:
      a: {_yaml("Label " + text)}
      b: plain
set:
  small_win: {_yaml("'win " + text + "'")}
  next_action: {_yaml("'next " + text + " ' ~ q1")}
""", encoding="utf-8")


def hostile_record(text: str, record_id: str | None = None) -> dict[str, object]:
    """A reflection of a valid shape whose every free text holds `text`."""
    record = reflection(FIXED_NOW - timedelta(days=1), record_id, answer=text, title=text,
                        cause=text, small_win=text, next_action=text, lesson=text,
                        tags=["debrief", text], responses=[text])
    record["answers"]["q1"] = {"question": text, "answer": text, "type": "text", "shown": text}
    return record


def write_export(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture(params=sorted(HOSTILE))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_whole_conversation_through_the_coach_command_stays_clean(tmp_path: Path,
                                                                    kind: str) -> None:
    home = tmp_path / "home"
    write_playbook(home, hostile(kind))
    result = run_coach(home, "run", "hostile", stdin=f"{hostile(kind)}\n1\n")
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout, result.stderr)
    assert f"Question {KEPT}" in result.stdout and "Saved. Next call: next" in result.stdout
    (saved,) = Store(home).reflections()
    assert saved["small_win"].startswith(f"win {KEPT}")  # stored as given, only shown clean

    for args in (["playbooks", "list"], ["playbooks", "show", "hostile"],
                 ["playbooks", "validate"], ["history"], ["show", str(saved["id"])[:8]],
                 ["share"], ["patterns"], ["report", "--md"], ["history", "--format", "md"],
                 ["history", "--format", "csv"], ["export", "--format", "md"], ["doctor"]):
        shown = run_coach(home, *args)
        assert shown.returncode in (0, 1), shown.stderr
        assert_clean(shown.stdout, shown.stderr)
    assert KEPT in run_coach(home, "share").stdout


def test_imported_records_are_shown_clean_everywhere(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    text = hostile(kind)
    record = hostile_record(text, uuid.uuid4().hex)
    export = write_export(tmp_path / "shared.jsonl", record,
                          effort(at=FIXED_NOW - timedelta(days=1), note=text))
    imported = run_coach(home, "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert_clean(imported.stdout, imported.stderr)
    for args in (["history"], ["history", "--search", "Café"], ["show", str(record["id"])[:8]],
                 ["share"], ["patterns", "--since", "30d"], ["report", "--md", "--since", "30d"],
                 ["history", "--format", "json"], ["history", "--format", "jsonl"],
                 ["history", "--format", "csv"], ["export"], ["export", "--format", "md"],
                 ["doctor"]):
        shown = run_coach(home, *args)
        assert shown.returncode == 0, (args, shown.stderr)
        assert_clean(shown.stdout, shown.stderr)
    assert KEPT in run_coach(home, "show", str(record["id"])[:8]).stdout
    # JSON keeps the text exactly, written as escapes that decode to what was stored.
    (listed,) = json.loads(run_coach(home, "history", "--format", "json").stdout)
    assert listed["small_win"] == text


def test_an_import_again_with_a_hostile_id_or_a_hostile_file_name_stays_clean(
        tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    text = hostile(kind)
    # Whether the importer takes this id or refuses it, what it says is clean.
    imported = run_coach(home, "import", str(write_export(tmp_path / "ids.jsonl",
                                                          hostile_record(text, "ab" + text))))
    assert_clean(imported.stdout, imported.stderr)
    for args in (["show", text], ["forget", text], ["import", str(tmp_path / f"{text}.json")],
                 ["history", "--since", text], ["run", text], ["config", "set", text, text]):
        failed = run_coach(home, *args)
        assert failed.returncode != 0 and failed.stderr.startswith("coach: "), (args, failed)
        assert_clean(failed.stdout, failed.stderr)


def test_playbook_problems_quoting_a_hostile_file_stay_clean(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    text = hostile(kind)
    name = "bad" + HOSTILE[kind].replace("/", "") + ".yaml"
    (folder / name).write_text(f"id: {_yaml(text)}\nsteps: {_yaml(text)}\n{_yaml(text)}: 1\n",
                               encoding="utf-8")
    for args in (["playbooks", "validate"], ["playbooks", "list"], ["debrief"]):
        result = run_coach(home, *args, stdin="\n")
        assert "bad" in result.stdout + result.stderr, (args, result)  # the problem is reported
        assert_clean(result.stdout, result.stderr)


class _Screen(Vt100_Output):
    """A terminal output that keeps the text the face asked to write, before prompt-toolkit's
    own "?" for ESC, apart from the escape sequences prompt-toolkit draws with."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), lambda: Size(rows=24, columns=80), term="xterm")
        self.text: list[str] = []

    def write(self, data: str) -> None:
        self.text.append(data)
        super().write(data)


def test_the_terminal_face_draws_a_hostile_playbook_clean(tmp_path: Path, pipe: PipeInput,
                                                          kind: str) -> None:
    home = tmp_path / "home"
    text = hostile(kind)
    write_playbook(home, text)
    store = Store(home)
    store.add_reflection(hostile_record(text))  # what the up arrow brings back to q1
    screen = _Screen()
    app = make_app(home)
    face = TerminalFace(input=pipe, output=screen, past_answers=app.past_answers)
    pipe.send_text("\x1b[A\r" "1")  # recall the hostile answer, accept it; pick the first label
    assert run_playbook(app, "hostile", quick=False, face=face) == 0
    # prompt-toolkit ends each printed line with "\r\n" itself; a lone "\r" would be ours.
    drawn = "".join(screen.text).replace("\r\n", "\n")
    assert_clean(drawn, app.stdout.getvalue(), app.stderr.getvalue())
    assert f"Question {KEPT}" in drawn and f"Label {KEPT}" in drawn and "Saved. Next call" in drawn
    saved = next(r for r in store.reflections() if r["playbook"] == "hostile")
    assert saved["answers"]["q1"]["answer"] == safe(text)  # the recalled text, made clean


def test_the_html_report_holds_no_control_or_bidi_character(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    text = hostile(kind)
    imported = run_coach(home, "import", str(write_export(tmp_path / "x.jsonl",
                                                          hostile_record(text, uuid.uuid4().hex))))
    assert imported.returncode == 0, imported.stderr
    page = tmp_path / "report.html"
    result = run_coach(home, "report", "--html", str(page), "--since", "30d")
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert_clean(html, result.stdout, result.stderr)
    assert KEPT in html


@pytest.mark.parametrize("text", [*HOSTILE.values(), KEPT, "tab\tand\nnewline", ""])
def test_safe_keeps_the_visible_text_and_is_idempotent(text: str) -> None:
    once = safe(text)
    assert safe(once) == once
    assert not FORBIDDEN.search(once)
    assert safe(KEPT + text) == KEPT + once and "\t" in safe("a\tb") and "\n" in safe("a\nb")
    assert "".join(safe(char) for char in text) == once  # the same cleaned in pieces


# -- the rule, read from the source ------------------------------------------------------------

COACH = Path(__file__).resolve().parent.parent / "coach"
WRITERS = {
    ("commands/app.py", "write"): "safe",
    ("faces/line.py", "_print"): "safe",
    ("faces/terminal/face.py", "_print"): "clean",
    ("faces/terminal/firstpaint.py", "_draw"): "ansi",
}
"""The one output function of each face, and the cleaner each must call."""
FILE_WRITERS = {("store/trust.py", "write_problem")}
"""Functions whose os.write goes to a file they opened, never to a terminal."""


def _writes(tree: ast.AST) -> list[tuple[str, int]]:
    """Calls in `tree` that send text out: print(), x.stdout/x.stderr .write, os.write and
    prompt-toolkit's print_formatted_text."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("print", "print_formatted_text"):
            found.append((func.id, node.lineno))
        elif isinstance(func, ast.Attribute) and ast.unparse(func) == "os.write":
            found.append(("os.write", node.lineno))
        elif isinstance(func, ast.Attribute) and func.attr in ("write", "writelines", "buffer"):
            target = ast.unparse(func.value)
            if re.search(r"(stdout|stderr|__stdout__|__stderr__|output)\)?$", target):
                found.append((f"{target}.{func.attr}", node.lineno))
        elif isinstance(func, ast.Attribute) and func.attr == "print_formatted_text":
            found.append((ast.unparse(func), node.lineno))
    return found


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_only_the_output_functions_write_and_each_cleans_what_it_writes() -> None:
    offending = []
    for path in sorted(COACH.rglob("*.py")):
        module = path.relative_to(COACH).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        allowed: set[int] = set()
        for name, function in _functions(tree).items():
            cleaner = WRITERS.get((module, name))
            if (module, name) in FILE_WRITERS:
                allowed |= {node.lineno for node in ast.walk(function) if hasattr(node, "lineno")}
            elif cleaner is not None:
                called = {node.func.id for node in ast.walk(function)
                          if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
                assert cleaner in called, f"{module}:{name} writes without calling {cleaner}()"
                allowed |= {node.lineno for node in ast.walk(function) if hasattr(node, "lineno")}
        offending += [f"{module}:{line}: {call}" for call, line in _writes(tree)
                      if line not in allowed]
    assert offending == [], "write through App.write / App.print, or a face's output function"


def test_the_source_check_finds_the_writes_it_is_meant_to_catch() -> None:
    sample = ast.parse("print(x)\nsys.stdout.write(x)\napp.stderr.write(x)\n"
                       "self.stdout.write(x)\nprint_formatted_text(x)\nopen(p).write(x)\n"
                       "os.write(1, x)\n")
    assert [line for _, line in _writes(sample)] == [1, 2, 3, 4, 5, 7]
