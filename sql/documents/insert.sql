-- Store one new document for one user and return it.
-- params: $1 user_id uuid, $2 title text, $3 file_path text, $4 mime_type text, $5 size bigint, $6 hash text, $7 text_content text, $8 page_count integer, $9 media_id uuid, $10 metadata jsonb, $11 source_integration_id uuid, $12 source_platform text, $13 source_object_id text
-- uses: none (plain insert)
-- sample: title = "Lease agreement"
-- sample: file_path = "docs/lease.pdf"
-- sample: mime_type = "application/pdf"
-- sample: size = 120000
-- sample: media_id = null
INSERT INTO documents (
    user_id, title, file_path, mime_type, size, hash, text_content, page_count, media_id,
    metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING
    id,
    user_id,
    title,
    file_path,
    mime_type,
    size,
    hash,
    text_content,
    page_count,
    media_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
