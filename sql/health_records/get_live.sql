-- One live record of one user. The id says nothing of the month: one probe of the primary key
-- (user_id, id, recorded_at) of each partition (see migration 0025).
-- params: $1 user_id uuid, $2 id uuid
-- uses: health_records_pkey
-- replica: yes
-- sample: id from tooling/sample_health_points row 2
SELECT
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
FROM health_records
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
