-- Export (GET /v1/me/export): the next batch of one user's email threads, live and trashed, in primary
-- key order after a keyset cursor (the last key of the previous batch; the first batch starts
-- below every key). Each row is one JSON object of all its columns: a column added later is
-- exported without a change here. Every batch runs in the export's one REPEATABLE READ
-- transaction, so the batches together are one snapshot.
-- params: $1 user_id uuid, $2 after_thread_id uuid, $3 lim integer
-- uses: email_threads_pkey
-- sample user: heaviest owner of email_threads
SELECT
    row_to_json(t)::text AS line,
    t.thread_id
FROM email_threads AS t
WHERE t.user_id = $1
    AND t.thread_id > $2
ORDER BY
    t.thread_id
LIMIT $3
