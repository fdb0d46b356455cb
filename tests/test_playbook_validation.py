"""Every kind of playbook problem is reported at its line and column, with a hint that helps."""

from __future__ import annotations

import textwrap
import time
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
    started = time.monotonic()
    found = problems(library, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 1
    assert at(found[0]) == (1, 4)
    assert found[0].message == "YAML anchors (&name) are not allowed"
    assert found[0].hint == "write the value out in full"


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
    started = time.monotonic()
    playbook, found = read_file(path, "user")
    assert time.monotonic() - started < 1
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


def test_a_null_question_is_not_text(library: Library) -> None:
    text = HEADER + "      - id: a\n        ask: ~\n"
    found = only(library, text)
    assert at(found) == where(text, "~")
    assert found.message == "step 'a': ask: expected text, found nothing (null)"


def test_a_bare_no_as_a_title_is_caught(library: Library) -> None:
    text = 'id: x\ntitle: no\nsteps:\n  - id: a\n    ask: "Hi"\n'
    found = only(library, text)
    assert at(found) == where(text, "no")
    assert found.message == "title: YAML reads 'no' as the boolean no, not text"


def test_a_bare_yes_as_a_choice_key_is_caught(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Worth it?"
        choices: {yes: "Yes", "no": "No"}
    """
    )
    found = only(library, text)
    assert at(found) == where(text, "yes")
    assert found.message == "step 'a': choice key: YAML reads 'yes' as the boolean yes, not text"


def test_a_bare_no_as_a_text_default_is_caught(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n        default: no\n'
    found = only(library, text)
    assert at(found) == where(text, "no\n")
    assert found.message == "step 'a': default: YAML reads 'no' as the boolean no, not text"


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


def test_unknown_step_type_lists_the_types(library: Library) -> None:
    text = HEADER + '      - id: a\n        type: txt\n        ask: "Hi"\n'
    found = only(library, text)
    assert at(found) == where(text, "txt")
    assert found.message == "step 'a': unknown type 'txt'"
    assert found.hint == "did you mean 'text'?"


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


def test_duplicate_step_id_points_at_the_second_step(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "One"\n      - id: a\n        ask: "Two"\n'
    found = only(library, text)
    assert at(found) == where(text, "id: a", 2)
    assert found.message == "duplicate step id 'a'"
    assert found.hint == "it is already used on line 4"


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


def test_keywords_on_a_choice_step_are_reported(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Pick"
        choices: {x: "X", y: "Y"}
        respond:
          - keywords: [x]
            say: "Never said"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, "keywords")
    assert found.message == "step 'a': respond: keywords only match free-text answers"
    assert found.hint == "for a choice step, use when: with the step id"


def test_a_fallback_with_keywords_is_reported(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Hi"
        respond:
          - fallback: true
            keywords: [never]
            say: "Otherwise"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, "keywords")
    assert found.message == "step 'a': respond: a fallback takes no keywords"


# --- references --------------------------------------------------------------------------------


def test_unknown_jump_target_points_at_the_target(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: first
        ask: "One"
        next:
          - goto: secnd
            when: "first == 'x'"
      - id: second
        ask: "Two"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, "secnd")
    assert found.message == "step 'first': next: unknown step 'secnd'"
    assert found.hint == "did you mean 'second'?"


def test_unknown_quick_step_is_reported(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n    quick: [a, b]\n'
    found = only(library, text)
    assert at(found) == where(text, "[a, b]")
    assert found.message == "quick: unknown step 'b'"


def test_unknown_included_playbook_points_at_the_include(library: Library) -> None:
    text = HEADER + "      - include: smal_win\n"
    found = only(library, text)
    assert at(found) == where(text, "smal_win")
    assert found.message == "step 'smal_win': include: unknown playbook 'smal_win'"
    assert found.hint == "did you mean 'small_win'?"


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


def test_a_playbook_including_itself_is_a_cycle(library: Library) -> None:
    text = "id: loop\ntitle: Loop\nsteps:\n  - include: loop\n"
    found = only(library, text)
    assert at(found) == where(text, "include")
    assert found.message == "step 'loop': include cycle loop -> loop"


def test_a_step_after_an_unconditional_end_is_unreachable(library: Library) -> None:
    text = (
        HEADER
        + '      - id: a\n        ask: "One"\n        next: end\n      - id: b\n        ask: "Two"\n'
    )
    found = only(library, text)
    assert at(found) == where(text, "id: b")
    assert found.message == "step 'b' can never be reached"


def test_a_misspelt_jump_does_not_also_make_later_steps_unreachable(library: Library) -> None:
    text = (
        HEADER
        + '      - id: a\n        ask: "One"\n        next: bb\n      - id: b\n        ask: "Two"\n'
    )
    found = only(library, text)
    assert found.message == "step 'a': next: unknown step 'bb'"


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


def test_a_condition_written_as_a_template_is_refused(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n        when: "{{ a }}"\n'
    found = only(library, text)
    assert found.message == "step 'a': when: a condition is a single expression, not a template"
    assert found.hint == "write it without {{ }}, e.g. sting >= 7"


def test_unknown_answer_in_a_condition_suggests_the_step(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: sting
        type: scale
        ask: "How much?"
      - id: b
        ask: "Hi"
        when: "stng >= 7"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, '"stng')
    assert found.message == "step 'b': when: unknown name 'stng'"
    assert found.hint == "did you mean 'sting'?"


def test_unknown_stat_in_a_condition_suggests_the_stat(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n        when: "stats.dails_today > 3"\n'
    found = only(library, text)
    assert at(found) == where(text, '"stats')
    assert found.message == "step 'a': when: unknown stat 'dails_today'"
    assert found.hint == "did you mean 'dials_today'?"


def test_unknown_choice_key_in_condition_points_at_the_condition(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: cause
        ask: "Why?"
        choices: {timing: "Timing", budget: "Budget"}
      - id: b
        ask: "When?"
        next:
          - goto: end
            when: "cause in ['timing', 'budgt']"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, '"cause in')
    assert found.message == "step 'b': next: 'budgt' is not a choice of step 'cause'"
    assert found.hint == "did you mean 'budget'?"


def test_unknown_answer_of_an_included_playbook_is_reported(library: Library) -> None:
    text = (
        HEADER + '      - id: win\n        include: small_win\n    set:\n      w: "win.smal_win"\n'
    )
    found = only(library, text)
    assert at(found) == where(text, '"win.smal_win"')
    assert found.message == "set 'w': 'small_win' has no step or value 'smal_win'"
    assert found.hint == "did you mean 'small_win'?"


def test_a_choice_key_of_an_included_playbook_is_checked(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: fit
        include: timing_fit
      - id: b
        ask: "Hi"
        when: "fit.cause == 'money'"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, '"fit.cause')
    assert found.message == "step 'b': when: 'money' is not a choice of step 'cause'"


def test_an_attribute_of_an_answer_is_reported(library: Library) -> None:
    text = (
        HEADER + '      - id: a\n        ask: "Hi"\n      - id: b\n        ask: "{{ a.value }}"\n'
    )
    found = only(library, text)
    assert at(found) == where(text, '"{{ a.value')
    assert found.message == "step 'b': 'a' has no attribute 'value'"


def test_a_response_condition_may_read_answer_but_not_match(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Hi"
        respond:
          - when: "answer | length > 3"
            say: "Long"
          - when: "match == 'x'"
            say: "Never"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, '"match')
    assert found.message == "step 'a': respond: unknown name 'match'"


# --- templates ---------------------------------------------------------------------------------


def test_a_template_that_does_not_parse_points_at_the_text(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "{{ unclosed"\n'
    found = only(library, text)
    assert at(found) == where(text, '"{{ unclosed')
    assert found.message.startswith("step 'a': ask: does not parse")


def test_unknown_name_in_a_template_lists_the_known_names(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "Hi"\n      - id: b\n        ask: "Re {{ c }}"\n'
    found = only(library, text)
    assert at(found) == where(text, '"Re')
    assert found.message == "step 'b': unknown name 'c'"
    assert found.hint == "valid: a, b, stats, today"


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


def test_a_private_attribute_in_a_template_is_refused(library: Library) -> None:
    text = HEADER + '      - id: a\n        ask: "{{ stats.__class__ }}"\n'
    found = only(library, text)
    assert at(found) == where(text, '"{{')
    assert found.message == "step 'a': ask: the attribute '__class__' is not allowed"
    assert found.hint == "names starting with '_' are private"


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


def test_a_problem_in_a_response_text_points_at_the_variant(library: Library) -> None:
    text = (
        HEADER
        + """\
      - id: a
        ask: "Hi"
        respond:
          - say:
              - "Fine, {{ answer }}"
              - "Also fine, {{ answr }}"
    """
    )
    found = only(library, text)
    assert at(found) == where(text, '"Also')
    assert found.message == "step 'a': respond: unknown name 'answr'"


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


def test_an_include_step_without_a_playbook_is_reported_once(library: Library) -> None:
    text = HEADER + "      - id: a\n        type: include\n"
    found = only(library, text)
    assert at(found) == where(text, "id: a")
    assert found.message == "step 'a': an include step needs 'include: playbook_id'"


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
