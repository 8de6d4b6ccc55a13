-- Bring one trashed bookmark of one user back, unless a live bookmark now holds its url or its
-- import key (a unique violation: 409). Its web_page_id comes back as it was (the page may be in
-- the trash itself; a purged page was cleared from it).
-- params: $1 user_id uuid, $2 id uuid
-- uses: bookmarks_pkey
-- generic plan: uses bookmarks_trash_user_deleted_idx | bookmarks_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- sample: id from tooling/sample_bookmark_trash_point
UPDATE bookmarks
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
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
