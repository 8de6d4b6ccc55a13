-- Export (GET /v1/me/export): the next batch of one user's stays (derived from their location
-- points, migration 0039), in primary key order after a keyset cursor (the last key of the
-- previous batch; the first batch starts below every key). Each row is one JSON object of all its
-- columns. Every batch runs in the export's one REPEATABLE READ transaction.
-- params: $1 user_id uuid, $2 after_id uuid, $3 lim integer
-- uses: location_stays_pkey
-- sample user: heaviest owner of location_stays
SELECT
    row_to_json(t)::text AS line,
    t.id
FROM location_stays AS t
WHERE t.user_id = $1
    AND t.id > $2
ORDER BY
    t.id
LIMIT $3
