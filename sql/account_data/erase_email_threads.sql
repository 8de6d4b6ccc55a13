-- Erase (DELETE /v1/me): hard-delete the next batch of one user's email threads, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); every row
-- of the user's up to the last of them goes (exactly the batch: the key is unique), found
-- again through the primary key.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: email_threads_pkey
-- sample user: heaviest owner of email_threads
DELETE FROM email_threads
WHERE user_id = $1
    AND thread_id <= (
        SELECT b.thread_id
        FROM (
            SELECT thread_id
            FROM email_threads
            WHERE user_id = $1
            ORDER BY thread_id
            LIMIT $2
        ) AS b
        ORDER BY b.thread_id DESC
        LIMIT 1
    )
