"""The authoring tools: `coach playbooks schema`, `graph`, `new`, `test FILE` and `--coverage`,
and the validator's messages that team leads tripped over."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import run_coach

from coach.errors import PlaybookError
from coach.playbook import jsonschema as coach_schema
from coach.playbook.library import builtin_folder, playbook_from_text
from coach.playbook.schema import (
    JUMP_KEYS,
    LABEL_KEYS,
    PLAYBOOK_KEYS,
    RESPONSE_KEYS,
    STEP_KEYS,
    step_keys,
)
from coach.playbook.steps import playbook_types
from coach.playbook.yamlsource import Node, parse_document
from coach.playtesting.playtest import CASE_KEYS, EXPECT_KEYS, FILE_KEYS
from coach.review.stats import KNOWN_STATS

# --- the JSON Schema ---------------------------------------------------------------------------


def plain(node: Node) -> Any:
    """A YAML node as an editor's YAML 1.2 server sees it: dates are text."""
    if node.kind == "mapping":
        return {key: plain(value) for key, (_, value) in node.entries.items()}
    if node.kind == "sequence":
        return [plain(item) for item in node.items]
    return node.value.isoformat() if isinstance(node.value, date) else node.value


def load(text: str) -> Any:
    root, problems = parse_document(text, "<test>")
    assert problems == []
    return plain(root)


@pytest.fixture(scope="module")
def playbook_validator() -> jsonschema.Draft202012Validator:
    schema = coach_schema.playbook_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(load(text))]


def test_the_schema_knows_exactly_the_validators_keys() -> None:
    schema = coach_schema.playbook_schema()
    defs = schema["$defs"]
    assert set(schema["properties"]) == set(PLAYBOOK_KEYS)
    assert set(defs["step"]["properties"]) == set(STEP_KEYS)
    assert set(defs["jump"]["properties"]) == set(JUMP_KEYS)
    assert set(defs["response"]["properties"]) == set(RESPONSE_KEYS)
    assert set(defs["step"]["properties"]["labels"]["properties"]) == set(LABEL_KEYS)
    by_type = {
        rule["if"]["properties"]["type"]["const"]: rule["then"]["propertyNames"]["enum"]
        for rule in defs["step"]["then"]["allOf"]
    }
    assert by_type == {kind: list(step_keys(kind)) for kind in playbook_types()}
    tests = coach_schema.playbook_test_schema()
    case = tests["properties"]["cases"]["items"]
    assert set(tests["properties"]) == set(FILE_KEYS)
    assert set(case["properties"]) == set(CASE_KEYS)
    assert set(case["properties"]["expect"]["properties"]) == set(EXPECT_KEYS)
    assert set(tests["properties"]["stats"]["properties"]) == set(KNOWN_STATS)


@pytest.mark.parametrize("path", sorted(builtin_folder().glob("*.yaml")), ids=lambda p: p.name)
def test_every_built_in_playbook_fits_the_schema(
    path: Path, playbook_validator: jsonschema.Draft202012Validator
) -> None:
    assert errors(playbook_validator, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "path", sorted((builtin_folder() / "tests").glob("*.yaml")), ids=lambda p: p.name
)
def test_every_built_in_test_file_fits_the_test_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(coach_schema.playbook_test_schema())
    assert [e.message for e in validator.iter_errors(load(path.read_text()))] == []


STEPS = "id: p\ntitle: P\nsteps:\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (STEPS + "  - id: a\n    type: text\n    ask: Hi?\n    choices: {x: X}\n", "'choices'"),
        (STEPS + "  - id: a\n    type: say\n    ask: Hi?\n", "'ask'"),  # a say step says
        (STEPS + "  - id: a\n    type: yes_no\n    ask: Hi?\n", "'yes_no'"),  # unknown type
        (STEPS + "  - id: a\n    type: choice\n    ask: Hi?\n", "'choices' is a required"),
        (STEPS + "  - id: a\n    ask: Hi?\n    next: [{goto: a, limit: 20}]\n", "20"),
        (STEPS + "  - id: Bad\n    ask: Hi?\n", "'Bad'"),
        ("id: p\ntitel: P\nsteps:\n  - id: a\n    ask: Hi?\n", "'titel'"),
        (STEPS + "  - id: a\n    ask: Hi?\n    respond: [{keywords: [x]}]\n", "'say'"),
    ],
)
def test_broken_playbooks_are_refused_by_the_schema(
    text: str, found: str, playbook_validator: jsonschema.Draft202012Validator
) -> None:
    problems = errors(playbook_validator, text)
    assert problems and any(found in problem for problem in problems), problems


