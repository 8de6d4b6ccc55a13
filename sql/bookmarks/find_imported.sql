-- The live bookmarks of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the bookmarks an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: bookmarks_live_source_key
-- sample: source_platforms = ["chrome", "chrome", "pinboard"]
-- sample: source_object_ids = ["ch-1", "ch-2", "pb-1"]
SELECT
    b.id,
    b.source_platform,
    b.source_object_id
FROM bookmarks AS b
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON b.source_platform = k.source_platform
    AND b.source_object_id = k.source_object_id
WHERE b.user_id = $1
    AND b.deleted_at IS NULL
