"""Running one conversation: the engine asks, a face shows and reads, the store keeps every answer.

The face is passed in (a prompt-toolkit one for terminals, a line-by-line one for pipes), so this
loop is the same everywhere and can be tested with either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol

from coach.conversation.answers import InvalidAnswer, default_text, hint_for, parse_answer
from coach.conversation.breathing import DEFAULT_MINUTES
from coach.conversation.engine import Answer, Ask, Conversation, Say, concern_say
from coach.conversation.helplines import help_lines, support_lines
from coach.conversation.recording import (
    answer_from_dict,
    answer_to_dict,
    draft_record,
    reflection_record,
)
from coach.conversation.safety import (
    CHECK_QUESTION,
    NOT_MEANT,
    THANKS,
    Concern,
    distress_in,
    one_line,
)
from coach.playbook.model import Playbook
from coach.playbook.safetyrules import builtin_rules
from coach.playbook.steps import kind_of
from coach.store.dropbox import SealedKeeping
from coach.store.records import ReflectionRecord, effort_record, new_id
from coach.store.stamps import parse_stamp
from coach.store.store import Store

COMMANDS = {
    "/back": "go back and change the previous answer",
    "/skip": "skip this question (only optional ones)",
    "/pause": "keep what you have as a draft and leave; `coach` offers to resume it",
    "/quit": "leave and throw this conversation away",
    "/help": "show this help",
    "/help-now": "where to find someone to talk to, right now",
}

KEEP_GOING = "Would you like to keep going with the exercise?"
"""Asked after the help is shown; no (the default) stops the conversation for safety."""


class Face(Protocol):
    """What a conversation needs from the screen: show lines, ask questions, confirm."""

    def show(self, say: Say) -> None:
        """Show something the coach says."""

    def ask(self, ask: Ask, check: Callable[[str], str | None], prefill: str, partial: str) -> str:
        """Read one answer (or a /command). `check` returns why a text is not accepted, or None."""

    def notice(self, text: str) -> None:
        """Show a short note (a rejected answer, a saved draft)."""

    def confirm(self, question: str, default: bool) -> bool:
        """Ask a yes/no question outside the playbook."""

    def breathe(self, seconds: float) -> float:
        """Pace a breather of up to `seconds`; how many seconds it actually ran."""


@dataclass
class Outcome:
    """How a conversation ended: 'finished' (with its record), 'paused', 'stopped' or 'quit'.

    'stopped' means the rep stopped after the help was shown: the draft is kept aside, marked
    `stopped: "safety"`, and never offered to resume."""

    status: str
    record: ReflectionRecord | None = None
    draft_id: str = ""


class PartialAnswer(Exception):
    """Raised by a face when the rep interrupts with a half-typed answer, so it can be kept."""

    def __init__(self, text: str, cause: BaseException) -> None:
        super().__init__(text)
        self.text = text
        self.cause = cause


def help_text(ask: Ask) -> str:
    """The in-conversation help for the current question."""
    lines = [f"This question takes {hint_for(ask.step)}."]
    if ask.step.help:
        lines.append(ask.step.help)
    lines += [f"  {command:<9} {meaning}" for command, meaning in COMMANDS.items()]
    return "\n".join(lines)


class ConversationRunner:
    """Drives one conversation to its end, saving a draft after every answer."""

    def __init__(
        self,
        store: Store | SealedKeeping,
        face: Face,
        clock: Callable[[], datetime],
        confirm_quit: bool = True,
        country: str = "",
    ) -> None:
        self.store = store
        self.face = face
        self.clock = clock
        self.confirm_quit = confirm_quit
        self.country = country
        # Answers of a resumed draft that its playbook no longer asks (it changed since): kept
        # with the draft and the finished record, never dropped.
        self.earlier: tuple[Answer, ...] = ()

    def start(
        self,
        playbook: Playbook,
        library: Mapping[str, Playbook],
        stats: Mapping[str, Any],
        quick: bool,
    ) -> Outcome:
        """Run a new conversation through `playbook`."""
        now = self.clock()
        conversation = Conversation(
            playbook, library, stats, now.date(), quick, rotation=self.store.response_counts()
        )
        return self._run(conversation, new_id(), now, "")

    def resume(
        self,
        draft: Mapping[str, Any],
        playbook: Playbook,
        library: Mapping[str, Playbook],
        stats: Mapping[str, Any],
    ) -> Outcome:
        """Carry on with a saved draft where it stopped, half-typed answer included."""
        answers = tuple(answer_from_dict(item) for item in draft.get("answers") or ())
        earlier = tuple(answer_from_dict(item) for item in draft.get("earlier_answers") or ())
        started = parse_stamp(draft.get("started")) or self.clock()
        conversation = Conversation(
            playbook,
            library,
            stats,
            self.clock().date(),
            draft.get("variant") == "quick",
            answers,
            rotation=self.store.response_counts(),
        )
        if len(conversation.answers) < len(answers):
            conversation = fit_by_path(conversation, answers)
            unfit = tuple(answer for answer in answers if answer not in conversation.answers)
            if unfit:
                self._tell_unfit(unfit)
            earlier += unfit
        self.earlier = earlier
        return self._run(
            conversation,
            str(draft["id"]),
            started,
            str(draft.get("partial") or ""),
            show_pending=False,
        )

    def _tell_unfit(self, unfit: tuple[Answer, ...]) -> None:
        count = "One earlier answer" if len(unfit) == 1 else f"{len(unfit)} earlier answers"
        self.face.notice(
            f"{count} no longer fit the questions of this version; kept with this conversation:"
        )
        for answer in unfit:
            self.face.notice(f"  {answer.question or answer.path} > {answer.shown or answer.value}")

    def _save(
        self, draft_id: str, conversation: Conversation, started: datetime, partial: str = ""
    ) -> None:
        record = draft_record(draft_id, conversation, started, self.clock(), partial)
        if self.earlier:
            record["earlier_answers"] = [answer_to_dict(answer) for answer in self.earlier]
        self.store.save_draft(record)

    def _run(
        self,
        conversation: Conversation,
        draft_id: str,
        started: datetime,
        partial: str,
        show_pending: bool = True,
    ) -> Outcome:
        if show_pending:
            self._show(conversation.pending)
        while conversation.current is not None:
            ask = conversation.current
            prefill = ""
            previous = conversation.last_answer_for(ask.path)
            if previous is not None:
                prefill = default_text(ask.step, previous.value)
            try:
                text = self.face.ask(ask, self._checker(ask), prefill, partial)
            except PartialAnswer as interrupted:
                self._save(draft_id, conversation, started, interrupted.text)
                self._leaving_with(conversation, interrupted.text)
                raise interrupted.cause from None
            partial = ""
            command = text.strip().lower()
            if command.startswith("/") and command in COMMANDS:
                outcome, conversation = self._command(command, conversation, draft_id, started)
                if outcome is not None:
                    return outcome
                continue
            # Every line is read for distress, whatever the question: "I want to die" typed at
            # a scale is heard, never answered "not a number". Free text is read by the engine.
            concern = self._unheard(conversation, ask, text)
            if concern is not None:
                heard = (concern_say(concern),)
                self._show(heard)
                if self._care(heard) and not self.face.confirm(KEEP_GOING, False):
                    return self._stop(conversation, draft_id, started)
                continue  # the same question again
            try:
                value = parse_answer(ask.step, text, self.clock().date())
            except InvalidAnswer as problem:
                self.face.notice(f"{problem} (type /help for help)")
                continue
            # Kept before the coach works out its reply, so a Ctrl-C (or a crash) while it thinks
            # loses nothing: the answer comes back typed in when the draft is resumed.
            self._save(draft_id, conversation, started, text)
            conversation = conversation.answer(value)
            self._save(draft_id, conversation, started)
            self._show(conversation.pending)
            if self._care(conversation.pending) and not self.face.confirm(KEEP_GOING, False):
                return self._stop(conversation, draft_id, started)
        return self._finish(conversation, draft_id, started)

    def _unheard(self, conversation: Conversation, ask: Ask, text: str) -> Concern | None:
        """Distress in a line the engine will not read as the rep's words (a scale, a number,
        a date, a pick, a line that is no answer at all), or None."""
        try:
            value = parse_answer(ask.step, text, self.clock().date())
            if kind_of(ask.step).is_words(ask.step, value):
                return None
        except InvalidAnswer:
            pass
        return distress_in(text, conversation.safety or builtin_rules())

    def _leaving_with(self, conversation: Conversation, partial: str) -> None:
        """A half-typed answer kept at Ctrl-C is read too: whoever leaves in distress leaves
        with the help, without a question to answer first."""
        concern = distress_in(partial, conversation.safety or builtin_rules()) if partial else None
        if concern is None:
            return
        if concern.tier == "support":
            self.face.show(Say("\n".join(support_lines(concern.help, self.country)), "support"))
        else:
            self.face.show(Say(f'You wrote "{one_line(concern.quote)}".', "safety"))
            self.show_help_now()

    def _care(self, pending: tuple[Say, ...]) -> bool:
        """After distress was noticed: ask if a possible concern was meant, show the help.

        True when the crisis help was shown, so the rep chooses whether to stop or go on. For
        support, the help that fits is shown and the conversation goes on.
        """
        kinds = {say.kind for say in pending}
        for say in pending:
            if say.kind == "support":
                kind = say.key.partition(".")[2]
                self.face.show(Say("\n".join(support_lines(kind, self.country)[1:]),
                                   "support"))
        if "safety_check" in kinds:
            if not self.face.confirm(CHECK_QUESTION, False):
                helps = [say.key.partition(".")[2] for say in pending
                         if say.kind == "safety_check" and "." in say.key]
                self.face.notice(THANKS if helps else NOT_MEANT)
                for kind in helps:
                    self.face.show(Say("\n".join(support_lines(kind, self.country)), "support"))
                return False
            self.face.show(Say("Thank you for telling me. That matters more than any debrief.",
                               "safety"))
        elif "safety" not in kinds:
            return False
        self.show_help_now()
        return True

    def show_help_now(self) -> None:
        """Where to find help, for the rep's country (the same as `coach help-now`)."""
        self.face.show(Say("\n".join(help_lines(self.country)), "safety"))

    def _stop(self, conversation: Conversation, draft_id: str, started: datetime) -> Outcome:
        """Keep the conversation aside, marked, never offered to resume."""
        record = draft_record(draft_id, conversation, started, self.clock())
        self.store.save_draft({**record, "stopped": "safety"})
        self.face.notice(
            "We'll stop here. Please look after yourself first.\n"
            "What you wrote is kept aside and not offered to resume.\n"
            f"To delete it: coach forget {draft_id[:8]}"
        )
        return Outcome("stopped", draft_id=draft_id)

    def _checker(self, ask: Ask) -> Callable[[str], str | None]:
        def check(text: str) -> str | None:
            if text.strip().lower() in COMMANDS:
                return None
            try:
                parse_answer(ask.step, text, self.clock().date())
            except InvalidAnswer as problem:
                # Distress is let through the prompt, to be heard rather than refused.
                return None if distress_in(text, builtin_rules()) else str(problem)
            return None

        return check

    def _command(
        self, command: str, conversation: Conversation, draft_id: str, started: datetime
    ) -> tuple[Outcome | None, Conversation]:
        ask = conversation.current
        if ask is None:
            return None, conversation
        if command == "/help":
            self.face.notice(help_text(ask))
        elif command == "/help-now":
            self.show_help_now()
        elif command == "/back":
            if not conversation.answers:
                self.face.notice("This is the first question; there is nothing to go back to.")
            else:
                conversation = conversation.back()
                self._save(draft_id, conversation, started)
        elif command == "/skip":
            if ask.step.required:
                self.face.notice("This question needs an answer; it cannot be skipped.")
            else:
                conversation = conversation.answer(ask.step.default)
                self._save(draft_id, conversation, started)
                self._show(conversation.pending)
        elif command == "/pause":
            self._save(draft_id, conversation, started)
            self.face.notice("Saved as a draft. Run `coach` to pick it up again.")
            return Outcome("paused", draft_id=draft_id), conversation
        elif command == "/quit":
            if (
                self.confirm_quit
                and conversation.answers
                and not self.face.confirm("Throw away the answers to this conversation?", False)
            ):
                return None, conversation
            self.store.delete_draft(draft_id)
            self.face.notice("Left without saving.")
            return Outcome("quit"), conversation
        return None, conversation

    def _show(self, says: tuple[Say, ...]) -> None:
        for say in says:
            self.face.show(say)
            if say.action == "breather":
                self._breather()

    def _breather(self) -> None:
        """Run the breather a playbook step asked for, and log it the way `coach breather` does,
        so the stats count it as a break."""
        try:
            seconds = self.face.breathe(DEFAULT_MINUTES * 60)
        except KeyboardInterrupt:
            seconds = 0.0
        note = f"{round(seconds)}s"
        self.store.add_effort(effort_record("breather", 1, self.clock(), note=note))

    def _finish(self, conversation: Conversation, draft_id: str, started: datetime) -> Outcome:
        record = reflection_record(draft_id, conversation, started, self.clock())
        for answer in self.earlier:  # what the rep said under an older flow stays readable
            record["answers"].setdefault(
                answer.path,
                {
                    "question": answer.question,
                    "answer": answer.value,
                    "type": answer.type,
                    "shown": answer.shown,
                },
            )
        self.store.add_reflection(record)
        self.store.delete_draft(draft_id)
        self.store.count_responses(key for a in conversation.answers for key in a.response_keys)
        return Outcome("finished", record, draft_id)



def fit_by_path(conversation: Conversation, answers: tuple[Answer, ...]) -> Conversation:
    """The conversation with each recorded answer given to the question of the same step.

    A draft saved before its playbook changed may hold answers in another order, or answers to
    steps that are gone. Replaying in order would stop at the first difference; this gives each
    question the answer recorded for its step, as long as there is one, and stops at the first
    question nobody answered yet.
    """
    unused = list(answers)
    while conversation.current is not None:
        path = conversation.current.path
        recorded = next((answer for answer in unused if answer.path == path), None)
        if recorded is None or not _still_fits(conversation.current, recorded):
            break
        unused.remove(recorded)
        conversation = replace(conversation, answers=(*conversation.answers, recorded))
    return conversation


def _still_fits(ask: Ask, answer: Answer) -> bool:
    """Whether a recorded value is one the step, as it is now, could have stored."""
    if answer.value is None:
        return not ask.step.required
    try:
        text = default_text(ask.step, answer.value)
        return bool(parse_answer(ask.step, text, date.today()) == answer.value)
    except (InvalidAnswer, TypeError, ValueError):
        return False
