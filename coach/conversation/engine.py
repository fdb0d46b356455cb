"""The conversation engine: given a playbook, the answers so far and the stats, what comes next.

It is pure: no terminal, no disk. A Conversation is an immutable value; answering or going back
returns a new one. The engine replays the recorded answers from the start every time, which keeps
it simple and makes drafts trivially resumable: a draft is just the list of answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from coach.conversation.answers import format_answer
from coach.conversation.helplines import SUPPORT
from coach.conversation.safety import Concern, acknowledgement, checking_line, distress_in
from coach.language.matching import Budget
from coach.language.reflect import as_reply
from coach.playbook.model import END, MAX_INCLUDE_DEPTH, Playbook, Response, Step
from coach.playbook.safetyrules import SafetyRules, builtin_rules
from coach.playbook.steps import kind_of
from coach.templating import Template, TemplateRenderError


@dataclass(frozen=True)
class Ask:
    """A question waiting for the rep's answer.

    `playbook` is None for a question the coach asks outside any playbook (a menu); `flow` then
    holds the title shown with it.
    """

    path: str
    step: Step
    playbook: Playbook | None
    text: str
    number: int
    total: int
    quotes: tuple[str, ...] = ()
    flow: str = ""  # the title of the playbook the rep started, when this one is included


@dataclass(frozen=True)
class Say:
    """Something the coach says: a say step, a response to an answer, or a safety message."""

    text: str
    # "say", "response", "safety", "safety_check" (ask whether it was meant), "support" (help
    # for distress that is not a crisis; `key` names which help), or "summary"
    kind: str = "say"
    key: str = ""  # which response this is, so its variants can rotate across conversations
    action: str = ""  # what the coach does after saying it ("breather"), carried out by the session


@dataclass(frozen=True)
class Answer:
    """One recorded answer, with the question as it was asked and what the coach said back."""

    path: str
    value: Any
    question: str = ""
    responses: tuple[str, ...] = ()
    response_keys: tuple[str, ...] = ()
    type: str = "text"
    shown: str = ""


@dataclass(frozen=True)
class Visit:
    """One thing a walk went through, for `coach playbooks test --coverage`.

    `kind` is "step" (a step was reached and not skipped), "jump" (the `next` rule numbered
    `detail` was taken), "reply" (the response numbered `detail` was said) or "pick" (the
    choice option `detail` was picked).
    """

    kind: str
    playbook: str
    step: str
    detail: str = ""


_Item = Ask | Say
_Walk = Generator[_Item, Any, None]


CONCERN_KEY = "safety"
"""The key of what the coach says when it notices distress ("safety", "safety.panic"...): an
answer with it is never lifted into a record's win, plan or lesson (store/records.py)."""


def concern_say(concern: Concern) -> Say:
    """What the coach says first when it notices something: help at once (crisis), a gentle
    check (possible), or a warm line whose help the session adds (support, `key` its kind; a
    check keyed with a kind brings that help after a no)."""
    if concern.tier == "crisis":
        return Say(acknowledgement(concern), "safety", key=CONCERN_KEY)
    if concern.tier == "possible":
        key = f"{CONCERN_KEY}.{concern.help}" if concern.help in SUPPORT else CONCERN_KEY
        return Say(checking_line(concern), "safety_check", key=key)
    help_kind = concern.help if concern.help in SUPPORT else "burnout"
    return Say(SUPPORT[help_kind][0], "support", key=f"{CONCERN_KEY}.{help_kind}")


def _render(template: Template | None, namespace: Mapping[str, Any], fallback: str) -> str:
    if template is None:
        return fallback
    try:
        return template.render(namespace).strip()
    except TemplateRenderError:
        # A text that cannot be shown must not stop a rep halfway; the raw text still says
        # what is meant, and `coach playbooks test` surfaces the error to the author.
        return template.source.strip()


