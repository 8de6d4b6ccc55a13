-- The live devices of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the existing items of an import batch.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: devices_live_source_key
-- sample: source_platforms = ["google_account", "apple_id"]
-- sample: source_object_ids = ["dev-1", "dev-2"]
SELECT
    d.id,
    d.source_platform,
    d.source_object_id
FROM devices AS d
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON d.source_platform = k.source_platform
    AND d.source_object_id = k.source_object_id
WHERE d.user_id = $1
    AND d.deleted_at IS NULL
