-- Every line of every team export, read once, as typed columns, with whether it follows the
-- rules of docs/records.md ("Team export files"); coach/review/teamshare.py holds the same rules
-- in Python, to name the first line that breaks one. $files is the list of files and $reps maps
-- each file to a small rep number (found from the files' header lines before this runs).
CREATE TEMP TABLE facts AS
WITH raw AS (
    SELECT r.rep_id, j.*, coalesce(j.at, j.finished) AS stamp
    FROM read_ndjson($files, columns = {
            'format': 'VARCHAR', 'kind': 'VARCHAR', 'type': 'VARCHAR', 'count': 'BIGINT',
            'at': 'VARCHAR', 'playbook': 'VARCHAR', 'variant': 'VARCHAR', 'finished': 'VARCHAR',
            'cause': 'VARCHAR', 'sting_before': 'BIGINT', 'sting_after': 'BIGINT',
            'win': 'BOOLEAN', 'thinking_trap': 'VARCHAR', 'tags': 'VARCHAR[]', 'answers': 'JSON',
            'note': 'VARCHAR'},
        filename = true, maximum_object_size = $max_line_bytes) AS j
    JOIN reps AS r ON r.file = j.filename
),
checked AS (
    SELECT *,
        format IS NOT NULL AS is_header,
        stamp IS NOT NULL
            AND regexp_full_match(stamp,
                '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{3}|\.[0-9]{6})?)?[+-][0-9]{2}:[0-9]{2}')
            AND try_cast(stamp AS TIMESTAMPTZ) IS NOT NULL
            AND try_cast(left(stamp, 10) AS DATE) BETWEEN DATE '1970-01-01' AND DATE '2999-12-31'
            AS stamp_ok
    FROM raw
)
SELECT
    rep_id, is_header, kind, type, count, playbook, kind = 'reflection' AND playbook = 'debrief' AS debrief, cause, sting_before, sting_after, win,
    thinking_trap,
    CASE WHEN answers IS NOT NULL THEN stamp END AS stamp,
    answers,
    try_cast(left(stamp, 10) AS DATE) AS day,
    try_cast(substr(stamp, 12, 2) AS INTEGER) AS hour,
    CASE
        WHEN is_header THEN kind IS NULL AND format = 'coach-team-export'
        WHEN kind = 'effort' THEN
            coalesce(type IN ('dials', 'conversations', 'meetings', 'follow_ups', 'objections',
                              'breather')
                     AND count BETWEEN 1 AND 1000 AND stamp_ok
                     AND (note IS NULL OR length(note) <= 10000), false)
        WHEN kind = 'reflection' THEN
            coalesce(length(playbook) BETWEEN 1 AND 200
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
FROM checked
