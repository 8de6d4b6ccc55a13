-- The live messages of one thread of one user in the order they were sent, after a keyset
-- cursor.
-- params: $1 user_id uuid, $2 thread_id uuid, $3 after_sent_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: emails_live_thread_sent_idx
-- replica: yes
-- sample: thread_id from tooling/sample_email_largest_thread
-- sample: after_sent_at = null
-- sample: after_id = null
SELECT
    id,
    user_id,
    message_id,
    thread_id,
    in_reply_to,
    from_address,
    to_addresses,
    cc_addresses,
    bcc_addresses,
    subject,
    sent_at,
    body_text,
    labels,
    is_read,
    is_starred,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM emails
WHERE user_id = $1
    AND thread_id = $2
    AND deleted_at IS NULL
    AND (sent_at, id) > (coalesce($3::timestamptz, '-infinity'), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY sent_at, id
LIMIT $5
