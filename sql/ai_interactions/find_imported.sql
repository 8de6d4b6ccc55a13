-- The live AI interactions of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: what an import batch found already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: ai_interactions_live_source_key
-- sample: source_platforms = ["openai", "openai", "anthropic"]
-- sample: source_object_ids = ["oa-1", "oa-2", "an-1"]
SELECT
    a.id,
    a.source_platform,
    a.source_object_id
FROM ai_interactions AS a
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON a.source_platform = k.source_platform
    AND a.source_object_id = k.source_object_id
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
