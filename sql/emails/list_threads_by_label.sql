-- The threads of one user with a live message carrying a label, by their latest message, newest
-- first, after a keyset cursor: a walk of the label index, each thread's summary by its key.
-- params: $1 user_id uuid, $2 label text, $3 after_latest_at timestamptz, $4 after_thread_id uuid, $5 lim integer
-- uses: email_thread_labels_user_label_latest_idx, email_threads_pkey
-- replica: yes
-- sample: label from tooling/sample_email_rare_label
-- sample: after_latest_at = latest_at, after_thread_id = thread_id from tooling/sample_email_thread_points row 2
SELECT
    t.thread_id,
    t.subject,
    t.latest_at,
    t.latest_email_id,
    t.message_count,
    t.unread_count
FROM email_thread_labels AS l
JOIN email_threads AS t
    ON t.user_id = $1
    AND t.thread_id = l.thread_id
WHERE l.user_id = $1
    AND l.label = $2
    AND (l.latest_at, l.thread_id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY l.latest_at DESC, l.thread_id DESC
LIMIT $5
