-- Erase (DELETE /v1/me): hard-delete the next batch of one user's email threads, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); exactly those
-- rows go, each found again through the primary key (thread_id = ANY of the batch's keys: the
-- planner counts an array it cannot see as a handful of keys, so it probes the index at any size of
-- the table or the user, where a bound on the key (`thread_id <= the batch's last`) left it
-- guessing a third of the user's rows and, at a thousand times the size, reading the whole table).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: email_threads_pkey
-- sample user: heaviest owner of email_threads
DELETE FROM email_threads
WHERE user_id = $1
    AND thread_id = ANY (ARRAY(
        SELECT thread_id
        FROM email_threads
        WHERE user_id = $1
        ORDER BY thread_id
        LIMIT $2
    ))
