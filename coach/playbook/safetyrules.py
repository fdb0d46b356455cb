"""The safety rules as data: reading and checking playbooks/rules/safety.yaml into frozen rules.

The rules are phrases in a small word language (no regular expressions), so a clinician or a
team lead can review them, and a rules file can never make matching slow. Problems are reported
like playbook problems: file:line:col, with a did-you-mean for unknown keys.

Phrase language, one phrase per line of the file:
  words            matched as whole words, after the answer is normalised
  a|b|c            any one of these words
  word?            this word may be missing
  kill*            any word starting with "kill" (at least three letters before the star)
  *                any one word
  ...              up to `gap` other words in between (never across a full stop or a comma)
  $                the end of a clause: nothing but punctuation or the end of the answer follows
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coach.errors import Diagnostic, PlaybookError
from coach.language.tokens import squeeze
from coach.playbook.library import builtin_folder
from coach.playbook.reader import did_you_mean
from coach.playbook.yamlsource import MAX_BYTES, Node, parse_document

TIERS = ("crisis", "possible", "support")
"""crisis: step out of coaching at once and show where to find help. possible: ask gently whether
the rep meant it (yes brings the crisis help). support: distress that is not a crisis (drinking
to cope, panic, harassment, no sleep, burnout): a warm line and fitting help, then on."""

OLD_TIERS = {"clear": "crisis", "ambiguous": "possible"}
"""The names the tiers had in version 1 of the file, still read."""

HELP_KINDS = ("substances", "panic", "harassment", "abuse", "body", "burnout")
"""What a support rule's `help` names: which help fits (coach/conversation/helplines.py)."""

MAX_GAP = 6
MAX_SLOTS = 12
MAX_PHRASE_GAPS = 2
_WORD = re.compile(r"[a-z0-9]+")
_TOP_KEYS = ("version", "gap", "trailing", "spellings", "rules")
_RULE_KEYS = ("id", "tier", "about", "help", "phrases", "unless")


@dataclass(frozen=True)
class Slot:
    """One position of a phrase: a set of words, a prefix, any word, a gap or a clause end."""

    kind: str  # "words", "any", "gap", "end"
    words: frozenset[str] = frozenset()
    optional: bool = False
    prefixes: tuple[str, ...] = ()

    def fits(self, word: str) -> bool:
        """Whether one (squeezed) word of an answer fills this slot."""
        if not word:
            return False
        return self.kind == "any" or word in self.words or word.startswith(self.prefixes)


@dataclass(frozen=True)
class Phrase:
    """One phrase, parsed: the slots in order and the text it was written as."""

    slots: tuple[Slot, ...]
    source: str
    line: int = 0


@dataclass(frozen=True)
class Rule:
    """A named group of phrases of one tier, with the idioms that let a match through."""

    id: str
    tier: str
    about: str
    phrases: tuple[Phrase, ...]
    unless: tuple[Phrase, ...] = ()
    help: str = ""  # support rules: which help fits (one of HELP_KINDS)


@dataclass(frozen=True)
class SafetyRules:
    """Every rule (each with the idioms that excuse its own matches), the spellings fixed before
    matching, and the words that may trail a clause end (`$`) without defeating it."""

    rules: tuple[Rule, ...]
    spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    gap: int = 3
    path: str = ""
    trailing: frozenset[str] = frozenset()


def parse_phrase(text: str) -> tuple[tuple[Slot, ...], str]:
    """The slots of one phrase, or () and why it cannot be used."""
    slots: list[Slot] = []
    for token in text.lower().split():
        optional = token.endswith("?") and len(token) > 1
        if optional:
            token = token[:-1]
        if token == "...":
            slots.append(Slot("gap"))
        elif token == "$":
            slots.append(Slot("end"))
        elif token == "*":
            slots.append(Slot("any", optional=optional))
        else:
            words: set[str] = set()
            prefixes: list[str] = []
            for word in token.split("|"):
                if word.endswith("*") and _WORD.fullmatch(word[:-1]):
                    if len(word) < 4:
                        return (), f"'{word}' is too short a prefix (three letters before the *)"
                    prefixes.append(squeeze(word[:-1]))
                elif _WORD.fullmatch(word):
                    words.add(squeeze(word))
                else:
                    hint = (" (write contractions out: 'do not', 'i am'; answers are expanded "
                            "the same way)") if "'" in word else ""
                    return (), f"'{word or token}' is not a plain word{hint}"
            slots.append(Slot("words", frozenset(words), optional, tuple(prefixes)))
    if not slots:
        return (), "the phrase is empty"
    first, last = slots[0], slots[-1]
    if first.kind in ("gap", "end", "any") or first.optional:
        return (), "a phrase must start with a word that is always there"
    if last.kind == "gap":
        return (), "a phrase cannot end with '...'"
    if any(slot.kind == "end" for slot in slots[:-1]):
        return (), "'$' can only come last"
    if len(slots) > MAX_SLOTS:
        return (), f"a phrase has at most {MAX_SLOTS} parts"
    if sum(slot.kind == "gap" for slot in slots) > MAX_PHRASE_GAPS:
        return (), f"a phrase has at most {MAX_PHRASE_GAPS} '...'"
    return tuple(slots), ""


