-- Bring one trashed document of one user back, unless a live document now holds its import key
-- (a unique violation: 409). Its media_id comes back as it was (the media item may be in the
-- trash itself; a purged one was cleared from it).
-- params: $1 user_id uuid, $2 id uuid
-- uses: documents_pkey | documents_trash_user_deleted_idx
-- sample: id from tooling/sample_document_trash_point
UPDATE documents
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
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
