"""Every kind of playbook problem is reported at its line and column, with a hint that helps."""

from __future__ import annotations

import textwrap
import tracemalloc
from pathlib import Path

import pytest

from coach.errors import Diagnostic, PlaybookError
from coach.playbook.library import Library, load_library, playbook_from_text, read_file
from coach.playbook.yamlsource import MAX_BYTES, MAX_DEPTH


def problems(library: Library, text: str) -> list[Diagnostic]:
    """Every problem found in one playbook's text, checked against the built-ins."""
    with pytest.raises(PlaybookError) as caught:
        playbook_from_text(textwrap.dedent(text), "p.yaml", library.playbooks)
    return caught.value.diagnostics


def only(library: Library, text: str) -> Diagnostic:
    """The single problem of a text that should have exactly one."""
    found = problems(library, text)
    assert len(found) == 1, [str(problem) for problem in found]
    return found[0]


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.line, diagnostic.column


def where(text: str, fragment: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where `fragment` starts in the (dedented) playbook text."""
    text = textwrap.dedent(text)
    offset = -1
    for _ in range(occurrence):
        offset = text.index(fragment, offset + 1)
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# A valid playbook the tests below break in one place at a time.
HEADER = """\
    id: sample
    title: Sample
    steps:
"""


# --- YAML itself -------------------------------------------------------------------------------


def test_yaml_syntax_error_points_at_the_unclosed_bracket(library: Library) -> None:
    found = only(library, "id: x\ntitle: [unclosed\nsteps: []\n")
    assert at(found) == (3, 6)
    assert found.message.startswith("YAML syntax:")
    assert found.hint == "check indentation and quoting"


def test_a_tab_in_the_indentation_is_a_positioned_syntax_error(library: Library) -> None:
    found = only(library, "id: x\n\ttitle: y\n")
    assert at(found) == (2, 1)
    assert "tab" in found.message


def test_anchor_and_alias_are_each_refused_where_they_stand(library: Library) -> None:
    found = problems(library, "id: &name x\ntitle: *name\nsteps: []\n")
    assert [(at(p), p.message) for p in found] == [
        ((1, 5), "YAML anchors (&name) are not allowed"),
        ((2, 8), "YAML aliases (*name) are not allowed"),
    ]


def test_a_billion_laughs_file_is_refused_at_once_without_expanding(library: Library) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    found = problems(library, "\n".join(lines) + "\n")
    assert at(found[0]) == (1, 4)
    assert found[0].message == "YAML anchors (&name) are not allowed"
    assert found[0].hint == "write the value out in full"
    # Refused while reading the YAML: one problem per anchor (10) and per alias (9 x 9), and no
    # problem from the schema (a missing title, steps), which would mean the data was built.
    messages = [problem.message for problem in found]
    assert messages.count("YAML anchors (&name) are not allowed") == 10
    assert messages.count("YAML aliases (*name) are not allowed") == 81
    assert len(messages) == 91


def test_nesting_deeper_than_the_limit_points_at_the_level_too_many(library: Library) -> None:
    depth = MAX_DEPTH + 6
    found = only(library, "id: x\ntitle: t\nsteps: " + "[" * depth + "]" * depth + "\n")
    # The root mapping is level 1, so the first '[' is level 2 and the one past the limit
    # is the MAX_DEPTH-th bracket, on column 8 + MAX_DEPTH - 1.
    assert at(found) == (3, 7 + MAX_DEPTH)
    assert found.message == f"nesting deeper than {MAX_DEPTH} levels"


def test_a_file_over_the_size_cap_is_refused(library: Library) -> None:
    text = "id: x\ntitle: t\nsteps:\n" + "# padding\n" * (MAX_BYTES // 10 + 1)
    found = only(library, text)
    assert at(found) == (1, 1)
    assert "larger than 256 KiB" in found.message


def test_a_huge_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: costs nothing on disk
    tracemalloc.start()
    try:
        playbook, found = read_file(path, "user")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Reading the 64 MiB whole would take 64 MiB; stopping at the cap takes a few hundred KiB.
    assert peak < 8 * 1024 * 1024, f"read_file held {peak} bytes at once"
    assert playbook is None
    assert [(at(p), p.message) for p in found] == [((1, 1), "the file is larger than 256 KiB")]


def test_a_second_document_is_refused_at_its_marker(library: Library) -> None:
    found = only(library, 'id: x\ntitle: t\nsteps:\n  - ask: "Hi"\n---\nid: y\n')
    assert at(found) == (5, 1)
    assert found.message == "a playbook file holds one YAML document"


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object:os.system x", "tag:yaml.org,2002:python/object:os.system"),
        (
            '!!python/object/apply:os.system ["id"]',
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
        ("!!binary aGk=", "tag:yaml.org,2002:binary"),
        ("!!str plain", "tag:yaml.org,2002:str"),
        ("!custom thing", "!custom"),
    ],
)
def test_tags_are_refused_where_they_stand(library: Library, value: str, tag: str) -> None:
    found = only(library, f'id: x\ntitle: {value}\nsteps:\n  - ask: "Hi"\n')
    assert at(found) == (2, 8)
    assert found.message == f"YAML tags such as {tag} are not allowed"


def test_duplicate_key_points_at_the_second_and_names_the_first_line(library: Library) -> None:
    found = only(
        library,
        HEADER
        + """\
      - id: a
        ask: "One"
        ask: "Two"
    """,
    )
    assert at(found) == (6, 5)
    assert found.message == "duplicate key 'ask'"
    assert found.hint == "it was already given on line 5"


def test_nul_bytes_and_control_characters_are_refused_with_a_position(library: Library) -> None:
    assert at(only(library, "id: x\x00\n")) == (1, 1)
    control = only(library, "id: x\ntitle: bad\x07bell\n")
    assert at(control) == (2, 11)
    assert "control character #x0007" in control.message


# --- YAML 1.1 surprises where text is expected -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        ("no", "the boolean no"),
        ("off", "the boolean off"),
        ("12:30", "the int '12:30'"),
        ("2026-01-02", "the timestamp '2026-01-02'"),
        ("0x1F", "the int '0x1F'"),
        ("1.5", "the float '1.5'"),
    ],
)
def test_yaml_11_surprises_in_a_question_are_caught_with_a_quoting_hint(
    library: Library, value: str, reading: str
) -> None:
    text = HEADER + f"      - id: a\n        ask: {value}\n"
    found = only(library, text)
    assert at(found) == where(text, value)
    assert found.message == f"step 'a': ask: YAML reads {value!r} as {reading}, not text"
    assert found.hint == f'put it in quotes: "{value}"'


def test_quoted_values_are_plain_text(library: Library) -> None:
    playbook = playbook_from_text(
        'id: x\ntitle: "No"\nsteps:\n  - id: a\n    ask: "12:30?"\n    default: "no"\n',
        "p.yaml",
        library.playbooks,
    )
    assert playbook.title == "No" and playbook.step("a").default == "no"


# --- keys --------------------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_closest(library: Library) -> None:
    text = 'id: x\ntitel: t\nsteps:\n  - id: a\n    ask: "Hi"\n'
    found = problems(library, text)
    assert [(at(p), p.message, p.hint) for p in found] == [
        (where(text, "titel"), "unknown key 'titel'", "did you mean 'title'?"),
        ((1, 1), "missing required key 'title'", ""),
    ]


def test_unknown_step_key_suggests_the_closest(library: Library) -> None:
    text = HEADER + '      - id: a\n        aks: "Hi"\n'
    found = problems(library, text)
    assert [(at(p), p.message, p.hint) for p in found] == [
        (where(text, "aks"), "step 'a': unknown key 'aks'", "did you mean 'ask'?"),
        (where(text, "id: a"), "step 'a': a text step needs 'ask'", ""),
    ]


def test_unknown_keys_in_responses_and_rules_suggest_the_closest(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Hi"
        respond:
          - sya: "Hello"
            say: "Hi back"
        next:
          - goot: a
            goto: end
    """
    )
    found = problems(library, text)
    assert sorted((at(p), p.message, p.hint) for p in found) == [
        (where(text, "sya"), "step 'a': respond: unknown key 'sya'", "did you mean 'say'?"),
        (where(text, "goot"), "step 'a': next: unknown key 'goot'", "did you mean 'goto'?"),
    ]


