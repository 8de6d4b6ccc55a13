-- Bring one trashed album of one user back. Found by primary key, or in the user's (short)
-- album trash: the planner picks by the size of the trash, and either is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: albums_pkey | albums_trash_user_deleted_idx
-- sample: id from tooling/sample_album_trash_point
UPDATE albums
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
