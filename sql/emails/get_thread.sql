-- The summary of one thread of one user; none when no message of it is live.
-- params: $1 user_id uuid, $2 thread_id uuid
-- uses: email_threads_pkey
-- replica: yes
-- sample: thread_id from tooling/sample_email_largest_thread
SELECT
    thread_id,
    subject,
    latest_at,
    latest_email_id,
    message_count,
    unread_count
FROM email_threads
WHERE user_id = $1
    AND thread_id = $2
