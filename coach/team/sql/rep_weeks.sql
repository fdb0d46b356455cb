-- One row per rep and ISO week (starting Monday, by the local day of each stamp): effort, the
-- reflections' summaries and the strain counts. Everything per rep is added up from these.
CREATE TEMP TABLE rep_weeks AS
SELECT
    rep_id,
    date_trunc('week', day)::DATE AS week,
    coalesce(sum(count) FILTER (WHERE type = 'dials'), 0) AS dials,
    coalesce(sum(count) FILTER (WHERE type = 'conversations'), 0) AS conversations,
    coalesce(sum(count) FILTER (WHERE type = 'meetings'), 0) AS meetings,
    coalesce(sum(count) FILTER (WHERE type = 'follow_ups'), 0) AS follow_ups,
    coalesce(sum(count) FILTER (WHERE type = 'objections'), 0) AS objections,
    count(*) FILTER (WHERE kind = 'reflection') AS reflections,
    count(*) FILTER (WHERE debrief) AS debriefs,
    count(*) FILTER (WHERE debrief AND sting_before >= $tough) AS tough,
    count(*) FILTER (WHERE kind = 'reflection' AND win) AS wins,
    count(*) FILTER (WHERE sting_before IS NOT NULL AND sting_after IS NOT NULL) AS rated,
    coalesce(sum(sting_before) FILTER (WHERE sting_after IS NOT NULL), 0) AS before_sum,
    coalesce(sum(sting_after) FILTER (WHERE sting_before IS NOT NULL), 0) AS after_sum,
    count(*) FILTER (WHERE debrief AND sting_before IS NOT NULL) AS stung,
    coalesce(sum(sting_before) FILTER (WHERE debrief), 0) AS stung_sum,
    count(*) FILTER (WHERE debrief AND quarter_end) AS end_debriefs,
    count(*) FILTER (WHERE debrief AND quarter_end AND sting_before >= $tough) AS end_tough
FROM (
    SELECT *,
        datediff('day', day, last_day(date_trunc('quarter', day) + INTERVAL 2 MONTH))
            < $quarter_end_days AS quarter_end
    FROM facts
)
GROUP BY ALL
