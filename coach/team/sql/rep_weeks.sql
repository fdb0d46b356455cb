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
        -- The last $quarter_end_days days of a quarter (fewer than 28, so all in its last month).
        month(day) % 3 = 0
            AND dayofmonth(day) > CASE WHEN month(day) IN (3, 12) THEN 31 ELSE 30 END
                                  - $quarter_end_days AS quarter_end
    FROM facts
)
GROUP BY ALL
