-- Live profile attributes of one user with one visibility, in key order, after the key of the
-- last one shown (null: the first page).
-- params: $1 user_id uuid, $2 visibility text, $3 after_key text, $4 lim integer
-- uses: profile_attributes_live_visibility_key_idx
-- replica: yes
-- sample: visibility = "public"
SELECT
    id,
    user_id,
    key,
    value,
    visibility,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM profile_attributes
WHERE user_id = $1
    AND deleted_at IS NULL
    AND visibility = $2
    AND key > coalesce($3::text, '')
ORDER BY key
LIMIT $4
