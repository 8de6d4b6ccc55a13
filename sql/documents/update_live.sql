-- Change the fields named in a JSON patch of one live document, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: documents_pkey
-- sample: id from tooling/sample_document_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE documents
SET
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    file_path = CASE WHEN $3 ? 'file_path' THEN $3 ->> 'file_path' ELSE file_path END,
    mime_type = CASE WHEN $3 ? 'mime_type' THEN $3 ->> 'mime_type' ELSE mime_type END,
    size = CASE WHEN $3 ? 'size' THEN ($3 ->> 'size')::bigint ELSE size END,
    hash = CASE WHEN $3 ? 'hash' THEN $3 ->> 'hash' ELSE hash END,
    text_content = CASE WHEN $3 ? 'text_content' THEN $3 ->> 'text_content' ELSE text_content END,
    page_count = CASE WHEN $3 ? 'page_count' THEN ($3 ->> 'page_count')::integer ELSE page_count END,
    media_id = CASE WHEN $3 ? 'media_id' THEN ($3 ->> 'media_id')::uuid ELSE media_id END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
