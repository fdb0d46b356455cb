-- Every line of every team export, read once, as typed columns, with whether it follows the
-- rules of docs/records.md ("Team export files"). coach/review/teamshare.py holds the same rules
-- in Python, to name the first line that breaks one. $files are the exports; the temp table
-- `reps` maps each file to its rep number (found from the header lines before this runs).
-- Only the columns the report counts are kept, so five million lines stay small in memory.
CREATE TEMP TABLE facts AS
SELECT
    rep_id, is_header, kind, type, count, debrief, cause, sting_before, sting_after, win,
    thinking_trap, day, hour,
    -- The stamp and playbook are kept only for lines with text, which the report quotes.
    CASE WHEN answers IS NOT NULL THEN stamp END AS stamp,
    CASE WHEN answers IS NOT NULL THEN playbook END AS playbook,
    answers,
    CASE
        WHEN is_header THEN kind IS NULL AND format = 'coach-team-export'
        WHEN kind = 'effort' THEN
            coalesce(type IN ('dials', 'conversations', 'meetings', 'follow_ups', 'objections',
                              'breather')
                     AND count BETWEEN 1 AND 1000 AND stamp_ok
                     AND (note IS NULL OR length(note) <= 10000), false)
        WHEN kind = 'reflection' THEN
            coalesce(playbook_ok
                     AND (variant IS NULL OR variant IN ('full', 'quick'))
                     AND stamp_ok
                     AND (sting_before IS NULL OR sting_before BETWEEN 0 AND 10)
                     AND (sting_after IS NULL OR sting_after BETWEEN 0 AND 10)
                     AND win IS NOT NULL
                     AND (cause IS NULL OR length(cause) <= 64)
                     AND (thinking_trap IS NULL OR length(thinking_trap) <= 64)
                     AND tags IS NOT NULL AND len(tags) <= 50
                     AND (answers IS NULL OR (json_type(answers) = 'ARRAY'
                                              AND json_array_length(answers) <= 200)),
                     false)
        ELSE false
    END AS ok
FROM (
    SELECT
        r.rep_id, j.format, j.format IS NOT NULL AS is_header, j.kind, j.type, j.count,
        j.kind = 'reflection' AND j.playbook = 'debrief' AS debrief,
        j.playbook, length(j.playbook) BETWEEN 1 AND 200 AS playbook_ok, j.variant, j.cause,
        j.sting_before, j.sting_after, j.win, j.thinking_trap, j.tags, j.answers, j.note,
        coalesce(j.at, j.finished) AS stamp,
        try_cast(left(coalesce(j.at, j.finished), 10) AS DATE) AS day,
        try_cast(substr(coalesce(j.at, j.finished), 12, 2) AS INTEGER) AS hour,
        -- The shape of a stamp (as coach/store/validation.py's strict reading), a real day in
        -- 1970-2999, and a real time of day and zone offset.
        coalesce(regexp_full_match(coalesce(j.at, j.finished),
                    '[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{3}|\.[0-9]{6})?)?[+-]([01][0-9]|2[0-3]):[0-5][0-9]')
                 AND try_cast(left(coalesce(j.at, j.finished), 10) AS DATE)
                     BETWEEN DATE '1970-01-01' AND DATE '2999-12-31', false) AS stamp_ok
    FROM read_ndjson($files, columns = {
            'format': 'VARCHAR', 'kind': 'VARCHAR', 'type': 'VARCHAR', 'count': 'BIGINT',
            'at': 'VARCHAR', 'playbook': 'VARCHAR', 'variant': 'VARCHAR', 'finished': 'VARCHAR',
            'cause': 'VARCHAR', 'sting_before': 'BIGINT', 'sting_after': 'BIGINT',
            'win': 'BOOLEAN', 'thinking_trap': 'VARCHAR', 'tags': 'VARCHAR[]', 'answers': 'JSON',
            'note': 'VARCHAR'},
        filename = true, maximum_object_size = $max_line_bytes) AS j
    JOIN reps AS r ON r.file = j.filename
)
