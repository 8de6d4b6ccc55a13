-- The live profile attributes of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the existing items of an import batch.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: profile_attributes_live_source_key
-- sample: source_platforms = ["google_account", "google_account"]
-- sample: source_object_ids = ["people/me/locale", "people/me/birthday"]
SELECT
    a.id,
    a.source_platform,
    a.source_object_id
FROM profile_attributes AS a
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON a.source_platform = k.source_platform
    AND a.source_object_id = k.source_object_id
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
