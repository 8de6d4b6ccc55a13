-- Create an album for one user; a cover must be a live media item of the same user (locked so
-- it cannot go to the trash before this commits). Returns nothing when the cover is not.
-- params: $1 user_id uuid, $2 name text, $3 description text, $4 cover_media_id uuid, $5 metadata jsonb
-- uses: none (plain insert; the cover is checked by primary key in lock_live_object)
-- sample: cover_media_id = id from tooling/sample_media_points row 2
INSERT INTO albums (user_id, name, description, cover_media_id, metadata)
SELECT
    $1,
    $2,
    $3,
    $4,
    $5
WHERE $4::uuid IS NULL
    OR lock_live_object($1, 'media', $4)
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