def test_the_schema_command_prints_both_schemas(home: Path) -> None:
    playbooks = run_coach(home, "playbooks", "schema")
    tests = run_coach(home, "playbooks", "schema", "--tests")
    assert playbooks.returncode == tests.returncode == 0
    assert json.loads(playbooks.stdout) == coach_schema.playbook_schema()
    assert json.loads(tests.stdout) == coach_schema.playbook_test_schema()


# --- the flow as Mermaid -----------------------------------------------------------------------

BRANCHY = """\
id: branchy
title: A "branchy" [flow]
steps:
  - id: mood
    type: choice
    ask: "How was it? [pick one]"
    choices: {good: Good, bad: Bad}
    next:
      - goto: fix
        when: "mood == 'bad'"
  - id: praise
    say: "Nice \\"work\\"\\u0007."
    next: end
  - id: fix
    ask: "What would you change?"
  - id: again
    type: yesno
    when: "fix"
    ask: "Try once more?"
    next:
      - goto: fix
        when: "again"
        limit: 1
"""

EDGE = re.compile(r'^\s*(\S+) (-->|-\.->)(?:\|"(.*?)"\|)? (\S+)$')


def edges(chart: str) -> set[tuple[str, str, str, str]]:
    return {m.groups() for line in chart.splitlines() if (m := EDGE.match(line))}  # type: ignore[misc]


def test_graph_draws_the_order_the_branch_the_loop_and_the_end(home: Path) -> None:
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    (folder / "branchy.yaml").write_text(BRANCHY)
    result = run_coach(home, "playbooks", "graph", "branchy")
    assert result.returncode == 0, result.stderr
    chart = result.stdout
    assert chart.startswith("flowchart TD\n")
    assert edges(chart) == {
        ("start", "-->", None, "s_mood"),
        ("s_mood", "-->", "if mood == 'bad'", "s_fix"),
        ("s_mood", "-->", "otherwise", "s_praise"),
        ("s_praise", "-->", None, "stop"),
        ("s_fix", "-->", None, "w_s_again"),
        ("w_s_again", "-->", "yes", "s_again"),
        ("w_s_again", "-->", "no", "stop"),
        ("s_again", "-.->", "if again, at most 1x", "s_fix"),
        ("s_again", "-->", "otherwise", "stop"),
    }
    # Quotes, brackets and control characters never reach the chart as they are.
    assert 'start(["start: A #quot;branchy#quot; #91;flow#93;"])' in chart
    assert "#91;pick one#93;" in chart and "\x07" not in chart
    assert "Nice #quot;work#quot; ." in chart


def test_graph_opens_an_include_as_a_subgraph_that_returns_to_the_flow(home: Path) -> None:
    result = run_coach(home, "playbooks", "graph", "debrief")
    assert result.returncode == 0, result.stderr
    chart = result.stdout
    assert 'subgraph s_timing_fit ["include: timing_fit"]' in chart
    found = edges(chart)
    # The included playbook's last step goes back to the flow, which carries on from there.
    assert any(source.startswith("i") and target == "r_s_timing_fit" for source, *_, target in found)
    assert any(source == "r_s_timing_fit" for source, _, _, _ in found)


def test_graph_of_an_unknown_playbook_is_one_clear_line(home: Path) -> None:
    result = run_coach(home, "playbooks", "graph", "debreif")
    assert result.returncode == 1
    assert "Did you mean 'debrief'?" in result.stderr and len(result.stderr.splitlines()) == 1


# --- coverage ----------------------------------------------------------------------------------

TWO_WAYS = """\
id: two_ways
title: Two ways
steps:
  - id: went
    type: choice
    ask: "How did it go?"
    choices:
      well: Well
      badly: Badly
    respond:
      - when: "went == 'well'"
        say: ["Good.", "Nice.", "Great."]
      - when: "went == 'badly'"
        say: ["Hm.", "Oh.", "Ah."]
    next:
      - goto: lesson
        when: "went == 'badly'"
  - id: keep
    ask: "What will you keep?"
    next: end
  - id: lesson
    ask: "What will you change?"
"""

TWO_WAYS_TESTS = """\
playbook: two_ways
cases:
  - name: it went well
    answers: [well, "the opener"]
    expect: {steps: [went, keep], finished: true}
"""


