-- The newest reflections shared with their text (only reps who exported --with-text have any).
SELECT rep_id, stamp, playbook, CAST(answers AS VARCHAR) AS answers
FROM facts WHERE answers IS NOT NULL AND json_array_length(answers) > 0
QUALIFY row_number() OVER (PARTITION BY rep_id ORDER BY try_cast(stamp AS TIMESTAMPTZ) DESC) <= $texts
ORDER BY rep_id, try_cast(stamp AS TIMESTAMPTZ) DESC
