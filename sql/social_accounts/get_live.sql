-- One live social account of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: social_accounts_pkey
-- replica: yes
-- sample: id from tooling/sample_social_account_points row 2
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
    AND id = $2
    AND deleted_at IS NULL