class _Replay:
    """One walk through a playbook, fed with recorded answers (working state of a Conversation)."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.library = conversation.library
        self.values: dict[str, Any] = {}
        self.said: Counter[str] = Counter()
        self.asked = 0
        self.trail: list[Visit] = []
        # Off while only counting the questions ahead: their text is never shown, and rendering
        # it would mean compiling every template of the playbook before the first question.
        self.rendering = True

    def render(self, template: Template | None, namespace: Mapping[str, Any], fallback: str) -> str:
        return _render(template, namespace, fallback) if self.rendering else ""

    # The namespace a playbook's conditions and texts see: its answers, values, inputs and stats.
    def namespace(
        self, playbook: Playbook, prefix: str, parent: Mapping[str, Any] | None, depth: int = 0
    ) -> dict[str, Any]:
        namespace: dict[str, Any] = {
            "stats": self.conversation.stats,
            "today": self.conversation.today.isoformat(),
        }
        for name, default in playbook.inputs:
            given = parent.get(name) if parent is not None else None
            namespace[name] = default if given is None else given
        for step in playbook.steps:
            if self.expands(step, depth):
                inner = self.library[str(step.include)]
                namespace[step.id] = self.namespace(
                    inner, f"{prefix}{step.id}.", namespace, depth + 1
                )
            elif step.asks:
                namespace[step.id] = self.values.get(prefix + step.id)
        for value in playbook.values:
            namespace[value.name] = value.expression.value(namespace)
        return namespace

    def expands(self, step: Step, depth: int) -> bool:
        """Whether an include step runs its playbook here.

        A checked library never nests deeper than MAX_INCLUDE_DEPTH (see playbook/includes.py);
        the cap is kept here too, so no library handed to the engine can make it recurse
        without end. An include past it is left out.
        """
        return (step.include is not None and step.include in self.library
                and depth < MAX_INCLUDE_DEPTH)

    def walk(
        self, playbook: Playbook, prefix: str, parent: Mapping[str, Any] | None, depth: int = 0
    ) -> _Walk:
        steps = playbook.steps_for(self.conversation.quick)
        position = {step.id: index for index, step in enumerate(steps)}
        back_jumps: Counter[tuple[str, int]] = Counter()
        index = 0
        while index < len(steps):
            step = steps[index]
            namespace = self.namespace(playbook, prefix, parent, depth)
            if step.when is not None and not step.when.holds(namespace):
                index += 1
                continue
            path = prefix + step.id
            self.trail.append(Visit("step", playbook.id, step.id))
            if self.expands(step, depth):
                yield from self.walk(
                    self.library[str(step.include)], path + ".", namespace, depth + 1
                )
            elif kind_of(step).says:
                yield self.say_step(playbook, step, namespace)
            elif step.asks:
                self.asked += 1
                quotes = tuple(
                    str(namespace[name])
                    for name in (step.ask.names if step.ask else ())
                    if isinstance(namespace.get(name), str)
                    and playbook.has_step(name)
                    and kind_of(playbook.step(name)).is_words(
                        playbook.step(name), namespace[name]
                    )
                )
                value = yield Ask(
                    path,
                    step,
                    playbook,
                    self.render(step.ask, namespace, step.id),
                    self.asked,
                    0,
                    quotes,
                    self.conversation.playbook.title,
                )
                self.values[path] = value
                for key in value if isinstance(value, list) else [value]:
                    if isinstance(key, str) and key in step.choice_keys():
                        self.trail.append(Visit("pick", playbook.id, step.id, key))
                namespace = self.namespace(playbook, prefix, parent, depth)
                yield from self.respond(playbook, step, value, namespace)
            index = self.next_index(playbook, step, index, position, namespace, back_jumps)

    def say_step(self, playbook: Playbook, step: Step, namespace: Mapping[str, Any]) -> Say:
        """A say step's line; one with several lines says the next in turn across conversations."""
        action = kind_of(step).action
        if not step.variants:
            return Say(self.render(step.ask, namespace, ""), "say", action=action)
        lines = (step.ask, *step.variants)
        key = f"{playbook.id}.{step.id}.say"
        turn = self.conversation.rotation.get(key, 0) + self.said[key]
        self.said[key] += 1
        return Say(self.render(lines[turn % len(lines)], namespace, ""), "say", key, action=action)

    def next_index(
        self,
        playbook: Playbook,
        step: Step,
        index: int,
        position: Mapping[str, int],
        namespace: Mapping[str, Any],
        back_jumps: Counter[tuple[str, int]],
    ) -> int:
        for number, jump in enumerate(step.next):
            if jump.when is not None and not jump.when.holds(namespace):
                continue
            if jump.goto == END:
                self.trail.append(Visit("jump", playbook.id, step.id, str(number)))
                return len(position)
            target = position.get(jump.goto)
            if target is None:  # the target is not part of the quick variant: go on in order
                continue
            if target <= index:
                if back_jumps[(step.id, number)] >= jump.limit:
                    continue
                back_jumps[(step.id, number)] += 1
            self.trail.append(Visit("jump", playbook.id, step.id, str(number)))
            return target
        return index + 1

    def respond(
        self, playbook: Playbook, step: Step, value: Any, namespace: dict[str, Any]
    ) -> _Walk:
        if not self.rendering:
            return
        if kind_of(step).is_words(step, value):
            concern = distress_in(value, self.conversation.safety or builtin_rules())
            if concern is not None:
                # Coaching lines after a message about getting help would read as not listening.
                yield concern_say(concern)
                return
        chosen = self.choose_response(step, value, namespace)
        if chosen is None:
            return
        number, response, match = chosen
        self.trail.append(Visit("reply", playbook.id, step.id, str(number)))
        key = f"{playbook.id}.{step.id}.{number}"
        turn = self.conversation.rotation.get(key, 0) + self.said[key]
        self.said[key] += 1
        variant = response.say[turn % len(response.say)]
        context = {**namespace, "answer": value, "match": match, "shown": format_answer(step, value)}
        text = _render(variant, context, "")
        if text:
            # A reply is a sentence, also when it opens with the rep's own words given back
            # ("{{ answer | reflect }}. Got it." -> "You rushed the pitch. Got it.").
            yield Say(as_reply(text), "response", key)

    @staticmethod
    def choose_response(
        step: Step, value: Any, namespace: Mapping[str, Any]
    ) -> tuple[int, Response, str] | None:
        """The response that fits the answer best, else the first fallback that holds.

        Responses are tried in order. A response without keywords fires when its condition holds,
        unless a keyword response above it already matched. Among keyword responses, the one
        whose match comes first in the answer wins: the rep usually names the main thing first
        ("embarrassed, flat" is about embarrassment), and a tie goes to the one listed first.
        """
        context = {**namespace, "answer": value, "match": ""}
        text = value if kind_of(step).is_words(step, value) else ""
        best: tuple[int, int, Response, str] | None = None  # (where in the answer, number, ...)
        budget = Budget()  # shared by every phrase, so no playbook can make the coach hang
        for number, response in enumerate(step.responses):
            if response.fallback or (
                response.when is not None and not response.when.holds(context)
            ):
                continue
            if not response.matchers:
                if best is None:
                    return number, response, ""
                break
            for matcher in response.matchers:
                found = matcher.search(text, budget)
                if found is not None and (best is None or found.start < best[0]):
                    best = (found.start, number, response, found.capture)
        if best is not None:
            return best[1], best[2], best[3]
        for number, response in enumerate(step.responses):
            if response.fallback and (response.when is None or response.when.holds(context)):
                return number, response, ""
        return None


