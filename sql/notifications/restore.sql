-- Bring one trashed notification of one user back, unless a live one now holds its import key.
-- Found by primary key, or in the user's (short) trash: the planner picks by the size of the
-- trash, and either is right (as albums/restore).
-- params: $1 user_id uuid, $2 id uuid
-- uses: notifications_pkey | notifications_trash_user_deleted_idx
-- sample: id from tooling/sample_notification_trash_point
UPDATE notifications
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
