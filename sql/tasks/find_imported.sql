-- The live tasks of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the tasks an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: tasks_live_source_key
-- sample: source_platforms = ["todoist", "todoist"]
-- sample: source_object_ids = ["td-1", "td-2"]
SELECT
    t.id,
    t.source_platform,
    t.source_object_id
FROM tasks AS t
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON t.source_platform = k.source_platform
    AND t.source_object_id = k.source_object_id
WHERE t.user_id = $1
    AND t.deleted_at IS NULL
