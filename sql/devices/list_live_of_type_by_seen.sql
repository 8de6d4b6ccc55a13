-- Live devices of one type of one user, most recently seen first, after a keyset cursor (null:
-- the first page).
-- params: $1 user_id uuid, $2 device_type text, $3 after_last_seen_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: devices_live_user_type_seen_idx
-- replica: yes
-- sample: device_type = "phone"
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
    AND deleted_at IS NULL
    AND device_type = $2
    AND (last_seen_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY last_seen_at DESC, id DESC
LIMIT $5
