-- Live social accounts of one user on one platform, by handle, after a keyset cursor (the
-- handle of the last account shown).
-- params: $1 user_id uuid, $2 platform text, $3 after_handle text, $4 lim integer
-- uses: social_accounts_live_handle_key
-- replica: yes
-- sample: platform = "twitter"
SELECT
    id,
    user_id,
    platform,
    handle,
    display_name,
    profile_url,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM social_accounts
WHERE user_id = $1
    AND platform = $2
    AND deleted_at IS NULL
    AND handle > coalesce($3::text, '')
ORDER BY handle
LIMIT $4
