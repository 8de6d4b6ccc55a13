-- Soft-deleted messages of one user, most recently deleted first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_deleted_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: emails_trash_user_deleted_idx
-- replica: yes
-- sample: after_deleted_at = deleted_at, after_id = id from tooling/sample_email_trash_point
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
    AND deleted_at IS NOT NULL
    AND (deleted_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY deleted_at DESC, id DESC
LIMIT $4
