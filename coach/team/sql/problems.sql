-- The exports that break a rule: lines that fail the checks, or not exactly one header.
SELECT rep_id, count(*) FILTER (WHERE NOT ok) AS bad, count(*) FILTER (WHERE is_header) AS headers
FROM facts
GROUP BY rep_id
HAVING count(*) FILTER (WHERE NOT ok) > 0 OR count(*) FILTER (WHERE is_header) <> 1
ORDER BY rep_id
