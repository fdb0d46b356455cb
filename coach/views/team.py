"""The team review in words: the sections of `coach team report`, for the terminal, Markdown
and the HTML page (team.html.j2). Sentences are plain text, in the voice of `coach patterns`;
each format escapes whole sentences, since a shared text can hold anything."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from importlib import resources
from typing import Any

from coach import __version__
from coach.review.averages import NORMAL, DayCheck, Rate, one_in
from coach.review.objections import OBJECTIONS, STAGES
from coach.review.stats import TOUGH_STING
from coach.review.strain import QUARTER_END_DAYS
from coach.review.teamreview import MIN_CONVERSATIONS, MIN_RANGE_REPS, Person, TeamReview
from coach.safetext import safe
from coach.templating.html import render_html
from coach.views.labels import cause_name, percent, plural, short_date, trap_name
from coach.views.markdown import escape
from coach.views.words import OUTCOME_ONE, chance_words

Section = tuple[str, list[str]]
NORM_BAND = 0.10
"""Within this share of the team's median week counts as about the team's norm."""
CHART_WIDTH = 340
"""The page's chart, in pixels: it fits a 390 px phone's screen unscaled, labels and all."""
LABEL_LENGTH = 36
"""A longer name is shortened on its chart label (in full in its title), so it cannot run into
the figure beside it."""


def _week(day: date) -> str:
    return f"the week of {short_date(day, year=True)}"


def title(review: TeamReview) -> str:
    span = (f"{_week(review.start)} to {_week(review.end)}" if review.start and review.end
            and review.start != review.end else _week(review.start) if review.start else "no weeks")
    return f"Team review: {plural(len(review.people), 'rep')}, {span}"


def _against(value: float, norm: float | None) -> str:
    if not norm:
        return ""
    if value >= norm * (1 + NORM_BAND):
        return f", above the team's median of {norm:g}"
    if value <= norm * (1 - NORM_BAND):
        return f", below the team's median of {norm:g}"
    return f", about the team's median of {norm:g}"


def effort_line(who: Person, norm: float | None) -> str:
    total = who.totals
    if who.median_week is None:
        return f"{who.name}: no dials logged in these weeks."
    line = (f"{who.name}: {plural(total['dials'], 'dial')}, {plural(total['conversations'], 'conversation')}"
            f" and {plural(total['meetings'], 'meeting')} over {plural(len(who.weeks), 'week')}; "
            f"a typical week is {plural(round(who.median_week), 'dial')}{_against(who.median_week, norm)}.")
    if who.latest is not None:
        line += (f" Latest, {_week(who.latest.start)}: {plural(who.latest.counts['dials'], 'dial')}"
                 f"{_against(who.latest.counts['dials'], who.latest_norm)} that week.")
    return line


def rate_line(who: Person, rate: Rate) -> str:
    one = OUTCOME_ONE.get(rate.outcome, rate.outcome)
    sample = f"from {plural(rate.dials, 'dial')} and {plural(rate.outcomes, one)}"
    if rate.since is not None:
        sample += f" since {short_date(rate.since, year=True)}"
    if rate.dials_per_outcome is None:
        return (f"{who.name}, dials per {one}: not enough data yet ({sample}); a rate means "
                f"something from 3 {rate.outcome} on.")
    caveat = " An early estimate." if rate.confidence == "early" else ""
    return f"{who.name}: {one_in(rate.dials_per_outcome)} dials leads to a {one} ({sample}).{caveat}"


def check_line(who: Person, check: DayCheck, rate: Rate) -> str:
    one = OUTCOME_ONE.get(check.outcome, check.outcome)
    head = (f"{who.name}, {_week(check.day)}: {plural(check.outcomes, one)} in "
            f"{plural(check.dials, 'dial')}. At {who.name}'s own rate of "
            f"{one_in(rate.dials_per_outcome or 0)}")
    if check.direction == "typical":
        return f"{head}, that is about what to expect ({check.expected:.1f}): right on average."
    if check.verdict == "normal":
        meaning = ("normal variance" if check.direction == "low"
                   else "a good week, and still normal variance")
    elif check.direction == "low":
        meaning = ("unusual, but it happens" if check.verdict == "unusual"
                   else "rare: worth a look at the list or the opener, not at the rep")
    else:
        meaning = "a standout week"
    amount = "few" if check.direction == "low" else "many"
    return (f"{head}, a week with this {amount} {check.outcome} happens "
            f"{chance_words(check.probability)} of the time ({meaning}).")


def _shares(items: Sequence[tuple[str, int]], name: Any) -> str:
    total = sum(count for _, count in items)
    return ", ".join(f"{name(key)} {count} ({percent(count / total)})" for key, count in items)


def cause_line(who: Person) -> str:
    if not who.causes:
        return f"{who.name}: no cause of a \"no\" given."
    line = f"{who.name}: {_shares(who.causes, cause_name)}."
    if who.traps:
        line += f" Thinking traps caught: {_shares(who.traps, trap_name)}."
    elif "traps" in who.left_out:
        line += " Thinking traps: not shared."
    return line


def _stage_name(key: str) -> str:
    return STAGES.get(key, "another stage")


def _objection_name(key: str) -> str:
    return f'"{OBJECTIONS[key]}"' if key in OBJECTIONS else "others, in the reps' own words"


def stage_lines(team: Person) -> list[str]:
    """Where the team's calls died: the stage to coach, not the person."""
    if not team.stages:
        return ["No debrief shared where its call died yet (the full debrief asks)."]
    top = team.stages[0][0]
    return [f"The team's debriefed calls died at {_shares(team.stages, _stage_name)}.",
            f"Most died at {_stage_name(top)}: a team session on {_stage_name(top)} helps "
            "everyone, and singles nobody out."]


