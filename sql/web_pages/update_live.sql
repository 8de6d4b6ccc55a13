-- Change the fields named in a JSON patch of one live page, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: web_pages_pkey
-- sample: id from tooling/sample_web_page_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE web_pages
SET
    url = CASE WHEN $3 ? 'url' THEN $3 ->> 'url' ELSE url END,
    canonical_url = CASE WHEN $3 ? 'canonical_url' THEN $3 ->> 'canonical_url' ELSE canonical_url END,
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    site_name = CASE WHEN $3 ? 'site_name' THEN $3 ->> 'site_name' ELSE site_name END,
    content_text = CASE WHEN $3 ? 'content_text' THEN $3 ->> 'content_text' ELSE content_text END,
    fetched_at = CASE WHEN $3 ? 'fetched_at' THEN ($3 ->> 'fetched_at')::timestamptz ELSE fetched_at END,
    reading_state = CASE WHEN $3 ? 'reading_state' THEN $3 ->> 'reading_state' ELSE reading_state END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
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
