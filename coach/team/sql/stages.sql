-- Where the calls died: debriefs per rep and stage (gatekeeper, opener, pitch, the ask, the
-- first objection), so a lead can coach the stage, not the person.
SELECT rep_id, stage, count(*) AS reflections
FROM facts WHERE kind = 'reflection' AND stage IS NOT NULL
GROUP BY ALL ORDER BY rep_id, reflections DESC, stage
