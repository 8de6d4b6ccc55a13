-- Live bookmarks of one user carrying one tag, newest first, after a keyset cursor. The GIN
-- index finds the rows with the tag (every user's); the user's are kept and sorted.
-- params: $1 user_id uuid, $2 tag text, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: bookmarks_live_tags_gin_idx
-- replica: yes
-- generic plan: uses bookmarks_live_user_created_idx (not knowing the tag, the planner cannot tell a rare tag from a common one and reads the user's live bookmarks, then keeps those with the tag: bounded by one user's list, a few thousand rows for the heaviest user of the default data)
-- sample: tag from tooling/sample_bookmark_rare_tag
-- sample: after_created_at = created_at, after_id = id from tooling/sample_bookmark_points row 2
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
    AND tags @> ARRAY[$2::text]
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $5
