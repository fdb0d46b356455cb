-- Once every line has passed its checks, keep only what the report counts: records (not the
-- headers) on a local day inside the period.
DELETE FROM facts WHERE is_header OR NOT (day BETWEEN $since AND $until)
