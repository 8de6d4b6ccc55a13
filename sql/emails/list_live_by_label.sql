-- Live messages of one user carrying a label (unread ones only when $3 is true), newest first,
-- after a keyset cursor. A rare label is found through the GIN index; a common one by walking
-- the user's list newest first until a page is full, which the planner prefers then.
-- params: $1 user_id uuid, $2 label text, $3 unread_only boolean, $4 after_sent_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: emails_live_labels_gin_idx | emails_live_user_sent_idx
-- replica: yes
-- sample: label from tooling/sample_email_rare_label
-- sample: unread_only = false
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
    AND labels @> ARRAY[$2::text]
    AND deleted_at IS NULL
    AND ($3::boolean IS NOT TRUE OR NOT is_read)
    AND (sent_at, id) < (coalesce($4::timestamptz, 'infinity'), coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY sent_at DESC, id DESC
LIMIT $6
