"""The team review as frozen data: each rep and the team, from the SQL's per-rep-week rows.

The SQL (coach/team/sql/) adds up the lines; what comes here is small: one row per rep and
week, per rep and cause, per rep and hour. This module turns those rows into the same notions
the rep's own `coach patterns` uses: rates with their sample sizes (averages.rate_of), the
latest week held against the rep's own rate by the exact binomial (averages.judge_day), tough
call clusters and rising weeks (strain.py's rules) and quarter-ends. Pure: rows in, data out.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from coach.review.averages import OUTCOMES, DayCheck, Rate, judge_day, rate_of
from coach.review.strain import MIN_WEEK_DEBRIEFS, RISE, WEEKDAYS, Slot, cluster

TEAM = "the team"
MIN_CONVERSATIONS = 10
"""A rep's share of conversations ending in a no is shown from this many conversations on."""
MIN_RANGE_REPS = 3
"""The team's range of those shares needs this many reps: with two, each could read the other's."""

COUNTS = ("dials", "conversations", "meetings", "follow_ups", "objections", "reflections",
          "debriefs", "tough", "wins", "rated", "before_sum", "after_sum", "stung", "stung_sum",
          "end_debriefs", "end_tough")
"""The columns of a per-rep-week row (coach/team/sql/rep_weeks.sql), after rep and week."""


@dataclass(frozen=True)
class Week:
    start: date
    counts: Mapping[str, int]


@dataclass(frozen=True)
class SharedText:
    """One reflection a rep shared with its text (`--with-text`)."""

    finished: str
    playbook: str
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Person:
    """One rep (or the whole team) over the period."""

    name: str
    exported: str
    with_text: bool
    weeks: tuple[Week, ...]
    totals: Mapping[str, int]
    median_week: float | None
    """The median dials of the weeks this rep dialled at all."""
    latest: Week | None
    """The newest week with dials."""
    latest_norm: float | None
    """The team's median dials in that same week."""
    rates: tuple[Rate, ...]
    checks: tuple[DayCheck, ...]
    check_rates: tuple[Rate, ...]
    """The rates over the weeks before the latest one, which the checks judge it against."""
    causes: tuple[tuple[str, int], ...]
    traps: tuple[tuple[str, int], ...]
    weekday_cluster: Slot | None
    hour_cluster: Slot | None
    rising_weeks: tuple[date, ...]
    texts: tuple[SharedText, ...]
    stages: tuple[tuple[str, int], ...] = ()
    """Where the debriefed calls died, most often first."""
    objections: tuple[tuple[str, int], ...] = ()
    """What they died on (common keys, "other" for the rep's own words), most often first."""
    left_out: tuple[str, ...] = ()
    """What the rep kept out of the export (teamshare.LEAVE_OUT names)."""

    @property
    def no_rate(self) -> float | None:
        """The share of conversations that ended without a meeting, from MIN_CONVERSATIONS on."""
        talks = self.totals["conversations"]
        if talks < MIN_CONVERSATIONS:
            return None
        return max(0.0, 1 - self.totals["meetings"] / talks)

    @property
    def average_before(self) -> float | None:
        return self.totals["before_sum"] / self.totals["rated"] if self.totals["rated"] else None

    @property
    def average_after(self) -> float | None:
        return self.totals["after_sum"] / self.totals["rated"] if self.totals["rated"] else None


@dataclass(frozen=True)
class TeamReview:
    start: date | None
    end: date | None
    people: tuple[Person, ...]
    team: Person
    norm: float | None
    """The median dials over every rep-week with dials: the team's own norm for a week."""
    no_range: tuple[float, float] | None = None
    """The lowest and highest `no_rate` of the reps, when MIN_RANGE_REPS or more have one: an
    anonymous range, so no rep's rate can be read off it, and never a ranking."""


def _weeks(rows: Iterable[Mapping[str, Any]]) -> tuple[Week, ...]:
    return tuple(sorted((Week(row["week"], {name: int(row[name]) for name in COUNTS})
                         for row in rows), key=lambda week: week.start))


def _sum(weeks: Iterable[Week]) -> dict[str, int]:
    total = dict.fromkeys(COUNTS, 0)
    for week in weeks:
        for name in COUNTS:
            total[name] += week.counts[name]
    return total


def _rates(weeks: Sequence[Week]) -> tuple[Rate, ...]:
    total = _sum(weeks)
    since = weeks[0].start if weeks else None
    return tuple(rate_of(outcome, total["dials"], total[outcome], since) for outcome in OUTCOMES)


def _rising(weeks: Sequence[Week]) -> tuple[date, ...]:
    """Weeks whose average sting before a debrief rose by RISE or more over the week before."""
    stung = [(week.start, week.counts["stung"], week.counts["stung_sum"] / week.counts["stung"])
             for week in weeks if week.counts["stung"]]
    return tuple(later[0] for earlier, later in pairwise(stung)
                 if later[0] - earlier[0] == timedelta(days=7)
                 and min(earlier[1], later[1]) >= MIN_WEEK_DEBRIEFS and later[2] - earlier[2] >= RISE)


def _clusters(slots: Iterable[Mapping[str, Any]]) -> tuple[Slot | None, Slot | None]:
    days_tough, days_all = [0] * 7, [0] * 7
    hours_tough, hours_all = [0] * 24, [0] * 24
    for row in slots:
        weekday, hour = int(row["weekday"]) - 1, row["hour"]
        days_tough[weekday] += int(row["tough"])
        days_all[weekday] += int(row["debriefs"])
        if isinstance(hour, int) and 0 <= hour < 24:
            hours_tough[hour] += int(row["tough"])
            hours_all[hour] += int(row["debriefs"])
    # Two-hour windows, as the rep's own review looks at them.
    window_tough = [hours_tough[hour] + hours_tough[(hour + 1) % 24] for hour in range(24)]
    window_all = [hours_all[hour] + hours_all[(hour + 1) % 24] for hour in range(24)]
    labels = [f"{hour:02d}:00-{(hour + 2) % 24:02d}:00" for hour in range(24)]
    return cluster(days_tough, days_all, WEEKDAYS), cluster(window_tough, window_all, labels)


