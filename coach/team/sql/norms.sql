-- The team's own norms: the median rep's dials in each week (over the reps who dialled that
-- week), and over every rep-week with dials (week NULL).
SELECT week, median(dials) AS median_dials, count(*) AS reps
FROM rep_weeks WHERE dials > 0
GROUP BY GROUPING SETS ((week), ())
ORDER BY week NULLS FIRST