class _Reader:
    """Collects every problem of one rules file while reading it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.path, node.line, node.column, message, hint))

    def keys(self, node: Node, allowed: tuple[str, ...], where: str) -> None:
        for key, (key_node, _) in node.entries.items():
            if key not in allowed:
                self.problem(key_node, f"unknown key '{key}' in {where}", did_you_mean(key, allowed))

    def text(self, node: Node | None, where: str) -> str:
        if node is None or node.kind != "scalar" or node.tag != "str" or not node.text.strip():
            if node is not None:
                self.problem(node, f"{where} must be text, not {node.describe()}")
            return ""
        return node.text.strip()

    def phrases(self, node: Node | None, where: str) -> tuple[Phrase, ...]:
        if node is None:
            return ()
        if node.kind != "sequence":
            self.problem(node, f"{where} must be a list of phrases, not {node.describe()}")
            return ()
        found: list[Phrase] = []
        for item in node.items:
            text = self.text(item, f"each of {where}")
            if not text:
                continue
            slots, why = parse_phrase(text)
            if why:
                self.problem(item, f"phrase {text!r}: {why}")
            else:
                found.append(Phrase(slots, text, item.line))
        return tuple(found)

    def rule(self, node: Node, seen: dict[str, int]) -> Rule | None:
        if node.kind != "mapping":
            self.problem(node, f"each rule must be a mapping, not {node.describe()}")
            return None
        self.keys(node, _RULE_KEYS, "a rule")
        get = {key: value for key, (_, value) in node.entries.items()}
        rule_id = self.text(get.get("id"), "a rule's id")
        if "id" not in get:
            self.problem(node, "a rule needs an id")
        elif rule_id in seen:
            self.problem(get["id"], f"duplicate rule id '{rule_id}'",
                         f"it was already used on line {seen[rule_id]}")
        seen.setdefault(rule_id, node.line)
        tier = self.text(get.get("tier"), "tier")
        tier = OLD_TIERS.get(tier, tier)
        if "tier" not in get:
            self.problem(node, f"rule '{rule_id}' needs a tier", "crisis, possible or support")
        elif tier and tier not in TIERS:
            self.problem(get["tier"], f"unknown tier '{tier}'", did_you_mean(tier, TIERS))
        helps = self.text(get["help"], "help") if "help" in get else ""
        if tier == "support" and helps not in HELP_KINDS:
            self.problem(get.get("help", node), f"support rule '{rule_id}' needs help: one of "
                         f"{', '.join(HELP_KINDS)}", did_you_mean(helps, HELP_KINDS) if helps else "")
        elif tier != "support" and "help" in get:
            self.problem(get["help"], "only a support rule takes help",
                         "crisis and possible rules always show where to find help now")
        phrases = self.phrases(get.get("phrases"), "phrases")
        if "phrases" not in get:
            self.problem(node, f"rule '{rule_id}' needs phrases")
        about = self.text(get["about"], "about") if "about" in get else ""
        if not (rule_id and tier in TIERS and phrases):
            return None
        return Rule(rule_id, tier, about, phrases, self.phrases(get.get("unless"), "unless"),
                    helps)

    def words(self, node: Node | None, where: str) -> frozenset[str]:
        if node is None:
            return frozenset()
        if node.kind != "sequence":
            self.problem(node, f"{where} must be a list of words, not {node.describe()}")
            return frozenset()
        found = set()
        for item in node.items:
            word = self.text(item, f"each of {where}").lower()
            if _WORD.fullmatch(word):
                found.add(squeeze(word))
            elif word:
                self.problem(item, f"'{word}' is not a plain word")
        return frozenset(found)

    def spellings(self, node: Node | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if node is None:
            return ()
        if node.kind != "mapping":
            self.problem(node, f"spellings must be a mapping (typo: correct), not {node.describe()}")
            return ()
        found: list[tuple[str, tuple[str, ...]]] = []
        for key, (key_node, value) in node.entries.items():
            fixed = self.text(value, f"the spelling of '{key}'").lower().split()
            if not _WORD.fullmatch(key.lower()):
                self.problem(key_node, f"'{key}' is not a plain word")
            elif fixed and all(_WORD.fullmatch(word) for word in fixed):
                found.append((key.lower(), tuple(fixed)))
            elif fixed:
                self.problem(value, f"'{' '.join(fixed)}' must be plain words")
        return tuple(found)


def read_rules(text: str, path: str) -> tuple[SafetyRules | None, list[Diagnostic]]:
    """The rules in one file's text, and every problem found (rules are None if any)."""
    try:
        root, problems = parse_document(text, path)
    except PlaybookError as error:
        return None, error.diagnostics
    reader = _Reader(path)
    reader.problems += problems
    if root.kind != "mapping":
        reader.problem(root, f"the safety rules file must be a mapping, not {root.describe()}")
        return None, reader.problems
    if "exceptions" in root.entries:
        reader.problem(root.entries["exceptions"][0], "exceptions are per rule: list each idiom "
                       "under the `unless` of the rule it protects", "an idiom never excuses "
                       "every rule")
    reader.keys(root, (*_TOP_KEYS, "exceptions"), "the safety rules file")
    get = {key: value for key, (_, value) in root.entries.items()}
    version = get.get("version")
    if version is None or version.value != 1 or version.tag != "int":
        reader.problem(version or root, "the safety rules file needs 'version: 1'")
    gap = 3
    if "gap" in get:
        node = get["gap"]
        if node.tag != "int" or not 0 <= node.value <= MAX_GAP:
            reader.problem(node, f"gap must be a whole number from 0 to {MAX_GAP}")
        else:
            gap = int(node.value)
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    listed = get.get("rules")
    if listed is None or listed.kind != "sequence" or not listed.items:
        reader.problem(listed or root, "the safety rules file needs a list of rules")
    else:
        rules = [rule for item in listed.items if (rule := reader.rule(item, seen)) is not None]
    spellings = reader.spellings(get.get("spellings"))
    trailing = reader.words(get.get("trailing"), "trailing")
    if reader.problems:
        return None, reader.problems
    return SafetyRules(tuple(rules), spellings, gap, path, trailing), []


