-- What the calls died on: debriefs per rep and common objection ("other" for the rep's own
-- words, which stay private).
SELECT rep_id, objection, count(*) AS reflections
FROM facts WHERE kind = 'reflection' AND objection IS NOT NULL
GROUP BY ALL ORDER BY rep_id, reflections DESC, objection
