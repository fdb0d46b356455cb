-- The per-rep-week rows themselves, oldest week first.
SELECT * FROM rep_weeks ORDER BY rep_id, week
