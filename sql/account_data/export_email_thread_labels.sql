-- Export (GET /v1/me/export): the next batch of one user's email thread labels, live and trashed, in primary
-- key order after a keyset cursor (the last key of the previous batch; the first batch starts
-- below every key). Each row is one JSON object of all its columns: a column added later is
-- exported without a change here. Every batch runs in the export's one REPEATABLE READ
-- transaction, so the batches together are one snapshot.
-- params: $1 user_id uuid, $2 after_thread_id uuid, $3 after_label text, $4 lim integer
-- uses: email_thread_labels_pkey
-- sample user: heaviest owner of email_thread_labels
SELECT
    row_to_json(t)::text AS line,
    t.thread_id,
    t.label
FROM email_thread_labels AS t
WHERE t.user_id = $1
    AND (t.thread_id, t.label) > ($2, $3)
ORDER BY
    t.thread_id,
    t.label
LIMIT $4
