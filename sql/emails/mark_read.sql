-- Set is_read on the given live messages of one user that are not in that state yet; the
-- threads' unread counts follow by trigger, once per thread for the whole batch. Joined with
-- the ids, one primary-key probe each, like lock_live.
-- params: $1 user_id uuid, $2 ids uuid[], $3 is_read boolean
-- uses: emails_pkey
-- trigger uses: email_threads_pkey, email_thread_labels_pkey (emails_threads_after_update: unread counts of each thread)
-- sample: ids = id from tooling/sample_email_points every row
-- sample: is_read = true
UPDATE emails AS e
SET is_read = $3
FROM unnest($2::uuid[]) AS wanted (id)
WHERE e.user_id = $1
    AND e.id = wanted.id
    AND e.deleted_at IS NULL
    AND e.is_read <> $3
