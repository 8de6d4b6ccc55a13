-- One live notification of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: notifications_pkey
-- replica: yes
-- sample: id from tooling/sample_notification_points row 2
SELECT
    id,
    user_id,
    kind,
    title,
    body,
    is_read,
    read_at,
    object_type,
    object_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM notifications
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
