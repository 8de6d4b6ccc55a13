-- Store one new media item for one user and return it.
-- params: $1 user_id uuid, $2 filename text, $3 media_type text, $4 mime_type text, $5 size bigint, $6 file_path text, $7 hash text, $8 width integer, $9 height integer, $10 duration double, $11 taken_at timestamptz, $12 metadata jsonb, $13 source_integration_id uuid, $14 source_platform text, $15 source_object_id text
-- uses: none (plain insert)
-- sample: filename = "IMG_0001.jpg"
-- sample: media_type = "video"
-- sample: mime_type = "image/jpeg"
-- sample: source_platform = "google_photos"
INSERT INTO media (
    user_id, filename, media_type, mime_type, size, file_path, hash, width, height, duration,
    taken_at, metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
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
