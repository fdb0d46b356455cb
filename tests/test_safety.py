"""Distress steps out of coaching; the violent idioms of everyday sales talk do not.

The matcher and its rules file, the two tiers in the engine, the stop/continue choice in a
conversation, /help-now, and the stopped conversation that is never offered back.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from coach.cli import main
from coach.commands.app import App
from coach.conversation.engine import Conversation
from coach.conversation.safety import find_concern, normalise
from coach.errors import PlaybookError
from coach.playbook.library import Library, playbook_from_text
from coach.playbook.safetyrules import SafetyRules, builtin_rules, load_rules, read_rules
from tests.conftest import FIXED_NOW


@pytest.fixture(scope="module")
def rules() -> SafetyRules:
    return builtin_rules()


# -- normalising and matching ------------------------------------------------------------------


def test_typographic_apostrophes_and_contractions_read_like_plain_ones(rules: SafetyRules) -> None:
    assert [w for w, _, _ in normalise("I\u2019m sure I don\u2019t")] == [
        "i", "am", "sure", "i", "do", "not"
    ]
    assert find_concern("I don\u2019t want to be around anymore", rules) is not None
    assert find_concern("i dont want to be around any more", rules) is not None


def test_repeated_letters_and_common_misspellings(rules: SafetyRules) -> None:
    assert find_concern("i wanna diiiieeee", rules) is not None
    assert find_concern("thinking about sucide", rules) is not None
    assert find_concern("i just want to dissapear", rules) is not None


def test_words_in_between_are_allowed_but_not_across_a_full_stop(rules: SafetyRules) -> None:
    assert find_concern("I keep thinking about ending things", rules) is not None
    assert find_concern("i really honestly do not want to be alive", rules) is not None
    text, spec = "nobody would miss me", "nobody would|will ... miss me"
    rules_with_gap, _ = read_rules(f"version: 1\ngap: 2\nrules:\n  - id: a\n    tier: clear\n"
                                   f"    phrases: ['{spec}']\n", "t.yaml")
    assert rules_with_gap is not None
    assert find_concern(text, rules_with_gap) is not None
    assert find_concern("nobody would really truly miss me", rules_with_gap) is not None
    assert find_concern("nobody would go. they miss me", rules_with_gap) is None


def test_an_idiom_does_not_hide_distress_next_to_it(rules: SafetyRules) -> None:
    concern = find_concern("Cut myself some slack on that deal. Honestly I want to die.", rules)
    assert concern is not None and concern.quote == "want to die"


def test_the_quote_is_the_text_as_typed(rules: SafetyRules) -> None:
    concern = find_concern("Rough day.\nI DON\u2019T want to be around anymore!!", rules)
    assert concern is not None and concern.quote == "DON\u2019T want to be around anymore"


def test_a_20000_character_answer_is_checked_at_once(rules: SafetyRules) -> None:
    filler = "called the list again and left a voicemail, " * 460
    text = (filler + "i want to die")[-20_000:]
    assert len(text) == 20_000
    # The phrase sits at the very end: the whole answer is read, none of it cut off.
    found = find_concern(text, rules)
    assert found is not None and found.quote == "want to die"
    assert find_concern("no " * 6_666, rules) is None


def test_tiers(rules: SafetyRules) -> None:
    crisis = find_concern("I want to kill myself", rules)
    possible = find_concern("i just want to disappear", rules)
    support = find_concern("I need a drink at lunch to get through the afternoon dials", rules)
    assert crisis is not None and crisis.tier == "crisis"
    assert possible is not None and possible.tier == "possible"
    assert support is not None and support.tier == "support" and support.help == "substances"
    assert find_concern("I'm killing it today", rules) is None
    # The most serious concern wins, wherever it stands in the answer.
    both = find_concern("I need a drink to get through the day and I want to kill myself", rules)
    assert both is not None and both.tier == "crisis"


@pytest.mark.parametrize("line", [
    "I've decided I'm going to end it this weekend",
    "going to end it for good",
    "i'm going to end it tomorrow",
])
def test_a_trailing_time_word_does_not_defeat_a_phrase(rules: SafetyRules, line: str) -> None:
    found = find_concern(line, rules)
    assert found is not None and found.tier == "crisis", line


@pytest.mark.parametrize("line", [
    "This quota is suicide", "I cut my throat on price to get the signature",
    "I could have shot myself when I realised I'd called him by the wrong name",
])
def test_dark_word_hyperbole_gets_at_most_a_gentle_question(rules: SafetyRules, line: str) -> None:
    found = find_concern(line, rules)
    assert found is None or found.tier == "possible", (line, found)


def test_an_idiom_only_excuses_its_own_rule(rules: SafetyRules) -> None:
    found = find_concern("My family would be better off with the life insurance than with me",
                         rules)
    assert found is not None and found.tier == "crisis"


def test_old_tier_names_still_read() -> None:
    rules, problems = read_rules("version: 1\nrules:\n  - id: a\n    tier: clear\n"
                                 "    phrases: [end my life]\n  - id: b\n    tier: ambiguous\n"
                                 "    phrases: [disappear]\n", "t.yaml")
    assert not problems and rules is not None
    assert [rule.tier for rule in rules.rules] == ["crisis", "possible"]


def test_global_exceptions_are_refused_with_the_way_to_scope_them() -> None:
    _, problems = read_rules("version: 1\nrules:\n  - id: a\n    tier: crisis\n"
                             "    phrases: [end my life]\nexceptions: [x]\n", "t.yaml")
    assert any("unless" in str(problem) for problem in problems)


# -- the rules file ----------------------------------------------------------------------------


def test_the_shipped_rules_file_validates() -> None:
    from coach.playbook.safetyrules import rules_file

    loaded = load_rules(rules_file())
    assert {rule.tier for rule in loaded.rules} == {"crisis", "possible", "support"}
    assert all(rule.help for rule in loaded.rules if rule.tier == "support")


def test_a_broken_rules_file_gives_positions_and_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "safety.yaml"
    path.write_text(
        "version: 1\n"
        "rules:\n"
        "  - id: one\n"
        "    teir: clear\n"
        "    phrases: [\"don't go\", 'x ...']\n"
        "  - id: two\n"
        "    tier: clearly\n"
        "    phrases: [fine]\n"
        "exeptions: []\n",
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as raised:
        load_rules(path)
    shown = [str(d) for d in raised.value.diagnostics]
    assert f"{path}:4:5: unknown key 'teir' in a rule (did you mean 'tier'?)" in shown
    assert any(s.startswith(f"{path}:5:15: phrase \"don't go\"") and "do not" in s for s in shown)
    assert any(s.startswith(f"{path}:5:27:") and "cannot end with '...'" in s for s in shown)
    assert any(s.startswith(f"{path}:7:11: unknown tier 'clearly'") for s in shown)
    assert any(s.startswith(f"{path}:9:1: unknown key 'exeptions'") for s in shown)


def test_a_rules_file_cannot_use_yaml_tricks(tmp_path: Path) -> None:
    path = tmp_path / "safety.yaml"
    path.write_text("version: 1\nrules: &a [1]\nexceptions: *a\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match="anchors"):
        load_rules(path)


# -- the engine --------------------------------------------------------------------------------


@pytest.fixture
def journal(library: Library) -> Conversation:
    """A small user playbook: one free-text question, one choice, each with a coaching reply."""
    playbook = playbook_from_text(
        """\
