-- The live notifications of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the existing items of an import batch.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: notifications_live_source_key
-- sample: source_platforms = ["github", "github", "gmail"]
-- sample: source_object_ids = ["gh-1", "gh-2", "gm-1"]
SELECT
    n.id,
    n.source_platform,
    n.source_object_id
FROM notifications AS n
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON n.source_platform = k.source_platform
    AND n.source_object_id = k.source_object_id
WHERE n.user_id = $1
    AND n.deleted_at IS NULL
