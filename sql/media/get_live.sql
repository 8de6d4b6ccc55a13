-- One live media item of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: media_pkey
-- replica: yes
-- sample: id from tooling/sample_media_points row 2
SELECT
    id,
    user_id,
    filename,
    media_type,
    mime_type,
    size,
    file_path,
    hash,
    width,
    height,
    duration,
    taken_at,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM media
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
