-- Bring one trashed page of one user back, unless a live page now holds its canonical_url or its
-- import key (a unique violation: 409).
-- params: $1 user_id uuid, $2 id uuid
-- uses: web_pages_pkey
-- generic plan: uses web_pages_trash_user_deleted_idx | web_pages_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- sample: id from tooling/sample_web_page_trash_point
UPDATE web_pages
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
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
