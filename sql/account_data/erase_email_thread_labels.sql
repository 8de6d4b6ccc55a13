-- Erase (DELETE /v1/me): hard-delete the next batch of one user's email thread labels, in the
-- caller's own short transaction, so other users are never blocked and no transaction grows with
-- the account. The batch is the first $2 keys (thread_id, label) in primary key order (an index-
-- only scan); exactly those rows go, found again through the primary key: thread_id = ANY of the
-- batch's thread_ids (an array the planner cannot see, which it counts as a handful of keys, so it
-- probes the index at any size of the table or the user; see erase_media.sql), and of those rows
-- the ones up to the batch's last key (every label of a thread_id inside the batch, those of the
-- last thread_id up to its last label): the batch is the first keys in order, so nothing outside it
-- is at or before its last.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: email_thread_labels_pkey
-- sample user: heaviest owner of email_thread_labels
WITH doomed AS MATERIALIZED (
    SELECT
        thread_id,
        label
    FROM email_thread_labels
    WHERE user_id = $1
    ORDER BY
        thread_id,
        label
    LIMIT $2
)
DELETE FROM email_thread_labels
WHERE user_id = $1
    AND thread_id = ANY (ARRAY(SELECT d.thread_id FROM doomed AS d))
    AND (thread_id, label) <= (
        SELECT
            d.thread_id,
            d.label
        FROM doomed AS d
        ORDER BY
            d.thread_id DESC,
            d.label DESC
        LIMIT 1
    )
