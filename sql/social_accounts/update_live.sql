-- Change the fields named in a JSON patch of one live social account, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it. The
-- platform is not patchable (the posts carry a copy of it).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: social_accounts_pkey
-- sample: id from tooling/sample_social_account_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE social_accounts
SET
    handle = CASE WHEN $3 ? 'handle' THEN $3 ->> 'handle' ELSE handle END,
    display_name = CASE WHEN $3 ? 'display_name' THEN $3 ->> 'display_name' ELSE display_name END,
    profile_url = CASE WHEN $3 ? 'profile_url' THEN $3 ->> 'profile_url' ELSE profile_url END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
