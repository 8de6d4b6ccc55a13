-- Erase (DELETE /v1/me): hard-delete the next batch of one user's email thread labels, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); every row
-- of the user's up to the last of them goes (exactly the batch: the key is unique), found
-- again through the primary key.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: email_thread_labels_pkey
-- sample user: heaviest owner of email_thread_labels
DELETE FROM email_thread_labels AS t
USING (
    SELECT
        b.thread_id,
        b.label
    FROM (
        SELECT
            thread_id,
            label
        FROM email_thread_labels
        WHERE user_id = $1
        ORDER BY
            thread_id,
            label
        LIMIT $2
    ) AS b
    ORDER BY
        b.thread_id DESC,
        b.label DESC
    LIMIT 1
) AS last
WHERE t.user_id = $1
    AND (t.thread_id, t.label) <= (last.thread_id, last.label)
