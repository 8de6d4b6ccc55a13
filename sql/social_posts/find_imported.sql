-- The live social posts of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: which post an import item skipped as already there is.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: social_posts_live_source_key
-- sample: source_platforms = ["twitter", "twitter", "mastodon"]
-- sample: source_object_ids = ["tw-1", "tw-2", "md-1"]
SELECT
    p.id,
    p.source_platform,
    p.source_object_id
FROM social_posts AS p
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON p.source_platform = k.source_platform
    AND p.source_object_id = k.source_object_id
WHERE p.user_id = $1
    AND p.deleted_at IS NULL
