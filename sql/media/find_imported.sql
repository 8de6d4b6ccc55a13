-- Seed 001's "check if media already imported", for a batch: the live media items of one user
-- that hold the given import keys (source_platform, source_object_id), with their ids. In
-- Hypernet the key is per platform, not per integration: two connections to the same account
-- must not import the same item twice.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: media_live_source_key
-- sample: source_platforms = ["google_photos", "google_photos", "icloud"]
-- sample: source_object_ids = ["gp-1", "gp-2", "ic-1"]
SELECT
    m.id,
    m.source_platform,
    m.source_object_id
FROM media AS m
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON m.source_platform = k.source_platform
    AND m.source_object_id = k.source_object_id
WHERE m.user_id = $1
    AND m.deleted_at IS NULL
