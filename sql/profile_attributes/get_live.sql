-- One live profile attribute of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: profile_attributes_pkey
-- replica: yes
-- sample: id from tooling/sample_profile_attribute_points row 2
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
    AND id = $2
    AND deleted_at IS NULL
