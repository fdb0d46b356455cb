"""The word lists `hearing` and `tone` read answers with, from lexicon.txt beside this file.

The lists are data (one section per idea, documented in the file itself), read once when this
module is first imported: about 800 short lines, parsed in well under a millisecond. A section
missing from the file, or one of the wrong kind, is a packaging error and fails at import.
"""

from __future__ import annotations

from importlib.resources import files

LONG_WORDS = 40
"""An answer longer than this is a paste: not echoed whole."""

NEGATION_REACH = 3
"""How many words after a negator it still turns round."""


def _sections() -> dict[str, tuple[str, list[str]]]:
    found: dict[str, tuple[str, list[str]]] = {}
    current: list[str] = []
    for line in files("coach.language").joinpath("lexicon.txt").read_text("utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("[") and text.endswith("]"):
            name, kind = text[1:-1].split()
            current = []
            found[name] = (kind, current)
        else:
            current.append(text)
    return found


_FOUND = _sections()


def _words(name: str) -> frozenset[str]:
    kind, lines = _FOUND[name]
    assert kind == "words", name
    return frozenset(word for line in lines for word in line.split())


def _phrases(name: str) -> frozenset[tuple[str, ...]]:
    kind, lines = _FOUND[name]
    assert kind == "phrases", name
    return frozenset(tuple(line.split()) for line in lines)


def _spellings(name: str) -> dict[str, tuple[str, ...]]:
    kind, lines = _FOUND[name]
    assert kind == "spellings", name
    pairs = (line.split("=", 1) for line in lines)
    return {typed.strip(): tuple(meant.split()) for typed, meant in pairs}


NONANSWERS = _phrases("nonanswers")
STRONG_NONANSWERS = _phrases("strong_nonanswers")
REFUSALS = _phrases("refusals")
NOTHING_BUT = _words("nothing_but")
LOW_OPENERS = _phrases("low_openers")
HEDGES = _words("hedges")
FILLERS = _phrases("fillers")
CONTENT_OPENERS = _words("content_openers")
NEGATORS = _words("negators")
NEGATION_STOPS = _words("negation_stops")
NEGATIVE = _words("negative")
POSITIVE = _words("positive")
WEAK = _words("weak")
NEUTRAL_PHRASES = _phrases("neutral_phrases")
SPELLINGS = _spellings("spellings")
PHRASES_NEGATIVE = _phrases("phrases_negative")
EVENTS = _phrases("events")
PHRASES_POSITIVE = _phrases("phrases_positive")
SARCASM_MARKERS = _phrases("sarcasm_markers")
INTERJECTIONS = _words("interjections")
IRONY = _words("irony")
IRONY_PHRASES = _phrases("irony_phrases")
IRONIC_LEADS = _words("ironic_leads")
IRONIC_TAILS = _phrases("ironic_tails")
INTERJECTION_LEADS = _words("interjection_leads")
SELF_WORDS = _words("self_words")
PROSPECT_WORDS = _words("prospect_words")
OTHER_WORDS = _words("other_words")
INSULTS = _words("insults")
FEELINGS = _words("feelings")
LABELS = _words("labels")
LABEL_LEADS = _phrases("label_leads")
PERFORMANCE = _words("performance")
PRAISE_OF_PEOPLE = _words("praise_of_people")
SELF_BLAME = _phrases("self_blame")
PROSPECT_BLAME = _phrases("prospect_blame")
NOT_SUBJECTS = _phrases("not_subjects")
REPORTING_VERBS = _words("reporting_verbs")