def test_missing_keys_are_each_reported_at_their_mapping(library: Library) -> None:
    text = (
        HEADER
        + """\
      - ask: "No id"
      - id: b
        type: choice
        ask: "Pick"
      - id: c
        ask: "Hi"
        respond:
          - when: "c == 'x'"
        next:
          - when: "c == 'y'"
    """
    )
    found = problems(library, text)
    assert sorted((at(p), p.message) for p in found) == [
        (where(text, 'ask: "No id"'), "step 1 has no id"),
        (where(text, "id: b"), "step 'b': a choice step needs 'choices'"),
        (where(text, "when: \"c == 'x'\""), "step 'c': a response needs 'say'"),
        (where(text, "when: \"c == 'y'\""), "step 'c': a next rule needs 'goto'"),
    ]


def test_a_key_that_does_not_fit_the_step_type_is_reported(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        type: text
        ask: "Hi"
        choices: {x: "X"}
      - id: b
        include: small_win
        respond:
          - say: "Never said"
      - id: c
        say: "Hello"
        required: true
    """
    )
    found = problems(library, text)
    assert [(at(p), p.message, p.hint) for p in found] == [
        (
            where(text, "choices"),
            "step 'a': 'choices' does not apply to a text step",
            "only choice steps use it",
        ),
        (
            where(text, "respond"),
            "step 'b': 'respond' does not apply to an include step",
            "only questions use it",
        ),
        (
            where(text, "required"),
            "step 'c': 'required' does not apply to a say step",
            "only questions use it",
        ),
    ]


def test_invalid_and_reserved_ids_are_refused(library: Library) -> None:
    text = (
        HEADER + '      - id: Bad-Id\n        ask: "One"\n      - id: stats\n        ask: "Two"\n'
    )
    found = problems(library, text)
    assert [(at(p), p.message) for p in found] == [
        (where(text, "Bad-Id"), "step 1: id: 'Bad-Id' is not a valid id"),
        (where(text, "stats"), "step 2: id: 'stats' is a reserved name"),
    ]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("type: choice\n    choices: {a: A, b: B}\n    default: c", "'c' is not a choice key"),
        ("type: scale\n    min: 0\n    max: 5\n    default: 9", "9 is outside the step's range"),
        ("type: yesno\n    default: maybe", "expected true or false, found the text 'maybe'"),
        ("type: date\n    default: soon", "'soon' is not a date"),
    ],
)
def test_a_default_must_fit_its_step(library: Library, step: str, message: str) -> None:
    text = f'id: x\ntitle: X\nsteps:\n  - id: a\n    ask: "Hi"\n    {step}\n'
    found = only(library, text)
    assert found.message == f"step 'a': default: {message}"
    assert at(found) == (text.count("\n"), len("    default: ") + 1)


def test_a_bare_date_default_is_kept_as_iso_text(library: Library) -> None:
    text = 'id: x\ntitle: X\nsteps:\n  - id: a\n    type: date\n    ask: "When?"\n    default: 2026-12-01\n'
    playbook = playbook_from_text(text, "p.yaml", library.playbooks)
    assert playbook.step("a").default == "2026-12-01"


# --- references --------------------------------------------------------------------------------


def test_an_include_cycle_is_reported_in_every_playbook_on_it(tmp_path: Path) -> None:
    one = "id: one\ntitle: One\nsteps:\n  - include: two\n"
    two = 'id: two\ntitle: Two\nsteps:\n  - id: q\n    ask: "Hi"\n  - include: one\n'
    (tmp_path / "one.yaml").write_text(one)
    (tmp_path / "two.yaml").write_text(two)
    library = load_library(tmp_path)
    assert "one" not in library.playbooks and "two" not in library.playbooks
    found_one = library.problems[str(tmp_path / "one.yaml")]
    found_two = library.problems[str(tmp_path / "two.yaml")]
    assert [(at(p), p.message) for p in found_one] == [
        (where(one, "include"), "step 'two': include cycle one -> two -> one")
    ]
    assert [(at(p), p.message) for p in found_two] == [
        (where(two, "include"), "step 'one': include cycle two -> one -> two")
    ]


def test_a_step_jumped_over_is_reachable_through_a_conditional_jump(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        type: yesno
        ask: "Skip?"
        next:
          - goto: c
            when: "a"
      - id: b
        ask: "Two"
      - id: c
        ask: "Three"
    """
    )
    assert playbook_from_text(textwrap.dedent(text), "p.yaml", library.playbooks).has_step("b")


