-- Soft-deleted albums of one user, most recently deleted first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_deleted_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: albums_trash_user_deleted_idx
-- replica: yes
-- sample: after_deleted_at = deleted_at, after_id = id from tooling/sample_album_trash_point
SELECT
    id,
    user_id,
    name,
    description,
    cover_media_id,
    media_count,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM albums
WHERE user_id = $1
    AND deleted_at IS NOT NULL
    AND (deleted_at, id) < (
        coalesce($2::timestamptz, 'infinity'),
        coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    )
ORDER BY deleted_at DESC, id DESC
LIMIT $4
