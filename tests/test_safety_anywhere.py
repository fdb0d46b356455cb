"""Distress is heard however and wherever it is typed: a scale, a number, a date, a pick, a
/command line, the half-typed answer kept at Ctrl-C; and distress that is not a crisis meets
fitting help, then the conversation goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from scripts import NOTHING_SAID, piped

from coach.cli import main
from coach.commands.app import App
from coach.conversation import screening
from coach.conversation.helplines import SUPPORT, support_lines
from coach.conversation.safety import distress_in, find_concern
from coach.playbook.safetyrules import builtin_rules


def _run(home: Path, stdin: str, *args: str) -> str:
    app = App(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
              clock=lambda: FIXED_NOW, home=home, interactive=False)
    main(list(args), app)
    assert isinstance(app.stdout, io.StringIO)
    return app.stdout.getvalue()


@pytest.mark.parametrize("typed", ["I want to die", "honestly i just want to end it all",
                                   "booked 0 meetings, cant stop crying, dont want to be here tomorrow"])
def test_distress_typed_into_the_sting_scale_is_heard_not_refused(home: Path, typed: str) -> None:
    out = _run(home, f"{typed}\nn\n", "debrief", "--quick")
    assert "is not a number" not in out and "not a whole number" not in out
    assert "findahelpline.com" in out or "I want to be sure I read that right" in out


def test_after_the_help_the_same_question_is_asked_again(home: Path) -> None:
    out = _run(home, "I want to die\ny\n3\n", "debrief", "--quick")
    assert "findahelpline.com" in out
    assert out.count("How much does it sting right now?") == 2


@pytest.mark.parametrize(("arguments", "answers"), [
    (("checkin",), ["I've been saving up my pills and I know what they're for"]),  # energy scale
    (("debrief", "--quick"), ["3", "everyone would be better off without me"]),  # a choice
    (("debrief", "--quick"), ["3", "1", "i've decided, friday, i'm ending it"]),  # a date
    (("debrief", "--quick"), ["/skip i want to kill myself"]),  # a line that looks like a command
])
def test_distress_is_heard_whatever_the_question(home: Path, arguments: tuple[str, ...],
                                                 answers: list[str]) -> None:
    out = _run(home, "\n".join([*answers, "n"]) + "\n", *arguments)
    assert "findahelpline.com" in out or "I want to be sure I read that right" in out, out


def test_support_meets_fitting_help_and_the_debrief_goes_on(home: Path) -> None:
    typed = "I need a drink at lunch to get through the afternoon dials, every day now"
    out = _run(home, piped([typed, "3", "5", "kept calm", "3", *NOTHING_SAID, "got his email",
                          "open with the referral", "2"]),
               "debrief")
    assert SUPPORT["substances"][0] in out
    assert "doctor" in out and "assistance programme" in out
    assert "988" not in out and "Samaritans" not in out and "findahelpline" not in out
    assert "Saved" in out  # on with the debrief, no stop question


@pytest.mark.parametrize(("kind", "typed"), [
    ("panic", "had a panic attack before the 9am call block, couldn't breathe"),
    ("harassment", "my manager screamed at me in front of the whole floor again today"),
    ("abuse", "a prospect threatened to find out where I live and come round"),
    ("body", "haven't slept more than two hours a night all week"),
    ("burnout", "I cry in the car every single day before I go in"),
])
def test_each_kind_of_support_is_recognised(kind: str, typed: str) -> None:
    found = distress_in(typed, builtin_rules())
    assert found is not None and found.tier == "support" and found.help == kind


def test_support_lines_name_the_employers_programme_and_country_services() -> None:
    assert any("employer's assistance programme" in line for line in support_lines("harassment"))
    assert any("NHS 111" in line for line in support_lines("substances", "GB"))
    assert support_lines("unknown kind")[0] == SUPPORT["burnout"][0]


# --- the word model -----------------------------------------------------------------------------


def test_the_shipped_model_is_plain_json_and_reads() -> None:
    models = screening.builtin_models()
    assert models is not None and len(models.crisis.weights) > 100
    assert models.support is not None and set(models.kinds) == set(SUPPORT)
    data = json.loads(screening.model_file().read_text(encoding="utf-8"))
    assert data["version"] == 1 and set(data) == {"version", "bias", "threshold", "weights",
                                                  "support"}


@pytest.mark.parametrize("data", [
    b"not json", b"[]", b'{"version": 2, "bias": 0, "threshold": 1, "weights": {}}',
    b'{"version": 1, "bias": 0, "threshold": 1, "weights": {"a": NaN}}',
    b'{"version": 1, "bias": 0, "threshold": 1, "weights": {"a": 1e300}}',
    b'{"version": 1, "bias": "x", "threshold": 1, "weights": {}}',
    b'{"version": 1, "bias": 0, "threshold": true, "weights": {}}',
    b'{"version": 1, "bias": 0, "threshold": 1, "weights": {}, "support": {"bias": 0}}',
    b'{"version": 1, "bias": 0, "threshold": 1, "weights": {}, "support": {"bias": 0, '
    b'"threshold": 1, "weights": {}, "kinds": {"panic": {"bias": 0, "weights": {"a": "x"}}}}}',
    b"\xff\xfe",
])
def test_a_damaged_model_file_turns_the_model_off(data: bytes) -> None:
    assert screening.read_models(data) is None


def test_a_huge_model_file_is_not_read() -> None:
    assert screening.read_models(b" " * (screening.MAX_MODEL_BYTES + 1)) is None


def test_a_model_file_without_support_still_reads() -> None:
    models = screening.read_models(b'{"version": 1, "bias": 0, "threshold": 1, "weights": {}}')
    assert models is not None and models.support is None and not models.kinds


@pytest.mark.parametrize(("line", "kind"), [
    ("i keep a little bottle in my desk drawer for the afternoon block", "substances"),
    ("my hands go tingly and cold every time the dialler connects", "panic"),
])
def test_the_support_model_picks_fitting_help_for_words_no_rule_has(line: str, kind: str) -> None:
    assert find_concern(line, builtin_rules()) is None  # no phrase of the rules has it
    found = distress_in(line, builtin_rules())
    # Its help at once, or after the gentle question when the crisis model asks too.
    assert found is not None and found.tier in ("support", "possible") and found.help == kind


def test_the_model_only_ever_asks(tmp_path: Path) -> None:
    # A line no rule has a phrase for, in the family the model was trained on.
    found = distress_in("the only daydream i have left is not waking up from my sleep, ever",
                        builtin_rules())
    assert found is not None and found.tier in ("possible", "crisis")
    if found.rule == "word_model":
        assert found.tier == "possible"


def test_the_shipped_model_is_what_training_gives() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "train_safety_model.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the real terminal face ---------------------------------------------------------------------


def _terminal(home: Path, keys: str) -> tuple[str, object]:
    from conftest import terminal_output
    from prompt_toolkit.input import create_pipe_input

    from coach.conversation.session import ConversationRunner
    from coach.faces.terminal.face import TerminalFace
    from coach.playbook.library import load_library
    from coach.review.stats import compute_stats
    from coach.store.store import Store

    library = load_library()
    output, screen = terminal_output()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        runner = ConversationRunner(Store(home), TerminalFace(input=pipe, output=output),
                                    lambda: FIXED_NOW)
        try:
            outcome: object = runner.start(library.get("debrief"), library.playbooks,
                                           compute_stats([], [], FIXED_NOW), quick=True)
        except KeyboardInterrupt:
            outcome = "interrupted"
    output.flush()
    return screen.getvalue(), outcome


def test_the_terminal_prompt_lets_distress_through_to_be_heard(home: Path) -> None:
    screen, _ = _terminal(home, "I want to die\rn")
    assert "not a whole number" not in screen and "findahelpline.com" in screen


def test_a_half_typed_answer_left_with_ctrl_c_is_read_too(home: Path) -> None:
    screen, outcome = _terminal(home, "I want to kill myself ton\x03")
    assert outcome == "interrupted"
    assert "findahelpline.com" in screen


@pytest.mark.parametrize("line", [
    "Honestly, proper proud of myself for that close",
    "few pints after work with the team to celebrate",
    "drinks every friday with the lads",
    "had a glass of wine with dinner",
    "she didn't want to talk about the budget at all",
    "I'm sick of myself for rushing the pitch",
    "the deal is dead, moving on",
    "I feel stupid",  # a short answer is left to the rules, which hear it as a feeling
    "i feel like a idiot",
    "dont want to talk about it",  # a refusal is not a wish: the models leave it alone
    "Don't really want to go over it",
    "rather not, tbh",
])
def test_everyday_lines_bring_no_concern(line: str) -> None:
    assert distress_in(line, builtin_rules()) is None, line


@pytest.mark.parametrize("line", [
    "I've decided I'm going to end it this weekend",
    "I go to sleep wishing I could just stay asleep forever",
    "I sat in the garage with the engine running for a while last night",
    "I've been saving up my prescription just in case",
    "My family would be better off with the life insurance than with me",
    "If you don't hear from me after Friday, that's why. It was a good run.",
    "I keep a blade in my desk drawer for after the bad days",
    "booked 0 meetings, cant stop crying, dont want to be here tomorrow",
    "I've started cutting again",
    "I don't care if I live or die",
    "I don't see why I should keep living",
    "there's no reason for me to be alive",
])
def test_the_lines_the_issue_found_missed_are_heard(line: str) -> None:
    found = distress_in(line, builtin_rules())
    assert found is not None and found.tier in ("crisis", "possible"), line


def test_words_that_brought_help_are_never_a_win_or_a_plan(home: Path) -> None:
    typed = "i need a couple of vodkas before the afternoon block just to get through it"
    _run(home, f"3\n5\n{typed}\n{typed}\n2\n", "debrief", "--quick")
    app = App(stdin=io.StringIO(""), stdout=io.StringIO(), stderr=io.StringIO(),
              clock=lambda: FIXED_NOW, home=home, interactive=False)
    (record,) = app.store.reflections()
    assert record["answers"]["win.win"]["answer"] == typed  # kept as typed
    assert record["small_win"] is None and record["next_action"] is None


def test_support_that_leans_to_crisis_is_asked_about_first_and_a_no_brings_its_help(
        home: Path) -> None:
    typed = "I feel like Im breaking and I cant tell anyone at work"
    found = distress_in(typed, builtin_rules())
    assert found is not None and (found.tier, found.help) == ("possible", "burnout")
    out = _run(home, f"{typed}\nn\n3\n", "debrief", "--quick")
    assert "I want to be sure I read that right" in out
    assert "\n".join(support_lines("burnout")) in out  # after the no: the help that fits
    assert "findahelpline" not in out
    assert out.count("How much does it sting right now?") == 2


def test_a_crisis_word_inside_a_phrase_ruling_it_out_is_read_as_that_phrase() -> None:
    rules = builtin_rules()
    ruled_out = find_concern("not suicidal or anything, just not coping at all", rules)
    assert ruled_out is not None and ruled_out.tier == "support"
    said = find_concern("not suicidal, but i want to die", rules)
    assert said is not None and said.tier == "crisis"


@pytest.mark.parametrize(("line", "tier"), [
    ("pressed the iron on my arm last night", "crisis"),  # self-harm told as an act
    ("i picked at the cuts till they bled", "crisis"),
    ("i could have punched myself in the face for saying that", "possible"),  # maybe a figure
    ("he called me a c*** and hung up", "support"),  # a starred-out slur is still a slur
    ("the prospect said he would hunt me down", "support"),
    ("pulling my hair out with this CRM", None),  # the idiom, not the act
    ("f***ing hell what a day", None),  # starred-out swearing alone is not abuse
])
def test_acts_and_starred_words_are_read_for_what_they_are(line: str, tier: str | None) -> None:
    found = distress_in(line, builtin_rules())
    assert (found.tier if found else None) == tier, (line, found)
