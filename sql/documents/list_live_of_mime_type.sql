-- Live documents of one user of one mime type, newest first, after a keyset cursor; without the
-- extracted text, as list_live_by_created.
-- params: $1 user_id uuid, $2 mime_type text, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: documents_live_user_mime_created_idx
-- replica: yes
-- sample: mime_type from tooling/sample_document_rare_mime_type
-- sample: after_created_at = created_at, after_id = id from tooling/sample_document_points row 2
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
    AND mime_type = $2
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $5
