-- Live bookmarks of one user carrying one tag, newest first, after a keyset cursor. The GIN index
-- finds the rows with the tag (every user's); the user's are kept and sorted. At a thousand times
-- the seeded size (sql check --stats --scale 1000) the planner walks
-- bookmarks_live_user_created_idx newest first instead, testing each row, and is right for what it
-- is told: a tag keeps its share of the rows, so the GIN index would fetch a thousand times as many
-- (every user's), while the walk expects $5 matches within $5 / share rows of the user's, whatever
-- the user's size. It is wrong for a tag rarer in this user's bookmarks than in the table's (one
-- the user used once, long ago, or never): the walk then reads the user's whole list. The GIN index
-- is no cure, being bounded by every user's bookmarks with the tag; what would bound both is a GIN
-- index over (user_id, tags) (btree_gin) or user-prefixed tag keys, as contacts' lookup_keys are,
-- worth building once one user's list is long enough for a walk to show in the buffers sql check
-- --analyze records.
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
