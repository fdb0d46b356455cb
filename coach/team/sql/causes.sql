-- What drove the "no"s: reflections per rep and cause.
SELECT rep_id, cause, count(*) AS reflections
FROM facts WHERE kind = 'reflection' AND cause IS NOT NULL
GROUP BY ALL ORDER BY rep_id, reflections DESC, cause
