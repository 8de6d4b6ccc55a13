-- Move one live message of one user to the trash; its thread's counts follow by trigger.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: emails_pkey
-- trigger uses: email_threads_pkey, emails_live_thread_sent_idx, email_thread_labels_pkey (emails_threads_after_update: the thread's counts and latest message)
-- sample: id from tooling/sample_email_points row 2
-- sample: expected_updated_at = null
UPDATE emails
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
