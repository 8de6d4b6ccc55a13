-- Export (GET /v1/me/export): the next batch of one user's locations, live and trashed, in primary
-- key order after a keyset cursor (the last key of the previous batch; the first batch starts
-- below every key). Each row is one JSON object of all its columns: a column added later is
-- exported without a change here. Every batch runs in the export's one REPEATABLE READ
-- transaction, so the batches together are one snapshot.
-- Partitioned: each batch descends every month's primary key once (the key does not say
-- which month holds the next rows) and merges them in key order.
-- params: $1 user_id uuid, $2 after_id uuid, $3 after_recorded_at timestamptz, $4 lim integer
-- uses: locations_pkey
-- sample user: heaviest owner of locations
SELECT
    row_to_json(t)::text AS line,
    t.id,
    t.recorded_at
FROM locations AS t
WHERE t.user_id = $1
    AND (t.id, t.recorded_at) > ($2, $3)
ORDER BY
    t.id,
    t.recorded_at
LIMIT $4