def test_coverage_lists_the_branch_no_test_takes(tmp_path: Path, home: Path) -> None:
    (tmp_path / "tests").mkdir()
    playbook = tmp_path / "two_ways.yaml"
    playbook.write_text(TWO_WAYS)
    (tmp_path / "tests" / "two_ways.yaml").write_text(TWO_WAYS_TESTS)
    result = run_coach(home, "playbooks", "test", "--coverage", str(playbook))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "1 case passed, 0 failed.",
        "",
        "Coverage:",
        f"{playbook}: 2 of 3 steps, 0 of 1 branches, 1 of 2 replies, 1 of 2 options",
        f"  {playbook}:16: step 'went': the branch to 'lesson' (if went == 'badly') is never taken",
        f"  {playbook}:13: step 'went': reply 2 (when went == 'badly') is never said",
        f"  {playbook}:9: step 'went': option 'badly' is never picked",
        f"  {playbook}:21: step 'lesson' is never reached",
    ]

    # A second case down the other branch leaves nothing untried.
    (tmp_path / "tests" / "two_ways.yaml").write_text(
        TWO_WAYS_TESTS + '  - name: it went badly\n    answers: [badly, "slow down"]\n'
    )
    result = run_coach(home, "playbooks", "test", "--coverage", str(playbook))
    assert result.stdout.splitlines()[3:] == [
        f"{playbook}: 3 of 3 steps, 1 of 1 branches, 2 of 2 replies, 2 of 2 options: "
        "everything is reached"
    ]


# --- a new playbook from the starter -----------------------------------------------------------


def test_new_writes_a_starter_that_validates_and_passes_its_tests(home: Path) -> None:
    made = run_coach(home, "playbooks", "new", "after_voicemail")
    assert made.returncode == 0, made.stderr
    playbook = home / "playbooks" / "after_voicemail.yaml"
    tests = home / "playbooks" / "tests" / "after_voicemail.yaml"
    assert playbook.is_file() and tests.is_file()
    text = playbook.read_text()
    for kind in playbook_types():
        assert f"# {kind}" in text, f"the starter does not show the {kind} step"
    validated = run_coach(home, "playbooks", "validate")
    assert validated.returncode == 0, validated.stdout
    tested = run_coach(home, "playbooks", "test", str(tests))
    assert tested.stdout == "2 cases passed, 0 failed.\n", tested.stdout
    listed = run_coach(home, "playbooks", "list")
    assert re.search(r"^after_voicemail +After voicemail ", listed.stdout, re.MULTILINE)


def test_new_refuses_to_overwrite_and_to_take_a_used_id(home: Path, tmp_path: Path) -> None:
    assert run_coach(home, "playbooks", "new", "mine", "--to", str(tmp_path)).returncode == 0
    before = (tmp_path / "mine.yaml").read_text()
    again = run_coach(home, "playbooks", "new", "mine", "--to", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (tmp_path / "mine.yaml").read_text() == before
    taken = run_coach(home, "playbooks", "new", "debrief")
    assert taken.returncode == 1 and "already a playbook 'debrief'" in taken.stderr
    assert not (home / "playbooks" / "debrief.yaml").exists()
    bad = run_coach(home, "playbooks", "new", "Not-An-Id")
    assert bad.returncode == 1 and "not a valid playbook id" in bad.stderr
    # The starter written elsewhere is tested where it lies, before it is installed.
    tested = run_coach(home, "playbooks", "test", str(tmp_path / "mine.yaml"))
    assert tested.stdout == "2 cases passed, 0 failed.\n", tested.stdout


# --- test FILE, and the transcript under a failure ---------------------------------------------


def test_an_uninstalled_playbook_is_tested_with_the_tests_beside_it(
    tmp_path: Path, home: Path
) -> None:
    (tmp_path / "tests").mkdir()
    playbook = tmp_path / "two_ways.yaml"
    playbook.write_text(TWO_WAYS)
    tests = tmp_path / "tests" / "two_ways.yaml"
    tests.write_text(TWO_WAYS_TESTS.replace("[went, keep]", "[went, lesson]"))
    for named in (playbook, tests, tmp_path):
        result = run_coach(home, "playbooks", "test", str(named))
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            f"FAIL {tests}:3: two_ways: it went well",
            "  the steps differ:",
            "    expected: went -> lesson",
            "    actual:   went -> keep",
            "  the conversation:",
            "    coach (went): How did it go?",
            "    rep: well",
            "    coach: Good.",
            "    coach (keep): What will you keep?",
            "    rep: the opener",
            "0 cases passed, 1 failed.",
        ]
    # Nothing was installed: the rep's own playbooks do not know it.
    assert "two_ways" not in run_coach(home, "playbooks", "list").stdout


