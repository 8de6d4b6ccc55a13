-- Live documents of one user alphabetically (title, then id; code point order), after a keyset
-- cursor; a null cursor starts at the beginning ('' sorts before every title, which is never
-- empty). Without the extracted text, as list_live_by_created.
-- params: $1 user_id uuid, $2 after_title text, $3 after_id uuid, $4 lim integer
-- uses: documents_live_user_title_idx
-- replica: yes
-- sample: after_title = title, after_id = id from tooling/sample_document_points row 2
SELECT
    id,
    user_id,
    title,
    file_path,
    mime_type,
    size,
    hash,
    text_content IS NOT NULL AS has_text,
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
    AND deleted_at IS NULL
    AND (title, id) > (coalesce($2::text, ''), coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY title, id
LIMIT $4
