-- One live album of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: albums_pkey
-- replica: yes
-- sample: id from tooling/sample_largest_album
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
    AND id = $2
    AND deleted_at IS NULL
