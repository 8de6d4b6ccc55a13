-- Live bookmarks of one user in a folder or any folder under it, newest first, after a keyset
-- cursor. The byte-wise range folder <= folder_path < folder || '0' ('0' follows '/') bounds the
-- index scan to the paths that start with the folder; the exact test then drops siblings such as
-- 'Work (old)' that the range lets through.
-- params: $1 user_id uuid, $2 folder text, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: bookmarks_live_user_folder_idx
-- replica: yes
-- sample: folder from tooling/sample_bookmark_small_folder
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
    AND folder_path ~>=~ $2::text
    AND folder_path ~<~ ($2::text || '0')
    AND (folder_path = $2::text OR starts_with(folder_path, $2::text || '/'))
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $5
