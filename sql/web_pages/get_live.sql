-- One live saved page of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: web_pages_pkey
-- replica: yes
-- sample: id from tooling/sample_web_page_points row 2
SELECT
    id,
    user_id,
    url,
    canonical_url,
    title,
    site_name,
    content_text,
    fetched_at,
    reading_state,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM web_pages
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
