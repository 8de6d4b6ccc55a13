-- Change the fields named in a JSON patch of one live bookmark, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: bookmarks_pkey
-- sample: id from tooling/sample_bookmark_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE bookmarks
SET
    url = CASE WHEN $3 ? 'url' THEN $3 ->> 'url' ELSE url END,
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    description = CASE WHEN $3 ? 'description' THEN $3 ->> 'description' ELSE description END,
    tags = CASE
        WHEN $3 ? 'tags' THEN ARRAY(SELECT jsonb_array_elements_text($3 -> 'tags'))
        ELSE tags
    END,
    folder_path = CASE WHEN $3 ? 'folder_path' THEN $3 ->> 'folder_path' ELSE folder_path END,
    web_page_id = CASE WHEN $3 ? 'web_page_id' THEN ($3 ->> 'web_page_id')::uuid ELSE web_page_id END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    url,
    title,
    description,
    tags,
    folder_path,
    web_page_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