# --- conditions --------------------------------------------------------------------------------


def test_a_condition_that_does_not_parse_points_at_the_condition(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n        when: "a =="\n'
    found = only(library, text)
    assert at(found) == where(text, '"a =="')
    assert found.message.startswith("step 'a': when: does not parse")


@pytest.mark.parametrize("condition", ["a) or (b", "a }}x", "a b"])
def test_a_condition_is_parsed_as_it_will_be_compiled(library: Library, condition: str) -> None:
    text = HEADER + f'      - id: a\n        ask: "Hi"\n        when: "{condition}"\n'
    found = only(library, text)
    assert at(found) == where(text, f'"{condition}"')
    assert found.message.startswith("step 'a': when: does not parse")


# --- templates ---------------------------------------------------------------------------------


def test_a_template_that_does_not_parse_points_at_the_text(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "{{ unclosed"\n'
    found = only(library, text)
    assert at(found) == where(text, '"{{ unclosed')
    assert found.message.startswith("step 'a': ask: does not parse")


def test_unknown_name_inside_a_block_text_points_at_its_line(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Hi"
      - id: b
        type: say
        say: |
          First line mentions {{ a }}.
          Second line mentions {{ nope }}.
    """
    )
    found = only(library, text)
    # The line is the one inside the block; the column is that of the block's `|`.
    assert at(found) == (where(text, "Second")[0], where(text, "|")[1])
    assert found.message == "step 'b': unknown name 'nope'"


def test_a_private_key_and_name_in_a_template_are_refused(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "{{ stats['__dict__'] }}"
      - id: b
        ask: "{{ _secret }}"
    """
    )
    found = problems(library, text)
    assert [(at(p), p.message) for p in found] == [
        (where(text, '"{{ stats'), "step 'a': ask: the key '__dict__' is not allowed"),
        (where(text, '"{{ _secret'), "step 'b': ask: the name '_secret' is not allowed"),
    ]


def test_an_unknown_filter_lists_the_allowed_ones(library: Library) -> None:
    text = HEADER + "      - id: a\n        ask: \"{{ today | attr('x') }}\"\n"
    found = only(library, text)
    assert at(found) == where(text, '"{{')
    assert found.message == "step 'a': ask: unknown filter 'attr'"
    assert found.hint.startswith("known filters are abs, capitalize, default")


# --- every problem at once ---------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_not_just_the_first(library: Library) -> None:
    text = """\
    id: x
    title: no
    steps:
      - id: a
        ask: "{{ nope }}"
        when: "a =="
      - id: a
        type: scael
        ask: "Hi"
        next: missing
    """
    found = problems(library, text)
    assert sorted(at(p) for p in found) == sorted(
        [
            where(text, "no"),
            where(text, '"a =="'),
            where(text, "id: a", 2),
            where(text, "scael"),
            where(text, "missing"),
            where(text, '"{{ nope'),
        ]
    )
    assert "title: YAML reads 'no' as the boolean no, not text" in [p.message for p in found]


def test_a_broken_override_gives_way_to_the_built_in_and_its_flows_keep_working(
    tmp_path: Path,
) -> None:
    (tmp_path / "small_win.yaml").write_text(
        'id: small_win\ntitle: Mine\nsteps:\n  - id: a\n    ask: "{{ nope }}"\n'
    )
    library = load_library(tmp_path)
    assert library.playbooks["small_win"].origin == "built-in"
    assert "debrief" in library.playbooks
    assert [p.message for p in library.problems[str(tmp_path / "small_win.yaml")]] == [
        "step 'a': unknown name 'nope'"
    ]


# --- one problem, one place: the table ---------------------------------------------------------


def case(name: str, text: str, fragment: str | None, message: str, hint: str | None = None,
         occurrence: int = 1) -> object:
    """One playbook with a single problem: where it starts (`fragment`), its message and hint.

    A `fragment` of None checks the message only; a `hint` of None does not check the hint."""
    return pytest.param(text, fragment, occurrence, message, hint, id=name)


CHOICE_KEYWORDS = """\
      - id: a
        ask: "Pick"
        choices: {x: "X", y: "Y"}
        respond:
          - keywords: [x]
            say: "Never said"
"""
FALLBACK_KEYWORDS = """\
      - id: a
        ask: "Hi"
        respond:
          - fallback: true
            keywords: [never]
            say: "Otherwise"
"""
MISSPELT_JUMP = """\
      - id: first
        ask: "One"
        next:
          - goto: secnd
            when: "first == 'x'"
      - id: second
        ask: "Two"
"""
MISSPELT_ANSWER = """\
      - id: sting
        type: scale
        ask: "How much?"
      - id: b
        ask: "Hi"
        when: "stng >= 7"
"""
MISSPELT_CHOICE = """\
      - id: cause
        ask: "Why?"
        choices: {timing: "Timing", budget: "Budget"}
      - id: b
        ask: "When?"
        next:
          - goto: end
            when: "cause in ['timing', 'budgt']"
"""
INCLUDED_CHOICE = """\
      - id: fit
        include: timing_fit
      - id: b
        ask: "Hi"
        when: "fit.cause == 'money'"
"""
RESPONSE_NAMES = """\
      - id: a
        ask: "Hi"
        respond:
          - when: "answer | length > 3"
            say: "Long"
          - when: "match == 'x'"
            say: "Never"
"""
RESPONSE_VARIANT = """\
      - id: a
        ask: "Hi"
        respond:
          - say:
              - "Fine, {{ answer }}"
              - "Also fine, {{ answr }}"
"""
YES_CHOICE_KEY = """\
      - id: a
        ask: "Worth it?"
        choices: {yes: "Yes", "no": "No"}
"""

SINGLE_PROBLEMS = [
    # YAML 1.1 reading text as something else
    case("null question", HEADER + "      - id: a\n        ask: ~\n", "~",
         "step 'a': ask: expected text, found nothing (null)"),
    case("bare no as title", 'id: x\ntitle: no\nsteps:\n  - id: a\n    ask: "Hi"\n', "no",
         "title: YAML reads 'no' as the boolean no, not text"),
    case("bare yes as choice key", HEADER + YES_CHOICE_KEY, "yes",
         "step 'a': choice key: YAML reads 'yes' as the boolean yes, not text"),
    case("bare no as text default", HEADER + '      - id: a\n        ask: "Hi"\n        default: no\n',
         "no\n", "step 'a': default: YAML reads 'no' as the boolean no, not text"),
    # keys and steps
    case("unknown step type", HEADER + '      - id: a\n        type: txt\n        ask: "Hi"\n', "txt",
         "step 'a': unknown type 'txt'", "did you mean 'text'?"),
    case("duplicate step id",
         HEADER + '      - id: a\n        ask: "One"\n      - id: a\n        ask: "Two"\n', "id: a",
         "duplicate step id 'a'", "it is already used on line 4", occurrence=2),
    case("keywords on a choice step", HEADER + CHOICE_KEYWORDS, "keywords",
         "step 'a': respond: keywords only match free-text answers",
         "for a choice step, use when: with the step id (or give the choice other: true)"),
    case("fallback with keywords", HEADER + FALLBACK_KEYWORDS, "keywords",
         "step 'a': respond: a fallback takes no keywords"),
    case("include step without a playbook", HEADER + "      - id: a\n        type: include\n",
         "id: a", "step 'a': an include step needs 'include: playbook_id'"),
    # references
    case("unknown jump target", HEADER + MISSPELT_JUMP, "secnd",
         "step 'first': next: unknown step 'secnd'", "did you mean 'second'?"),
    case("unknown quick step", HEADER + '      - id: a\n        ask: "Hi"\n    quick: [a, b]\n',
         "[a, b]", "quick: unknown step 'b'"),
    case("unknown included playbook", HEADER + "      - include: smal_win\n", "smal_win",
         "step 'smal_win': include: unknown playbook 'smal_win'", "did you mean 'small_win'?"),
    case("playbook including itself", "id: loop\ntitle: Loop\nsteps:\n  - include: loop\n",
         "include", "step 'loop': include cycle loop -> loop"),
    case("step after an unconditional end",
         HEADER + '      - id: a\n        ask: "One"\n        next: end\n      - id: b\n        ask: "Two"\n',
         "id: b", "step 'b' can never be reached"),
    # A misspelt jump is one problem: the steps after it are not also called unreachable.
    case("misspelt jump alone",
         HEADER + '      - id: a\n        ask: "One"\n        next: bb\n      - id: b\n        ask: "Two"\n',
         None, "step 'a': next: unknown step 'bb'"),
    # conditions
    case("condition written as a template",
         HEADER + '      - id: a\n        ask: "Hi"\n        when: "{{ a }}"\n', None,
         "step 'a': when: a condition is a single expression, not a template",
         "write it without {{ }}, e.g. sting >= 7"),
    case("unknown answer in a condition", HEADER + MISSPELT_ANSWER, '"stng',
         "step 'b': when: unknown name 'stng'", "did you mean 'sting'?"),
    case("unknown stat in a condition",
         HEADER + '      - id: a\n        ask: "Hi"\n        when: "stats.dails_today > 3"\n',
         '"stats', "step 'a': when: unknown stat 'dails_today'", "did you mean 'dials_today'?"),
    case("unknown choice key in a condition", HEADER + MISSPELT_CHOICE, '"cause in',
         "step 'b': next: 'budgt' is not a choice of step 'cause'", "did you mean 'budget'?"),
    case("unknown answer of an included playbook",
         HEADER + '      - id: win\n        include: small_win\n    set:\n      w: "win.smal_win"\n',
         '"win.smal_win"', "set 'w': 'small_win' has no step or value 'smal_win'",
         "did you mean 'small_win'?"),
    case("choice key of an included playbook", HEADER + INCLUDED_CHOICE, '"fit.cause',
         "step 'b': when: 'money' is not a choice of step 'cause'"),
    case("response condition reading match", HEADER + RESPONSE_NAMES, '"match',
         "step 'a': respond: unknown name 'match'"),
    # templates
    case("attribute of an answer",
         HEADER + '      - id: a\n        ask: "Hi"\n      - id: b\n        ask: "{{ a.value }}"\n',
         '"{{ a.value', "step 'b': 'a' has no attribute 'value'"),
    case("unknown name in a template",
         HEADER + '      - id: a\n        ask: "Hi"\n      - id: b\n        ask: "Re {{ c }}"\n',
         '"Re', "step 'b': unknown name 'c'", "valid: a, b, stats, today"),
    case("private attribute in a template",
         HEADER + '      - id: a\n        ask: "{{ stats.__class__ }}"\n', '"{{',
         "step 'a': ask: the attribute '__class__' is not allowed",
         "names starting with '_' are private"),
    case("problem in one response variant", HEADER + RESPONSE_VARIANT, '"Also',
         "step 'a': respond: unknown name 'answr'"),
]


@pytest.mark.parametrize(("text", "fragment", "occurrence", "message", "hint"), SINGLE_PROBLEMS)
def test_a_single_problem_is_reported_where_it_stands(
    library: Library, text: str, fragment: str | None, occurrence: int, message: str,
    hint: str | None,
) -> None:
    found = only(library, text)
    assert found.message == message
    if fragment is not None:
        assert at(found) == where(text, fragment, occurrence)
    if hint is not None:
        assert found.hint == hint
