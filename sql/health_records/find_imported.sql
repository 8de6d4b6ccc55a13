-- The live records of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the existing items of an import batch. Each key is looked
-- up in the import key index of every partition (the key's recorded_at is not asked for).
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: health_records_live_source_key
-- sample: source_platforms = ["apple_health", "apple_health", "fitbit"]
-- sample: source_object_ids = ["ah-1", "ah-2", "fb-1"]
SELECT
    h.id,
    h.source_platform,
    h.source_object_id
FROM health_records AS h
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON h.source_platform = k.source_platform
    AND h.source_object_id = k.source_object_id
WHERE h.user_id = $1
    AND h.deleted_at IS NULL
