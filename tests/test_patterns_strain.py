"""Strain signals: clusters of tough calls, bursts, rising weeks and quarter-ends."""

from __future__ import annotations

from datetime import date, datetime

from lookback_records import at

from coach.review.strain import in_quarter_end, quarter_end_of, review_strain

TODAY = date(2026, 11, 20)


def debriefs(*items: tuple[str, str, int]) -> list[tuple[datetime, object]]:
    return [(at(day, clock), sting) for day, clock, sting in items]


def test_tough_calls_on_one_weekday_afternoon_form_a_cluster() -> None:
    period = debriefs(
        ("2026-11-10", "14:10", 8), ("2026-11-10", "15:20", 7), ("2026-11-17", "14:40", 9),
        ("2026-11-17", "15:05", 7), ("2026-11-12", "10:00", 7), ("2026-11-12", "11:00", 3),
        ("2026-11-13", "09:00", 4), ("2026-11-16", "16:30", 2),
    )
    strain = review_strain(period, [], TODAY)
    assert (strain.debriefs, strain.tough) == (8, 5)
    assert strain.by_weekday == (0, 4, 0, 1, 0, 0, 0)
    assert strain.weekday_cluster is not None
    assert (strain.weekday_cluster.label, strain.weekday_cluster.tough) == ("Tuesday", 4)
    assert strain.hour_cluster is not None
    assert (strain.hour_cluster.label, strain.hour_cluster.tough) == ("14:00-16:00", 4)
    # 14:40 and 15:05 on the 17th are 25 minutes apart; 14:10 and 15:20 on the 10th are not.
    assert (strain.bursts, strain.largest_burst) == (1, 2)


def test_spread_out_tough_calls_are_not_a_cluster() -> None:
    period = debriefs(("2026-11-16", "09:00", 8), ("2026-11-17", "12:00", 8),
                      ("2026-11-18", "15:00", 8), ("2026-11-19", "17:00", 8))
    strain = review_strain(period, [], TODAY)
    assert strain.weekday_cluster is None and strain.hour_cluster is None and strain.bursts == 0


def test_a_chain_of_close_tough_calls_is_one_burst() -> None:
    period = debriefs(("2026-11-16", "09:00", 8), ("2026-11-16", "09:50", 7),
                      ("2026-11-16", "10:40", 9), ("2026-11-16", "16:00", 8))
    strain = review_strain(period, [], TODAY)
    assert (strain.bursts, strain.largest_burst) == (1, 3)


def test_weeks_where_the_average_sting_rises_by_a_point() -> None:
    period = debriefs(
        ("2026-11-02", "10:00", 3), ("2026-11-03", "10:00", 5),   # week of 2 Nov: 4.0
        ("2026-11-09", "10:00", 5), ("2026-11-10", "10:00", 6),   # week of 9 Nov: 5.5 (+1.5)
        ("2026-11-16", "10:00", 6), ("2026-11-17", "10:00", 5),   # week of 16 Nov: 5.5
    )
    strain = review_strain(period, [], TODAY)
    assert [(week.start, week.average) for week in strain.weeks] == [
        (date(2026, 11, 2), 4.0), (date(2026, 11, 9), 5.5), (date(2026, 11, 16), 5.5)]
    assert strain.rising_weeks == (date(2026, 11, 9),)


def test_a_week_with_one_debrief_is_not_compared() -> None:
    period = debriefs(("2026-11-02", "10:00", 2), ("2026-11-03", "10:00", 2),
                      ("2026-11-09", "10:00", 9))
    assert review_strain(period, [], TODAY).rising_weeks == ()


def test_quarter_ends() -> None:
    assert quarter_end_of(date(2026, 11, 20)) == date(2026, 12, 31)
    assert quarter_end_of(date(2026, 2, 1)) == date(2026, 3, 31)
    assert quarter_end_of(date(2026, 6, 30)) == date(2026, 6, 30)
    assert in_quarter_end(date(2026, 12, 18)) and not in_quarter_end(date(2026, 12, 17))
    everything = [(date(2026, 9, 25), 8), (date(2026, 9, 29), 3), (date(2026, 10, 5), 8),
                  (date(2026, 10, 6), 2), (date(2026, 10, 7), 2)]
    quarter = review_strain([], everything, date(2026, 12, 20)).quarter_end
    assert (quarter.end_debriefs, quarter.end_tough) == (2, 1)
    assert (quarter.other_debriefs, quarter.other_tough) == (3, 1)
    assert quarter.days_to_next == 11
