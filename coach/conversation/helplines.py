"""Where a rep can find help right now, by country: the lines, the emergency number, the words.

Pure data and text, no I/O, so `coach help-now` works even when the data folder does not. Only
well-known national lines are listed; any other country gets findahelpline.com and the local
emergency number, which is always right.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """A country's name (as used in a sentence), its help lines and its emergency number."""

    name: str
    lines: tuple[str, ...]
    emergency: str


HELP_LINES: dict[str, Country] = {
    "US": Country("the US", ("988 Suicide & Crisis Lifeline: call or text 988",), "911"),
    "CA": Country("Canada", ("9-8-8 Suicide Crisis Helpline: call or text 988",), "911"),
    "GB": Country("the UK", ("Samaritans: call 116 123, free, day or night",), "999"),
    "IE": Country("Ireland", ("Samaritans: call 116 123, free, day or night",), "112 or 999"),
    "AU": Country("Australia", ("Lifeline: call 13 11 14, any time",), "000"),
    "NZ": Country("New Zealand", ("Need to talk? Call or text 1737, free, any time",), "111"),
    "DE": Country(
        "Germany", ("TelefonSeelsorge: 0800 111 0 111 or 0800 111 0 222, free, any time",), "112"
    ),
    "AT": Country("Austria", ("TelefonSeelsorge: call 142, free, any time",), "112"),
    "CH": Country("Switzerland", ("Die Dargebotene Hand: call 143, any time",), "112"),
    "FR": Country("France", ("3114, the national suicide prevention line, free, any time",), "112"),
    "NL": Country("the Netherlands", ("113 Zelfmoordpreventie: call 113, or 0800 0113 free",), "112"),
    "ES": Country("Spain", ("024, the suicide prevention line: free, any time",), "112"),
    "IN": Country("India", ("Tele-MANAS: call 14416, free, any time",), "112"),
    "ZA": Country("South Africa", ("SADAG suicide crisis line: 0800 567 567",), "112 from a mobile"),
}

FIND_A_LINE = "findahelpline.com lists free, confidential lines in most countries."
AT_WORK = (
    "At work, a manager you trust can help too,\n"
    "and so can your employee assistance programme (EAP), if you have one: it is confidential."
)


def help_lines(country: str = "") -> list[str]:
    """The help for where the rep is, as short lines (no alarm, no dense paragraph)."""
    lines = ["You do not have to carry this alone. Talking to someone can help, right now."]
    known = HELP_LINES.get(country)
    if known is not None:
        lines.append(f"In {known.name}:")
        lines += [f"  {line}" for line in known.lines]
        lines.append(f"If you might act on these thoughts soon, call {known.emergency}.")
        lines.append("Elsewhere, " + FIND_A_LINE)
    else:
        lines.append(FIND_A_LINE)
        lines.append(
            "If you might act on these thoughts soon, call your local emergency number "
            "(911 in North America, 112 in most of Europe, 999 in the UK, 000 in Australia)."
        )
    lines.append(AT_WORK)
    if known is None:
        lines.append("To see the lines for your country here: coach config set country XX "
                     "(your two-letter country code).")
    return lines


SUPPORT: dict[str, tuple[str, ...]] = {
    "substances": (
        "Drinking or taking pills to get through the day is a sign the load is too heavy, not a "
        "failing.",
        "A doctor (your GP) hears this every week and can help without judging; your employer's "
        "assistance programme (EAP), if it has one, is confidential.",
    ),
    "panic": (
        "A panic attack feels frightening, and it passes. Breathe out slowly, longer than you "
        "breathe in: `coach breather` walks you through it.",
        "If they keep coming, tell a doctor (your GP): panic is very treatable.",
    ),
    "harassment": (
        "Nobody should be treated like that at work. It is not part of the job.",
        "Write down what happened and when, and take it to HR or a manager you trust; your "
        "employer's assistance programme (EAP), if it has one, is confidential.",
    ),
    "abuse": (
        "Being abused or threatened on a call is not rejection, and it is not yours to absorb.",
        "You can end a call like that at once. Tell your manager and log it; if you were "
        "threatened, keep the details.",
    ),
    "body": (
        "Days without proper sleep or food wear anyone down, and make every no feel heavier.",
        "Eat something and rest if you can; if it goes on, talk to a doctor (your GP).",
    ),
    "burnout": (
        "That sounds like more than one bad call: like running on empty for a while.",
        "Tell a manager you trust or your employer's assistance programme (EAP), if it has one, "
        "and see a doctor (your GP) if it keeps up. A two-minute pause now: `coach breather`.",
    ),
}
"""Help that fits distress which is not a crisis, by the `help` of the rule that noticed it."""

SUPPORT_LINES: dict[tuple[str, str], str] = {
    ("substances", "US"): "SAMHSA's free, confidential helpline: 1-800-662-4357, any time.",
    ("substances", "GB"): "Your GP, or call NHS 111 for advice any time.",
    ("substances", "AU"): "The National Alcohol and Other Drug Hotline: 1800 250 015.",
    ("panic", "GB"): "NHS 111 can advise any time.",
    ("body", "GB"): "NHS 111 can advise any time.",
    ("burnout", "GB"): "NHS 111 can advise any time.",
}
"""Well-known national services for some kinds of support; elsewhere the doctor is the pointer."""


def support_lines(kind: str, country: str = "") -> list[str]:
    """A warm line and fitting help for distress that is not a crisis (no crisis lines)."""
    lines = list(SUPPORT.get(kind, SUPPORT["burnout"]))
    extra = SUPPORT_LINES.get((kind, country))
    if extra:
        lines.append(extra)
    lines.append("If it ever feels like more than this, type /help-now at any question.")
    return lines
