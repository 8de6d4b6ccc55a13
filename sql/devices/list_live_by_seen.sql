-- Live devices of one user, most recently seen first, after a keyset cursor (null: the first
-- page).
-- params: $1 user_id uuid, $2 after_last_seen_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: devices_live_user_seen_idx
-- replica: yes
-- sample: after_last_seen_at = last_seen_at, after_id = id from tooling/sample_device_points row 1
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
    AND (last_seen_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY last_seen_at DESC, id DESC
LIMIT $4