def objection_lines(team: Person) -> list[str]:
    if not team.objections:
        return ["No debrief shared which objection its call died on yet."]
    return [f"What the calls died on: {_shares(team.objections[:6], _objection_name)}.",
            "Each rep keeps their own answers in `coach objections`; a huddle where reps swap "
            "the lines that worked turns one rep's answer into the team's."]


def no_rate_lines(review: TeamReview) -> list[str]:
    """Each rep's share of conversations ending in a no, against the team's anonymous range."""
    if review.no_range is None:
        return [f"Shown once {MIN_RANGE_REPS} or more reps have {MIN_CONVERSATIONS} or more "
                "conversations each, so that no rep's share can be read off the range."]
    low, high = review.no_range
    lines = [f"Across the team, {percent(low)} to {percent(high)} of conversations end without a "
             "meeting. A no is the usual end of a conversation, for everyone."]
    # In the order the files were given, never sorted by the share: this is no leaderboard.
    lines += [f"{who.name}: {percent(share)} of {plural(who.totals['conversations'], 'conversation')}."
              for who in review.people if (share := who.no_rate) is not None]
    return lines


def sting_line(who: Person) -> str:
    if "sting" in who.left_out:
        return f"{who.name}: chose not to share the sting ratings."
    before, after = who.average_before, who.average_after
    if before is None or after is None:
        return f"{who.name}: no reflection rated the sting before and after."
    change = round(before - after, 1)
    moved = (f"a drop of {change:.1f} points" if change > 0 else
             f"a rise of {-change:.1f} points" if change < 0 else "no change")
    return (f"{who.name}: the sting went from {before:.1f} to {after:.1f} on average ({moved}), "
            f"over {plural(who.totals['rated'], 'rated reflection')}.")


def strain_line(who: Person) -> str:
    total = who.totals
    parts = [f"{who.name}: {plural(total['tough'], 'tough call')} (sting {TOUGH_STING} or more) "
             f"out of {plural(total['debriefs'], 'debrief')}"]
    if who.weekday_cluster is not None:
        slot = who.weekday_cluster
        parts.append(f"they cluster on {slot.label}s ({slot.tough} of {plural(slot.debriefs, 'debrief')})")
    if who.hour_cluster is not None:
        slot = who.hour_cluster
        parts.append(f"they cluster in the {slot.label} window ({slot.tough} of "
                     f"{plural(slot.debriefs, 'debrief')})")
    if who.rising_weeks:
        weeks = ", ".join(short_date(day, year=True) for day in who.rising_weeks[-3:])
        parts.append(f"the sting rose by a point or more in {plural(len(who.rising_weeks), 'week')} "
                     f"(latest from {weeks})")
    end, other = total["end_debriefs"], total["debriefs"] - total["end_debriefs"]
    if end and other:
        end_share, other_share = total["end_tough"] / end, (total["tough"] - total["end_tough"]) / other
        parts.append(f"in the last {QUARTER_END_DAYS} days of a quarter {percent(end_share)} of "
                     f"debriefs were tough, against {percent(other_share)} at other times")
    return "; ".join(parts) + "."