id: journal
title: Journal
steps:
  - id: how
    ask: "How are you, really?"
    respond:
      - fallback: true
        say: "Thanks for writing it down."
  - id: mood
    ask: "Pick one"
    choices: {hopeless: "Hopeless about this lead", fine: "Fine"}
""",
        "journal.yaml",
        library.playbooks,
    )
    return Conversation(playbook, {**library.playbooks}, {}, date(2026, 11, 20))


def test_clear_distress_acknowledges_what_was_written(journal: Conversation) -> None:
    after = journal.answer("honestly I don't want to be around anymore")
    assert [say.kind for say in after.pending] == ["safety"]
    text = after.pending[0].text
    assert "don't want to be around anymore" in text and "matters more than any debrief" in text
    assert "!" not in text
    assert after.answers[-1].responses == (text,)


def test_an_ambiguous_phrase_asks_first(journal: Conversation) -> None:
    after = journal.answer("i just want to disappear")
    assert [say.kind for say in after.pending] == ["safety_check"]


def test_an_ordinary_answer_brings_no_safety_message(journal: Conversation) -> None:
    after = journal.answer("Killing it today, this deal is dead but the next one is close")
    assert [say.kind for say in after.pending] == ["response"]


def test_only_free_text_is_checked_not_choice_labels(journal: Conversation) -> None:
    after = journal.answer("Fine").answer("hopeless")
    assert not any(say.kind.startswith("safety") for say in after.pending)


# -- a conversation, through the command line --------------------------------------------------


def _app(home: Path, stdin: str) -> App:
    return App(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
               clock=lambda: FIXED_NOW, home=home, interactive=False)


def _run(home: Path, stdin: str, *args: str) -> tuple[int, str]:
    app = _app(home, stdin)
    code = main(list(args), app)
    assert isinstance(app.stdout, io.StringIO)
    return code, app.stdout.getvalue()


def test_clear_distress_stops_kindly_and_is_not_offered_back(home: Path) -> None:
    code, out = _run(home, "I don't want to be around anymore\nn\n", "debrief")
    assert code == 0
    assert "findahelpline.com" in out and "employee assistance programme" in out
    assert "!!" not in out
    drafts = _app(home, "").store.drafts()
    assert len(drafts) == 1 and drafts[0]["stopped"] == "safety"
    assert f"coach forget {drafts[0]['id'][:8]}" in out
    _, menu = _run(home, "q\n")
    assert "Resume" not in menu and "unfinished" not in menu
    _, listed = _run(home, "", "forget")
    assert drafts[0]["id"][:8] in listed
    code, _ = _run(home, "", "forget", drafts[0]["id"][:8])
    assert code == 0 and _app(home, "").store.drafts() == []


def test_the_rep_can_choose_to_keep_going(home: Path) -> None:
    _, out = _run(home, "I don't want to be around anymore\ny\n", "debrief")
    assert "Lifeline" not in out and "findahelpline.com" in out
    # The next question is asked; input then ends, and the draft is an ordinary one.
    assert out.count("[2/") == 1
    drafts = _app(home, "").store.drafts()
    assert len(drafts) == 1 and "stopped" not in drafts[0]


def test_an_ambiguous_phrase_not_meant_goes_on_with_a_pointer(home: Path) -> None:
    _, out = _run(home, "i just want to disappear\nn\n", "debrief")
    assert "I want to be sure I read that right" in out
    assert "/help-now" in out and "findahelpline.com" not in out


def test_an_ambiguous_phrase_meant_brings_the_help_and_the_choice(home: Path) -> None:
    _, out = _run(home, "i just want to disappear\ny\nn\n", "debrief")
    assert "findahelpline.com" in out
    assert _app(home, "").store.drafts()[0]["stopped"] == "safety"


def test_the_country_setting_picks_the_lines_in_a_conversation(home: Path) -> None:
    assert _run(home, "", "config", "set", "country", "gb")[0] == 0
    _, out = _run(home, "I want to kill myself\nn\n", "debrief")
    assert "Samaritans: call 116 123" in out


def test_help_now_inside_a_conversation(home: Path) -> None:
    _, out = _run(home, "/help-now\n", "debrief")
    assert "findahelpline.com" in out
    assert out.count("[1/") == 2  # the same question is asked again


def test_sales_talk_goes_on_with_coaching(home: Path) -> None:
    _, out = _run(home, "I'm killing it today\n", "debrief")
    assert "findahelpline.com" not in out and "[2/" in out


# -- the real terminal face --------------------------------------------------------------------


def _terminal_run(home: Path, library: Library, keys: str, country: str = "") -> tuple[str, list[str]]:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from coach.conversation.engine import Say
    from coach.conversation.session import ConversationRunner
    from coach.faces.terminal.face import TerminalFace
    from coach.store.store import Store

    shown: list[str] = []

    class Recording(TerminalFace):
        def show(self, say: Say) -> None:
            shown.append(say.text)
            super().show(say)

        def notice(self, text: str) -> None:
            shown.append(text)
            super().notice(text)

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        runner = ConversationRunner(Store(home), Recording(input=pipe, output=DummyOutput()),
                                    lambda: FIXED_NOW, country=country)
        outcome = runner.start(library.get("debrief"), library.playbooks, {}, False)
    return outcome.status, shown


def test_terminal_clear_distress_then_stop(home: Path, library: Library) -> None:
    status, shown = _terminal_run(home, library, "I want to kill myself\rn", country="AU")
    assert status == "stopped"
    assert any("Lifeline: call 13 11 14" in text for text in shown)


def test_terminal_ambiguous_meant_then_keep_going(home: Path, library: Library) -> None:
    status, shown = _terminal_run(home, library, "i just want to disappear\ryy\x04")
    assert status == "paused"  # kept going, then Ctrl-D at the next question
    assert any("findahelpline.com" in text for text in shown)


def test_terminal_help_now_command(home: Path, library: Library) -> None:
    status, shown = _terminal_run(home, library, "/help-now\r\x04", country="NZ")
    assert status == "paused"
    assert any("1737" in text for text in shown)
