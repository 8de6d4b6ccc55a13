-- Live bookmarks of one user, newest first, after a keyset cursor (null: the first page).
-- params: $1 user_id uuid, $2 after_created_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: bookmarks_live_user_created_idx
-- replica: yes
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
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $4