def win_line(who: Person) -> str:
    total = who.totals
    if not total["reflections"]:
        return f"{who.name}: no reflections shared."
    return (f"{who.name}: a small win named in {total['wins']} of "
            f"{plural(total['reflections'], 'reflection')} ({percent(total['wins'] / total['reflections'])}).")


def text_lines(who: Person) -> list[str]:
    lines = []
    for text in who.texts:
        said = " / ".join(f"{question} {answer}" for question, answer in text.answers)
        lines.append(f"{who.name}, {text.finished[:16].replace('T', ' ')} ({text.playbook}): {said}")
    return lines


def sections(review: TeamReview) -> list[Section]:
    """Every section's title and sentences, reps first and the team last in each."""
    everyone = [*review.people, review.team]
    norm = review.norm
    return [
        ("Effort per week", [effort_line(who, norm) for who in review.people]
         + [effort_line(review.team, None)]
         + [f"The team's median week is {plural(round(norm or 0), 'dial')} (the middle of every "
            "rep's weeks with dials); within 10% of it counts as about the norm."]),
        ("Dials per conversation and per meeting",
         [rate_line(who, rate) for who in everyone for rate in who.rates]),
        ("The latest week against each rep's own rate",
         [check_line(who, check, {rate.outcome: rate for rate in who.check_rates}[check.outcome])
          for who in review.people for check in who.checks]
         + [f"A week that happens at least {percent(NORMAL)} of the time at the rep's own rate "
            "is normal variance: judge the effort, not the outcome."]),
        ('Why the "no"s happened', [cause_line(who) for who in everyone]),
        ("Where the calls died", stage_lines(review.team)),
        ("Objections that keep coming back", objection_lines(review.team)),
        ("It's not just you", no_rate_lines(review)),
        ("Sting before and after", [sting_line(who) for who in everyone]),
        ("Strain", [strain_line(who) for who in everyone]),
        ("Small wins", [win_line(who) for who in everyone]),
        ("In their own words", [line for who in review.people for line in text_lines(who)]
         or ["Nobody shared the text of their reflections (reps add --with-text to do so)."]),
    ]


def text_report(review: TeamReview, width: int) -> list[str]:
    lines = [title(review)]
    for heading, sentences in sections(review):
        lines += ["", heading]
        for sentence in sentences:
            lines += (textwrap.wrap(sentence, max(width, 40) - 1, initial_indent="  - ",
                                    subsequent_indent="    ") if width else [f"  - {sentence}"])
    return lines


def markdown_report(review: TeamReview) -> str:
    lines = [f"# {escape(title(review))}"]
    for heading, sentences in sections(review):
        lines += ["", f"## {escape(heading)}", ""]
        lines += [f"- {escape(sentence)}" for sentence in sentences]
    return safe("\n".join(lines) + "\n")


def _label(name: str) -> str:
    return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1].rstrip() + "…"


def html_report(review: TeamReview, generated: str) -> str:
    """The self-contained page, every value escaped and cleaned, like the rep's own report."""
    # Reps only: the team's week is their sum, on another scale than the median rep's.
    most = max([who.median_week or 0 for who in review.people] + [review.norm or 0], default=0)

    def length(value: float | None) -> float:
        return round(CHART_WIDTH * (value or 0) / most, 1) if most else 0

    bars = [{"label": _label(who.name), "name": who.name, "length": length(who.median_week),
             "figure": f"{who.median_week or 0:g}"} for who in review.people]
    context = {"version": __version__, "title": title(review), "generated": generated,
               "sections": sections(review), "bars": bars, "width": CHART_WIDTH,
               "norm": length(review.norm)}
    template = resources.files("coach.views").joinpath("team.html.j2").read_text(encoding="utf-8")
    return render_html(template, context, clean=safe)
