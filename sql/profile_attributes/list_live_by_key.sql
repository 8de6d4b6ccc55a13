-- Live profile attributes of one user in key order (byte order: the column is "C"), after the
-- key of the last one shown (null: the first page).
-- params: $1 user_id uuid, $2 after_key text, $3 lim integer
-- uses: profile_attributes_live_key
-- replica: yes
-- sample: after_key = key from tooling/sample_profile_attribute_points row 1
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
    AND key > coalesce($2::text, '')
ORDER BY key
LIMIT $3
