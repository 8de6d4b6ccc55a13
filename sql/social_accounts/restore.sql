-- Bring one trashed social account of one user back; a live account now holding its platform
-- and handle (or import key) makes it fail with a unique violation (409). Found by primary key,
-- or in the user's (short) account trash: the planner picks by the size of the trash.
-- params: $1 user_id uuid, $2 id uuid
-- uses: social_accounts_pkey | social_accounts_trash_user_deleted_idx
-- sample: id from tooling/sample_social_account_trash_point
UPDATE social_accounts
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
