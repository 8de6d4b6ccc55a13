-- Take one media item out of one live album of one user (soft-deletes the contains link).
-- params: $1 user_id uuid, $2 album_id uuid, $3 media_id uuid
-- uses: links_live_key, albums_pkey
UPDATE links
SET deleted_at = now()
WHERE user_id = $1
    AND from_object_id = $2
    AND to_object_id = $3
    AND link_type = 'contains'
    AND deleted_at IS NULL
    AND EXISTS (
        SELECT 1
        FROM albums
        WHERE user_id = $1
            AND id = $2
            AND deleted_at IS NULL
    )
RETURNING id
