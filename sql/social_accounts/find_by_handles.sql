-- The live social accounts of one user that hold the given (platform, handle) pairs, with
-- their ids: which account an import item skipped as already there is.
-- params: $1 user_id uuid, $2 platforms text[], $3 handles text[]
-- uses: social_accounts_live_handle_key
-- sample: platforms = ["twitter", "mastodon"]
-- sample: handles = ["ada", "ada@mastodon.social"]
SELECT
    a.id,
    a.platform,
    a.handle
FROM social_accounts AS a
JOIN unnest($2::text[], $3::text[]) AS k (platform, handle)
    ON a.platform = k.platform
    AND a.handle = k.handle
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