def test_a_broken_uninstalled_playbook_reports_its_problems(tmp_path: Path, home: Path) -> None:
    (tmp_path / "tests").mkdir()
    playbook = tmp_path / "two_ways.yaml"
    playbook.write_text(TWO_WAYS.replace("goto: lesson", "goto: lessn"))
    (tmp_path / "tests" / "two_ways.yaml").write_text(TWO_WAYS_TESTS)
    result = run_coach(home, "playbooks", "test", str(playbook))
    assert result.returncode == 1
    assert "unknown step 'lessn' (did you mean 'lesson'?)" in result.stdout
    assert "has problems" in result.stdout


# --- the mended messages -----------------------------------------------------------------------


def test_one_valid_file_is_not_called_all_1(home: Path, tmp_path: Path) -> None:
    playbook = tmp_path / "two_ways.yaml"
    playbook.write_text(TWO_WAYS)
    result = run_coach(home, "playbooks", "validate", str(playbook))
    assert result.stdout == "The playbook file is valid.\n"


def test_a_broken_file_is_reported_once(home: Path) -> None:
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    (folder / "two_ways.yaml").write_text(TWO_WAYS.replace("ask: \"What will you keep?\"", ""))
    for command in (("validate",), ("show", "two_ways")):
        result = run_coach(home, "playbooks", *command)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert output.count("a text step needs 'ask'") == 1, output


def test_a_file_of_the_reps_folder_named_on_the_command_line_is_reported_once(
    home: Path,
) -> None:
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    playbook = folder / "two_ways.yaml"
    playbook.write_text(TWO_WAYS.replace('ask: "What will you keep?"', 'ask: "{{ kept }}"'))
    result = run_coach(home, "playbooks", "validate", str(playbook), str(playbook), str(folder))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{playbook}:19:10: step 'keep': unknown name 'kept' (did you mean 'keep'?)",
        "1 problem in 1 of 1 playbook file.",
    ]


def test_a_limit_on_a_jump_forward_is_reported_at_the_limit() -> None:
    branch = "        when: \"went == 'badly'\"\n"
    text = TWO_WAYS.replace(branch, branch + "        limit: 1\n")
    with pytest.raises(PlaybookError) as raised:
        playbook_from_text(text, "two_ways.yaml")
    assert [str(d) for d in raised.value.diagnostics] == [
        "two_ways.yaml:18:16: step 'went': next: limit only applies to a jump back, and 'lesson' "
        "comes later (remove it: a jump forward cannot loop, so it is never limited)"
    ]


def test_a_set_name_clashing_with_a_step_is_reported_at_the_name() -> None:
    with pytest.raises(PlaybookError) as raised:
        playbook_from_text(TWO_WAYS + "set:\n  keep: \"went == 'well'\"\n", "two_ways.yaml")
    assert [str(d) for d in raised.value.diagnostics] == [
        "two_ways.yaml:24:3: set: 'keep' is both a step id and a set name (rename one)"
    ]


def test_a_test_naming_a_missing_playbook_or_value_gets_a_did_you_mean(
    tmp_path: Path, home: Path
) -> None:
    tests = tmp_path / "tests.yaml"
    tests.write_text("playbook: debreif\ncases:\n  - answers: [x]\n")
    result = run_coach(home, "playbooks", "test", str(tests))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{tests}:1:11: playbook: no playbook 'debreif' (did you mean 'debrief'?)"
    )
    tests.write_text(
        "playbook: small_win\ncases:\n  - answers: [x]\n    expect:\n      values: {wn: x}\n"
    )
    result = run_coach(home, "playbooks", "test", str(tests))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{tests}:5:16: values: 'small_win' has no step, value or input 'wn' (did you mean 'win'?)"
    )


def test_a_playbook_file_without_tests_beside_it_says_where_they_go(
    tmp_path: Path, home: Path
) -> None:
    playbook = tmp_path / "two_ways.yaml"
    playbook.write_text(TWO_WAYS)
    result = run_coach(home, "playbooks", "test", str(playbook))
    assert result.returncode == 1
    assert str(tmp_path / "tests" / "two_ways.yaml") in result.stderr
    assert len(result.stderr.splitlines()) == 1