def rules_file() -> Path:
    """Where the built-in safety rules are."""
    return builtin_folder() / "rules" / "safety.yaml"


def load_rules(path: Path, shown: str | None = None) -> SafetyRules:
    """The rules in `path`, or PlaybookError listing every problem."""
    shown = shown or str(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise PlaybookError([Diagnostic(shown, 1, 1, "the file is too large")])
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PlaybookError([Diagnostic(shown, 1, 1, f"not UTF-8 text ({error.reason})")]) from None
    except OSError as error:
        raise PlaybookError(
            [Diagnostic(shown, 1, 1, f"cannot read the file: {error.strerror}")]
        ) from None
    rules, problems = read_rules(text, shown)
    if rules is None:
        raise PlaybookError(problems)
    return rules


# Used only if the shipped rules file cannot be read: the most direct phrases stay noticed.
_LAST_RESORT = (
    "kill myself", "suicide", "suicidal", "end my life", "want to die", "better off dead",
    "take my own? life", "no reason to live", "hurt myself", "self harm*",
)


@cache
def builtin_rules() -> SafetyRules:
    """The shipped rules, read once; a small built-in list if the file is broken or missing."""
    try:
        return load_rules(rules_file(), "<built-in>/rules/safety.yaml")
    except PlaybookError:
        phrases = tuple(Phrase(parse_phrase(text)[0], text) for text in _LAST_RESORT)
        return SafetyRules((Rule("last_resort", "crisis", "", phrases),), path="<last resort>")
