-- Debriefs and tough calls per rep, weekday (1 = Monday) and hour of the local clock.
SELECT rep_id, isodow(day) AS weekday, hour, count(*) AS debriefs,
       count(*) FILTER (WHERE sting_before >= $tough) AS tough
FROM facts WHERE debrief
GROUP BY ALL ORDER BY rep_id, weekday, hour
