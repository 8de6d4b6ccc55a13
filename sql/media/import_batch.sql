-- Insert a batch of media for one user in one statement, each item under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: media_live_source_key
-- sample: items = [{"filename": "IMG_0001.jpg", "media_type": "photo", "mime_type": "image/jpeg", "size": 2000000, "file_path": "explain/IMG_0001.jpg", "taken_at": "2025-06-01T12:00:00Z", "metadata": {"camera": "Pixel 8"}, "source_platform": "google_photos", "source_object_id": "explain-import-1"}]
INSERT INTO media (
    user_id, id, filename, media_type, mime_type, size, file_path, hash, width, height, duration,
    taken_at, metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.filename,
    item.media_type,
    item.mime_type,
    item.size,
    item.file_path,
    item.hash,
    item.width,
    item.height,
    item.duration,
    item.taken_at,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        filename text,
        media_type text,
        mime_type text,
        size bigint,
        file_path text,
        hash text,
        width integer,
        height integer,
        duration double precision,
        taken_at timestamptz,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    filename, media_type, mime_type, size, file_path, hash, width, height, duration, taken_at,
    metadata, source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
