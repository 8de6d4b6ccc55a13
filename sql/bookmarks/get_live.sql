-- One live bookmark of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: bookmarks_pkey
-- replica: yes
-- sample: id from tooling/sample_bookmark_points row 2
SELECT
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
FROM bookmarks
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
