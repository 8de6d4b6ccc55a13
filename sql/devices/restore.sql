-- Bring one trashed device of one user back, unless a live one now holds its import key (a
-- unique violation, 409). Found by primary key, or in the user's (short) trash: the planner
-- picks by the size of the trash, and either is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: devices_pkey | devices_trash_user_deleted_idx
-- sample: id from tooling/sample_device_trash_point
UPDATE devices
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
