-- Live notifications of one user, unread first, each part newest first, after a keyset cursor
-- (is_read, created_at, id) of the last row shown; a null cursor starts at the top. Each part is
-- a walk down its own partial index, at most a page long; the few rows of both are sorted into
-- list order. A cursor in the read part (after_is_read true) leaves the unread part out.
-- params: $1 user_id uuid, $2 after_is_read boolean, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: notifications_live_unread_idx, notifications_live_read_idx
-- replica: yes
-- sample: after_is_read = is_read, after_created_at = created_at, after_id = id from tooling/sample_notification_points row 1
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
FROM (
    (
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
            AND deleted_at IS NULL
            AND NOT is_read
            AND NOT coalesce($2::boolean, false)
            AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
        ORDER BY created_at DESC, id DESC
        LIMIT $5
    )
    UNION ALL
    (
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
            AND deleted_at IS NULL
            AND is_read
            AND (created_at, id) < (
                CASE WHEN coalesce($2::boolean, false) THEN coalesce($3::timestamptz, 'infinity') ELSE 'infinity' END,
                CASE WHEN coalesce($2::boolean, false) THEN coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff') ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff' END
            )
        ORDER BY created_at DESC, id DESC
        LIMIT $5
    )
) AS page
ORDER BY is_read, created_at DESC, id DESC
LIMIT $5
