-- Insert a batch of documents for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) a live document already holds (or an earlier item of the batch); returns the
-- ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: documents_live_source_key
-- sample: items = [{"title": "Invoice 42", "file_path": "drive/invoice-42.pdf", "mime_type": "application/pdf", "size": 48000, "text_content": "Invoice 42", "page_count": 1, "metadata": {}, "source_platform": "google_drive", "source_object_id": "explain-import-1"}]
INSERT INTO documents (
    user_id, id, title, file_path, mime_type, size, hash, text_content, page_count, media_id,
    metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.title,
    item.file_path,
    item.mime_type,
    item.size,
    item.hash,
    item.text_content,
    item.page_count,
    item.media_id,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        title text,
        file_path text,
        mime_type text,
        size bigint,
        hash text,
        text_content text,
        page_count integer,
        media_id uuid,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    title, file_path, mime_type, size, hash, text_content, page_count, media_id, metadata,
    source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
