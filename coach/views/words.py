"""The sentences of the pattern review, as plain text: one line per number, saying what it means.

Every view (terminal, Markdown, HTML) uses these, so the wording lives in one place. The text is
not escaped: it can quote what the rep typed, so each view escapes whole sentences for its format.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.review.averages import NORMAL, one_in
from coach.review.stats import TOUGH_STING
from coach.review.strain import QUARTER_END_DAYS
from coach.views.labels import (
    GOAL_NAMES,
    cause_name,
    day_name,
    percent,
    plural,
    short_date,
    times,
    trap_name,
    upper_first,
)

if TYPE_CHECKING:
    from coach.review.averages import DayCheck, Rate
    from coach.review.patterns import CauseRow, Causes, Review, StingChange
    from coach.review.strain import Strain
    from coach.review.streaks import GoalRow, Wins

THEIR_SIDE = ("timing", "budget", "fit", "priorities", "has_solution")
"""Causes that sit with the prospect, not with the rep."""

OUTCOME_ONE = {"conversations": "conversation", "meetings": "meeting"}


def chance_words(probability: float) -> str:
    """A probability as a rep would say it: 'about 24%', 'less than 1%'."""
    if probability < 0.01:
        return "less than 1%"
    if probability > 0.99:
        return "almost always"
    return f"about {round(probability * 100)}%"


def period_title(review: Review) -> str:
    """'24 Oct to 20 Nov 2026 (28 days)'."""
    period = review.period
    if period.start is None or period.end is None:
        return "all time"
    start = short_date(period.start, year=period.start.year != period.end.year)
    return f"{start} to {short_date(period.end, year=True)} ({plural(period.days, 'day')})"


# -- causes ---------------------------------------------------------------------------------------

def cause_change(row: CauseRow, causes: Causes) -> str:
    """The change in share against the previous period, in percentage points."""
    if not causes.previous_total:
        return "new"
    points = round((row.share - row.previous_share) * 100)
    return "same" if points == 0 else f"{points:+d} pts"


def cause_lines(causes: Causes) -> list[str]:
    if not causes.total:
        return ["No debrief named a cause in this period. The debrief's timing-and-fit step sorts each no."]
    theirs = sum(row.count for row in causes.rows if row.cause in THEIR_SIDE)
    top = causes.rows[0]
    lines = [
        f'{percent(theirs / causes.total)} of the {causes.total:,} "no"s you sorted were, as you '
        "judged them, about their side (timing, budget, fit, priorities). Were they said on the "
        "call, or your best guess? Both are worth knowing.",
        f"The most common cause was {cause_name(top.cause)}: {top.count:,} of {causes.total:,}.",
    ]
    if causes.previous_total:
        biggest = max(causes.rows, key=lambda row: abs(row.share - row.previous_share))
        points = round((biggest.share - biggest.previous_share) * 100)
        if abs(points) >= 10:
            lines.append(f"Biggest shift since the period before: {cause_name(biggest.cause)} "
                         f"{'up' if points > 0 else 'down'} {abs(points)} points "
                         f"({percent(biggest.previous_share)} then, {percent(biggest.share)} now).")
        else:
            lines.append(f"The mix is close to the period before ({causes.previous_total:,} "
                         'sorted "no"s then).')
    else:
        lines.append('Nothing to compare with yet: no "no" was sorted in the period before.')
    return lines


# -- sting ----------------------------------------------------------------------------------------

def sting_lines(sting: StingChange) -> list[str]:
    if not sting.rated:
        return ["No debrief rated the sting both before and after in this period."]
    drop = sting.average_drop
    if drop > 0.05:
        verdict = (f"Debriefing helps: on average the sting went from {sting.average_before:.1f} "
                   f"to {sting.average_after:.1f}, a drop of {drop:.1f} points.")
    elif drop < -0.05:
        verdict = (f"On average the sting rose from {sting.average_before:.1f} to "
                   f"{sting.average_after:.1f}: the debriefs are not easing it yet. A breather first may help.")
    else:
        verdict = f"On average the sting stayed at {sting.average_before:.1f} after a debrief."
    if sting.lowered == sting.rated:
        spread = f"It went down after every one of the {plural(sting.rated, 'debrief')}."
    else:
        parts = [f"{change} after {count:,}" for change, count in (
            ("went down", sting.lowered), ("stayed the same", sting.unchanged),
            ("went up", sting.raised)) if count]
        spread = (f"Of {plural(sting.rated, 'debrief')}, it " + ", ".join(parts[:-1])
                  + (" and " if len(parts) > 1 else "") + parts[-1] + ".")
    return [verdict, spread]


# -- wins and streaks ---------------------------------------------------------------------------

def win_lines(wins: Wins, days: int) -> list[str]:
    lines = [
        f"You named {plural(wins.total, 'small win')} in {plural(days, 'day')}; "
        f"{plural(wins.good_days, 'day')} had a win or met the check-in goals.",
    ]
    if wins.current_streak:
        lines.append(f"Current streak: {plural(wins.current_streak, 'day')} in a row with a win or "
                     f"your effort goals met. Longest in this period: {plural(wins.longest_streak, 'day')}.")
    else:
        lines.append(f"No streak running right now; the longest in this period was "
                     f"{plural(wins.longest_streak, 'day')}. One named win today starts a new one.")
    return lines


# -- trust your averages ----------------------------------------------------------------------

def rate_line(rate: Rate, before: str = "") -> str:
    """The rate in words; `before` names the judged day the rate stops short of ('today')."""
    one = OUTCOME_ONE.get(rate.outcome, rate.outcome)
    sample = f"from {plural(rate.dials, 'dial')} and {plural(rate.outcomes, one)}"
    if rate.since is not None:
        sample += f" since {short_date(rate.since, year=True)}"
    if before:
        # The judged day is left out of its own rate, so today's dials are not in this count.
        sample += f"{',' if rate.since is not None else ''} before {before}"
    if rate.confidence == "hidden" or rate.dials_per_outcome is None:
        return (f"Dials per {one}: not enough data yet ({sample}). A rate means something from "
                f"3 {rate.outcome} on; until then, judge the day by effort.")
    line = f"Your rate: {one_in(rate.dials_per_outcome)} dials leads to a {one} ({sample})."
    if rate.confidence == "early":
        line += " An early estimate: it will move as you log more."
    return line


def check_line(check: DayCheck, rate: Rate, today: date) -> str:
    one = OUTCOME_ONE.get(check.outcome, check.outcome)
    when = day_name(check.day, today)
    head = (f"{upper_first(when)}: {plural(check.outcomes, one)} in {plural(check.dials, 'dial')}. "
            f"At your rate of {one_in(rate.dials_per_outcome or 0)}")
    if check.direction == "typical":
        return f"{head}, that is about what to expect ({check.expected:.1f}): right on your average."
    likely = chance_words(check.probability)
    if check.verdict == "normal":
        meaning = "normal variance" if check.direction == "low" else "a good day, and still normal variance"
    elif check.direction == "low":
        meaning = ("unusual, but it happens" if check.verdict == "unusual"
                   else "rare: worth a look at the list or the opener, not at yourself")
    else:
        meaning = "a standout day: enjoy it, and don't plan on it every day"
    amount = "few" if check.direction == "low" else "many"
    return f"{head}, a day with this {amount} {check.outcome} happens {likely} of the time ({meaning})."


def averages_lines(review: Review) -> list[str]:
    averages = review.averages
    before = "" if averages.day is None else day_name(averages.day, review.today)
    lines = [rate_line(rate, before) for rate in averages.rates]
    by_outcome = {rate.outcome: rate for rate in averages.rates}
    for check in averages.checks:
        lines.append(check_line(check, by_outcome[check.outcome], review.today))
    if averages.day is None:
        lines.append("No dials logged yet: log them with `coach log` and your own rates appear here.")
    elif not averages.checks:
        lines.append(f"{upper_first(day_name(averages.day, review.today))} has dials, but your "
                     "rates need more data before a day can be judged against them.")
    lines.append(f"A day that happens at least {percent(NORMAL)} of the time at your rate is "
                 "normal variance: keep dialling.")
    return lines


# -- effort against goals ---------------------------------------------------------------------

def goal_line(row: GoalRow) -> str:
    name = GOAL_NAMES.get(row.kind, row.kind)
    share = percent(row.done / row.goal) if row.goal else "0%"
    return (f"{name}: {row.done:,} of the {row.goal:,} you planned ({share}); goal met on "
            f"{row.days_met:,} of {plural(row.days_set, 'day')} you set one.")


def goal_lines(review: Review) -> list[str]:
    goals = review.goals
    if not goals.checkin_days:
        return ["No morning check-in set goals in this period, so effort has nothing to be held against."]
    lines = [goal_line(row) for row in goals.rows]
    lines.append(f"Every goal was met on {goals.all_met_days:,} of "
                 f"{plural(goals.checkin_days, 'check-in day')}.")
    return lines


# -- strain ---------------------------------------------------------------------------------------

def strain_lines(strain: Strain, review: Review) -> list[str]:
    lines = [f"{plural(strain.tough, 'tough call')} (sting {TOUGH_STING} or more) out of "
             f"{plural(strain.debriefs, 'debrief')}."]
    for slot, where in ((strain.weekday_cluster, "on {}s"), (strain.hour_cluster, "in the {} window")):
        if slot is not None:
            lines.append(f"They cluster {where.format(slot.label)}: {slot.tough:,} of "
                         f"{strain.tough:,}. Plan a breather or an easier list around then.")
    if strain.bursts:
        lines.append(f"{upper_first(times(strain.bursts))}, tough calls came within an hour of "
                     f"each other (up to {strain.largest_burst:,} in a row): a pause after the "
                     "second helps.")
    for start in strain.rising_weeks:
        week = next(row for row in strain.weeks if row.start == start)
        earlier = next(row for row in strain.weeks if (start - row.start).days == 7)
        lines.append(f"The sting rose in the week of {short_date(start)}: "
                     f"{earlier.average:.1f} to {week.average:.1f} on average.")
    quarter = strain.quarter_end
    if quarter.end_debriefs >= 5 and quarter.other_debriefs >= 5:
        lines.append(
            f"Since {short_date(review.horizon, year=True)}, "
            f"{percent(quarter.end_tough / quarter.end_debriefs)} of debriefed calls in "
            f"the last {QUARTER_END_DAYS} days of a quarter were tough, against "
            f"{percent(quarter.other_tough / quarter.other_debriefs)} the rest of the time."
        )
    if quarter.days_to_next < QUARTER_END_DAYS:
        lines.append(f"The quarter ends in {plural(quarter.days_to_next, 'day')}: pace yourself and "
                     "protect your breaks.")
    return lines


# -- recurring themes -------------------------------------------------------------------------

def theme_lines(review: Review) -> list[str]:
    lines: list[str] = []
    for title, phrases in (("Lessons", review.lessons), ("Next actions", review.next_actions)):
        if phrases:
            quoted = ", ".join(f'"{phrase.text}" ({phrase.count:,}x)' for phrase in phrases)
            lines.append(f"{title} you keep writing: {quoted}.")
    if review.traps:
        named = ", ".join(f"{trap_name(trap)} {count:,}x" for trap, count in review.traps[:3])
        lines.append(f"Thinking traps you caught: {named}. Catching one is the skill.")
    if not lines:
        lines.append("No lesson or next action came back twice yet.")
    return lines


def objection_lines(review: Review) -> list[str]:
    """The objections of the period, most frequent first, each with the rep's best answer."""
    if not review.objections:
        return ["No objection named in this period's debriefs. The full debrief asks what the "
                "call died on, and `coach objections` keeps your answers."]
    lines = []
    for row in review.objections:
        if row.previous_count == row.count:
            trend = "as many as the period before"
        elif row.previous_count:
            trend = f"{'up' if row.count > row.previous_count else 'down'} from {row.previous_count:,}"
        else:
            trend = "none the period before"
        answer = (f'Your best answer{" (it helped)" if row.helped else ""}: "{row.best_answer}".'
                  if row.best_answer else "No answer for it yet: `coach objections practice`.")
        lines.append(f'"{upper_first(row.name)}": {times(row.count)} ({trend}). {answer}')
    return lines


