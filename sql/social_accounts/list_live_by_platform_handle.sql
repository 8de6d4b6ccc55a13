-- Live social accounts of one user by platform, then handle, after a keyset cursor (the
-- (platform, handle) of the last account shown; live ones are unique on it). A null cursor
-- starts at the beginning: every platform is at least one character, so ('', '') sorts first.
-- params: $1 user_id uuid, $2 after_platform text, $3 after_handle text, $4 lim integer
-- uses: social_accounts_live_handle_key
-- replica: yes
-- sample: after_platform = platform, after_handle = handle from tooling/sample_social_account_points row 1
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
    AND deleted_at IS NULL
    AND (platform, handle) > (coalesce($2::text, ''), coalesce($3::text, ''))
ORDER BY platform, handle
LIMIT $4
