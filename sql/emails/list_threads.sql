-- The threads of one user by their latest live message, newest first, after a keyset cursor:
-- a walk of the summary table's index, however many messages the user has.
-- params: $1 user_id uuid, $2 after_latest_at timestamptz, $3 after_thread_id uuid, $4 lim integer
-- uses: email_threads_user_latest_idx
-- replica: yes
-- sample: after_latest_at = latest_at, after_thread_id = thread_id from tooling/sample_email_thread_points row 2
SELECT
    thread_id,
    subject,
    latest_at,
    latest_email_id,
    message_count,
    unread_count
FROM email_threads
WHERE user_id = $1
    AND (latest_at, thread_id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY latest_at DESC, thread_id DESC
LIMIT $4
