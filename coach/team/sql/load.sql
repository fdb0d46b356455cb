-- Every line of every team export, read once, as typed columns, with whether it follows the
-- rules of docs/records.md ("Team export files"). coach/review/teamshare.py holds the same rules
-- in Python, to name the first line that breaks one, and the bounds bound here ($max_count and
-- the rest). $files are the exports, each an exact path (coach/team/engine.py escapes what
-- DuckDB would read as a glob); the temp table `reps` maps each file to its rep number (found
-- from the header lines before this runs). Only the columns the report counts are kept, so five
-- million lines stay small in memory.
--
-- A value must have its JSON type, never one DuckDB could cast to it: a count of 999.6, "7" or
-- true is not a count, a win of "true" is not a win, a cause of 5 is not text. So the numbers,
-- true/false and free texts are read as JSON and their types checked before they are used.
CREATE TEMP TABLE facts AS
SELECT
    rep_id, is_header, kind, type, count, debrief, cause, sting_before, sting_after, win,
    thinking_trap, stage, objection, day, hour,
    -- The stamp and playbook are kept only for lines with text, which the report quotes.
    CASE WHEN answers IS NOT NULL THEN stamp END AS stamp,
    CASE WHEN answers IS NOT NULL THEN playbook END AS playbook,
    answers,
    CASE
        WHEN is_header THEN kind IS NULL AND format = 'coach-team-export'
        WHEN kind = 'effort' THEN
            coalesce(list_contains($effort_types, type)
                     AND count BETWEEN 1 AND $max_count AND stamp_ok
                     AND texts_ok AND (note IS NULL OR length(note) <= $max_text_chars), false)
        WHEN kind = 'reflection' THEN
            coalesce(playbook_ok
                     AND (variant IS NULL OR variant IN ('full', 'quick'))
                     AND stamp_ok
                     AND (sting_before_json IS NULL OR sting_before BETWEEN 0 AND $max_sting)
                     AND (sting_after_json IS NULL OR sting_after BETWEEN 0 AND $max_sting)
                     AND win IS NOT NULL AND texts_ok
                     AND (cause IS NULL OR length(cause) <= $max_key_chars)
                     AND (thinking_trap IS NULL OR length(thinking_trap) <= $max_key_chars)
                     AND (stage IS NULL OR length(stage) <= $max_key_chars)
                     AND (objection IS NULL OR length(objection) <= $max_key_chars)
                     AND json_type(tags) = 'ARRAY' AND json_array_length(tags) <= $max_tags
                     AND list_distinct(json_type(tags, '$[*]')) IN ([], ['VARCHAR'])
                     AND (answers IS NULL OR (json_type(answers) = 'ARRAY'
                                              AND json_array_length(answers) <= $max_answers)),
                     false)
        ELSE false
    END AS ok
FROM (
    SELECT
        r.rep_id, j.format, j.format IS NOT NULL AS is_header, j.kind, j.type,
        -- A whole number is written as digits only (JSON null reads as SQL NULL).
        CASE WHEN regexp_full_match(j.count::VARCHAR, '-?[0-9]{1,18}')
             THEN j.count::VARCHAR::BIGINT END AS count,
        j.sting_before AS sting_before_json, j.sting_after AS sting_after_json,
        CASE WHEN regexp_full_match(j.sting_before::VARCHAR, '-?[0-9]{1,18}')
             THEN j.sting_before::VARCHAR::BIGINT END AS sting_before,
        CASE WHEN regexp_full_match(j.sting_after::VARCHAR, '-?[0-9]{1,18}')
             THEN j.sting_after::VARCHAR::BIGINT END AS sting_after,
        CASE j.win::VARCHAR WHEN 'true' THEN true WHEN 'false' THEN false END AS win,
        -- Free texts: text or null, nothing else.
        coalesce(json_type(j.playbook), 'VARCHAR') = 'VARCHAR'
            AND coalesce(json_type(j.cause), 'VARCHAR') = 'VARCHAR'
            AND coalesce(json_type(j.thinking_trap), 'VARCHAR') = 'VARCHAR'
            AND coalesce(json_type(j.stage), 'VARCHAR') = 'VARCHAR'
            AND coalesce(json_type(j.objection), 'VARCHAR') = 'VARCHAR'
            AND coalesce(json_type(j.note), 'VARCHAR') = 'VARCHAR' AS texts_ok,
        -- Parenthesised: DuckDB 1.5 (the one Python 3.10 gets) binds ->> looser than =.
        j.kind = 'reflection' AND (j.playbook->>'$') = 'debrief' AS debrief,
        j.playbook->>'$' AS playbook,
        length(j.playbook->>'$') BETWEEN 1 AND $max_playbook_chars AS playbook_ok, j.variant,
        j.cause->>'$' AS cause, j.thinking_trap->>'$' AS thinking_trap, j.note->>'$' AS note,
        j.stage->>'$' AS stage, j.objection->>'$' AS objection,
        j.tags, j.answers,
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
            'format': 'VARCHAR', 'kind': 'VARCHAR', 'type': 'VARCHAR', 'count': 'JSON',
            'at': 'VARCHAR', 'playbook': 'JSON', 'variant': 'VARCHAR', 'finished': 'VARCHAR',
            'cause': 'JSON', 'sting_before': 'JSON', 'sting_after': 'JSON', 'win': 'JSON',
            'thinking_trap': 'JSON', 'tags': 'JSON', 'answers': 'JSON', 'note': 'JSON',
            'stage': 'JSON', 'objection': 'JSON'},
        filename = true, maximum_object_size = $max_line_bytes, compression = 'uncompressed') AS j
    JOIN reps AS r ON r.file = j.filename
)