def callback_line(day: date, prospect: str, record_id: str, today: date) -> str:
    who = prospect or "a prospect"
    late = (today - day).days
    when = "due today" if late == 0 else (f"{plural(late, 'day')} overdue" if late > 0 else
                                          f"due {day_name(day, today)}")
    return f"{day.isoformat()}  {who}  ({when}; `coach show {record_id[:8]}`)"


# -- the headline -------------------------------------------------------------------------------

def highlights(review: Review) -> list[str]:
    """The few things worth knowing at a glance, most useful first (at most six)."""
    lines: list[str] = []
    by_outcome = {rate.outcome: rate for rate in review.averages.rates}
    for check in review.averages.checks:
        if check.outcome == "meetings":
            lines.append(check_line(check, by_outcome[check.outcome], review.today))
    causes = review.causes
    if causes.total:
        theirs = sum(row.count for row in causes.rows if row.cause in THEIR_SIDE)
        mine = sum(row.count for row in causes.rows if row.cause == "delivery")
        if mine > theirs:
            lines.append(f'{percent(mine / causes.total)} of your "no"s came down to how the call '
                         "went: that is the part you can change, and your lessons below say how.")
        else:
            lines.append(f'{percent(theirs / causes.total)} of your "no"s were about their situation, '
                         f"not you; the top cause was {cause_name(causes.rows[0].cause)}.")
    if review.sting.rated and review.sting.average_drop > 0.05:
        lines.append(f"A debrief takes the sting down by {review.sting.average_drop:.1f} points on average.")
    if review.callbacks_due:
        lines.append(f"{plural(len(review.callbacks_due), 'callback')} due: see the list at the end.")
    if review.wins.current_streak >= 2:
        lines.append(f"You are on a {review.wins.current_streak:,}-day streak of wins or met "
                     "goals.")
    if review.strain.weekday_cluster is not None:
        lines.append(f"Tough calls pile up on {review.strain.weekday_cluster.label}s: plan a breather.")
    return lines
