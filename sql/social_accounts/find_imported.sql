-- The live social accounts of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: for import items skipped on their import key.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: social_accounts_live_source_key
-- sample: source_platforms = ["twitter", "twitter"]
-- sample: source_object_ids = ["tw-1", "tw-2"]
SELECT
    a.id,
    a.source_platform,
    a.source_object_id
FROM social_accounts AS a
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON a.source_platform = k.source_platform
    AND a.source_object_id = k.source_object_id
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