def _likely(step: Step, today: date) -> Any:
    """The answer the step counter assumes for a question not answered yet.

    Its default if it has one; otherwise an answer that keeps the longer branch of a playbook
    (a scale at its top end, the first option, yes, some text), so the "of about N" a rep sees
    can shrink as they answer but does not grow. Playbooks list their likely option first.
    """
    if step.default is not None:
        return step.default
    return kind_of(step).likely(step, today)


def _send(walk: _Walk, value: Any) -> _Item | None:
    """Give the walk an answer; the next item, or None when the playbook is over."""
    try:
        return walk.send(value)
    except StopIteration:
        return None


@dataclass(frozen=True)
class Conversation:
    """A conversation through one playbook, as far as the recorded answers take it.

    >>> # conversation = Conversation(playbook, library, stats)
    >>> # conversation.current -> the next Ask (None when finished)
    >>> # conversation = conversation.answer(7)
    """

    playbook: Playbook
    library: Mapping[str, Playbook]
    stats: Mapping[str, Any]
    today: date
    quick: bool = False
    answers: tuple[Answer, ...] = ()
    rotation: Mapping[str, int] = field(default_factory=dict)
    safety: SafetyRules | None = None  # None: the built-in rules (read once per process)
    current: Ask | None = field(init=False, default=None)
    pending: tuple[Say, ...] = field(init=False, default=())
    values: Mapping[str, Any] = field(init=False, default_factory=dict)
    trail: tuple[Visit, ...] = field(init=False, default=())
    """What the walk went through up to the current question (see `Visit`)."""

    def __post_init__(self) -> None:
        replay = _Replay(self)
        walk = replay.walk(self.playbook, "", None)
        kept: list[Answer] = []
        said: list[Say] = []
        item = next(walk, None)
        # Feed the recorded answers back in order. If an edited answer changed the path, the
        # answers that no longer fit are dropped: the rep is asked those steps again.
        while item is not None:
            if isinstance(item, Say):
                said.append(item)
                item = next(walk, None)
                continue
            if len(kept) == len(self.answers) or self.answers[len(kept)].path != item.path:
                break
            recorded = self.answers[len(kept)]
            kept.append(recorded)
            said = []
            item = _send(walk, recorded.value)
        object.__setattr__(self, "answers", tuple(kept))
        object.__setattr__(self, "pending", tuple(said))
        object.__setattr__(self, "values", replay.namespace(self.playbook, "", None))
        # Taken before counting the questions ahead, which walks on with guessed answers.
        object.__setattr__(self, "trail", tuple(replay.trail))
        if isinstance(item, Ask):
            replay.rendering = False
            total = replay.asked + self._remaining(walk, item, self.today)
            object.__setattr__(self, "current", replace(item, total=total))
        walk.close()

    @staticmethod
    def _remaining(walk: _Walk, item: Ask, today: date) -> int:
        """How many more questions follow the current one on the likely path (see `_likely`)."""
        count, limit = 0, 500
        next_item: _Item | None = item
        while next_item is not None and limit:
            limit -= 1
            if isinstance(next_item, Ask):
                next_item = _send(walk, _likely(next_item.step, today))
            else:
                next_item = next(walk, None)
            count += isinstance(next_item, Ask)
        return count

    @property
    def finished(self) -> bool:
        """Whether every step has been answered."""
        return self.current is None

    def answer(self, value: Any) -> Conversation:
        """The conversation after the rep gives `value` to the current question."""
        if self.current is None:
            raise ValueError("the conversation is already finished")
        step = self.current.step
        draft = Answer(
            self.current.path,
            value,
            self.current.text,
            type=step.type,
            shown=format_answer(step, value),
        )
        following = replace(self, answers=(*self.answers, draft))
        spoken = ("response", "safety", "safety_check", "support")
        responses = [say for say in following.pending if say.kind in spoken]
        recorded = replace(
            draft,
            responses=tuple(say.text for say in responses),
            # Say steps with several lines count too, so they rotate like replies.
            response_keys=tuple(
                say.key for say in following.pending
                if say.key and (say in responses or say.kind == "say")
            ),
        )
        # The answers are identical, so the replay gives the same state; only the record of
        # what the coach said back is added.
        object.__setattr__(following, "answers", (*self.answers, recorded))
        return following

    def back(self) -> Conversation:
        """The conversation with the last answer taken back (to edit it)."""
        return replace(self, answers=self.answers[:-1])

    def last_answer_for(self, path: str) -> Answer | None:
        """The most recent recorded answer to the step at `path`, if any."""
        return next((a for a in reversed(self.answers) if a.path == path), None)
