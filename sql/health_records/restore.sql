-- Bring one trashed record of one user back, unless a live one now holds its import key.
-- Found by primary key, or in the user's (short) trash: either is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: health_records_pkey | health_records_trash_user_deleted_idx
-- sample: id from tooling/sample_health_trash_point
UPDATE health_records
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    record_type,
    recorded_at,
    value,
    value2,
    unit,
    label,
    source_device,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
