-- Export (GET /v1/me/export): the next batch of one user's notes, live and trashed, in primary
-- key order after a keyset cursor (the last key of the previous batch; the first batch starts
-- below every key). Each row is one JSON object of all its columns but search_vector (derived
-- from the others, 0038): a column added later is
-- exported without a change here. Every batch runs in the export's one REPEATABLE READ
-- transaction, so the batches together are one snapshot.
-- params: $1 user_id uuid, $2 after_id uuid, $3 lim integer
-- uses: notes_pkey
-- sample user: heaviest owner of notes
SELECT
    (to_jsonb(t) - 'search_vector')::text AS line,
    t.id
FROM notes AS t
WHERE t.user_id = $1
    AND t.id > $2
ORDER BY
    t.id
LIMIT $3
