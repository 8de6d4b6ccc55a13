-- One live device of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: devices_pkey
-- replica: yes
-- sample: id from tooling/sample_device_points row 2
SELECT
    id,
    user_id,
    name,
    device_type,
    os,
    os_version,
    last_seen_at,
    identifiers,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM devices
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