def _ranked(items: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Counts per key added up, most often first (ties by key)."""
    counts: Counter[str] = Counter()
    for key, count in items:
        counts[key] += count
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Keyed:
    """What the SQL counted per key for one rep (or the team): causes, traps, stages, objections."""

    causes: Iterable[tuple[str, int]] = ()
    traps: Iterable[tuple[str, int]] = ()
    stages: Iterable[tuple[str, int]] = ()
    objections: Iterable[tuple[str, int]] = ()


def person(name: str, exported: str, with_text: bool, weeks: tuple[Week, ...],
           norms: Mapping[date, float], keyed: Keyed, slots: Iterable[Mapping[str, Any]],
           texts: tuple[SharedText, ...] = (), left_out: tuple[str, ...] = ()) -> Person:
    dialled = [week for week in weeks if week.counts["dials"] > 0]
    latest = dialled[-1] if dialled else None
    before = [week for week in weeks if latest is not None and week.start < latest.start]
    check_rates = _rates(before)
    checks = []
    if latest is not None:
        for rate in check_rates:
            check = judge_day(latest.start, rate.outcome, latest.counts["dials"],
                              latest.counts[rate.outcome], rate)
            if check is not None:
                checks.append(check)
    weekday_cluster, hour_cluster = _clusters(slots)
    return Person(
        name=name, exported=exported, with_text=with_text, weeks=weeks, totals=_sum(weeks),
        median_week=statistics.median(week.counts["dials"] for week in dialled) if dialled else None,
        latest=latest, latest_norm=norms.get(latest.start) if latest else None,
        rates=_rates(weeks), checks=tuple(checks), check_rates=check_rates,
        causes=_ranked(keyed.causes), traps=_ranked(keyed.traps),
        weekday_cluster=weekday_cluster, hour_cluster=hour_cluster,
        rising_weeks=_rising(weeks), texts=texts, stages=_ranked(keyed.stages),
        objections=_ranked(keyed.objections), left_out=left_out,
    )


@dataclass(frozen=True)
class Rep:
    """What the files' headers say about one rep: the name, the export's time, text or not, and
    what the rep kept out."""

    name: str
    exported: str
    with_text: bool
    left_out: tuple[str, ...] = ()


KEYED_ROWS = {"causes": "cause", "traps": "thinking_trap", "stages": "stage",
              "objections": "objection"}
"""Each keyed result set of the SQL (coach/team/sql/NAME.sql), and the column of its key."""


def team_review(reps: Sequence[Rep], weeks: Iterable[Mapping[str, Any]],
                norms: Iterable[Mapping[str, Any]], keyed: Mapping[str, Iterable[Mapping[str, Any]]],
                slots: Iterable[Mapping[str, Any]],
                texts: Iterable[tuple[int, SharedText]]) -> TeamReview:
    """The review of every rep (`rep_id` i is reps[i]) and of the team as a whole; `keyed`
    holds the rows of each KEYED_ROWS result set."""
    def by_rep(rows: Iterable[Mapping[str, Any]]) -> dict[int, list[Mapping[str, Any]]]:
        grouped: dict[int, list[Mapping[str, Any]]] = {}
        for row in rows:
            grouped.setdefault(int(row["rep_id"]), []).append(row)
        return grouped

    week_rows, slot_rows = by_rep(weeks), by_rep(slots)
    keyed_rows = {name: by_rep(keyed.get(name, ())) for name in KEYED_ROWS}

    def counted(number: int) -> Keyed:
        return Keyed(**{name: [(row[column], int(row["reflections"]))
                               for row in keyed_rows[name].get(number, [])]
                        for name, column in KEYED_ROWS.items()})

    # With no dials at all, the team-wide row is there with no median.
    norm_rows = [row for row in norms if row["median_dials"] is not None]
    week_norms = {row["week"]: float(row["median_dials"]) for row in norm_rows if row["week"] is not None}
    overall = next((float(row["median_dials"]) for row in norm_rows if row["week"] is None), None)
    shared: dict[int, list[SharedText]] = {}
    for rep_id, text in texts:
        shared.setdefault(rep_id, []).append(text)
    people = tuple(
        person(rep.name, rep.exported, rep.with_text, _weeks(week_rows.get(number, [])),
               week_norms, counted(number), slot_rows.get(number, []),
               tuple(shared.get(number, [])), rep.left_out)
        for number, rep in enumerate(reps)
    )
    merged: dict[date, dict[str, int]] = {}
    for someone in people:
        for week in someone.weeks:
            slot = merged.setdefault(week.start, dict.fromkeys(COUNTS, 0))
            for name in COUNTS:
                slot[name] += week.counts[name]
    everyone = Keyed(*([item for someone in people for item in getattr(someone, name)]
                       for name in KEYED_ROWS))
    team = person(TEAM, "", False, tuple(Week(start, counts) for start, counts in sorted(merged.items())),
                  {}, everyone, [row for rows in slot_rows.values() for row in rows])
    starts = [week.start for week in team.weeks]
    rates = [rate for someone in people if (rate := someone.no_rate) is not None]
    no_range = (min(rates), max(rates)) if len(rates) >= MIN_RANGE_REPS else None
    return TeamReview(min(starts, default=None), max(starts, default=None), people, team, overall,
                      no_range)
