-- Change the fields named in a JSON patch of one live media item, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: media_pkey
-- sample: id from tooling/sample_media_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE media
SET
    filename = CASE WHEN $3 ? 'filename' THEN $3 ->> 'filename' ELSE filename END,
    media_type = CASE WHEN $3 ? 'media_type' THEN $3 ->> 'media_type' ELSE media_type END,
    mime_type = CASE WHEN $3 ? 'mime_type' THEN $3 ->> 'mime_type' ELSE mime_type END,
    size = CASE WHEN $3 ? 'size' THEN ($3 ->> 'size')::bigint ELSE size END,
    file_path = CASE WHEN $3 ? 'file_path' THEN $3 ->> 'file_path' ELSE file_path END,
    hash = CASE WHEN $3 ? 'hash' THEN $3 ->> 'hash' ELSE hash END,
    width = CASE WHEN $3 ? 'width' THEN ($3 ->> 'width')::integer ELSE width END,
    height = CASE WHEN $3 ? 'height' THEN ($3 ->> 'height')::integer ELSE height END,
    duration = CASE WHEN $3 ? 'duration' THEN ($3 ->> 'duration')::double precision ELSE duration END,
    taken_at = CASE WHEN $3 ? 'taken_at' THEN ($3 ->> 'taken_at')::timestamptz ELSE taken_at END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
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
