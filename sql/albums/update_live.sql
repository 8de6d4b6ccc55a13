-- Change the fields named in a JSON patch of one live album, if its version still matches; a new
-- cover must be a live media item of the same user (locked until commit).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: albums_pkey
-- sample: id from tooling/sample_largest_album
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE albums
SET
    name = CASE WHEN $3::jsonb ? 'name' THEN $3::jsonb ->> 'name' ELSE name END,
    description = CASE WHEN $3::jsonb ? 'description' THEN $3::jsonb ->> 'description' ELSE description END,
    cover_media_id = CASE
        WHEN $3::jsonb ? 'cover_media_id' THEN ($3::jsonb ->> 'cover_media_id')::uuid
        ELSE cover_media_id
    END,
    metadata = CASE WHEN $3::jsonb ? 'metadata' THEN $3::jsonb -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
    AND (
        $3::jsonb ->> 'cover_media_id' IS NULL
        OR lock_live_object($1, 'media', ($3::jsonb ->> 'cover_media_id')::uuid)
    )
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
