-- Export (GET /v1/me/export): the next batch of one user's health days (derived from their health
-- records, migration 0039), in primary key order after a keyset cursor (the last key of the
-- previous batch; the first batch starts below every key). Each row is one JSON object of all its
-- columns. Every batch runs in the export's one REPEATABLE READ transaction.
-- params: $1 user_id uuid, $2 after_day date, $3 lim integer
-- uses: health_days_pkey
-- sample user: heaviest owner of health_days
SELECT
    row_to_json(t)::text AS line,
    t.day
FROM health_days AS t
WHERE t.user_id = $1
    AND t.day > $2
ORDER BY
    t.day
LIMIT $3
