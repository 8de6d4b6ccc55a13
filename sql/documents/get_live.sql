-- One live document of one user, with its extracted text.
-- params: $1 user_id uuid, $2 id uuid
-- uses: documents_pkey
-- replica: yes
-- sample: id from tooling/sample_document_points row 2
SELECT
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
FROM documents
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
