-- The live projects of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the projects an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: projects_live_source_key
-- sample: source_platforms = ["todoist", "todoist"]
-- sample: source_object_ids = ["tp-1", "tp-2"]
SELECT
    p.id,
    p.source_platform,
    p.source_object_id
FROM projects AS p
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON p.source_platform = k.source_platform
    AND p.source_object_id = k.source_object_id
WHERE p.user_id = $1
    AND p.deleted_at IS NULL
