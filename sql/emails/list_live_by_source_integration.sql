-- Live messages of one user imported through one integration, newest first, after a cursor.
-- params: $1 user_id uuid, $2 source_integration_id uuid, $3 after_sent_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: emails_user_source_integration_idx
-- replica: yes
-- sample: source_integration_id from tooling/sample_email_integration
-- sample: after_sent_at = sent_at, after_id = id from tooling/sample_email_points row 2
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
    AND source_integration_id = $2
    AND deleted_at IS NULL
    AND (sent_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY sent_at DESC, id DESC
LIMIT $5
