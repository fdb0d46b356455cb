-- The thinking traps caught: reflections per rep and trap.
SELECT rep_id, thinking_trap, count(*) AS reflections
FROM facts WHERE kind = 'reflection' AND thinking_trap IS NOT NULL
GROUP BY ALL ORDER BY rep_id, reflections DESC, thinking_trap
