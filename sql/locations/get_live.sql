-- One live point of one user. The id says nothing of the month, so nothing is pruned: one probe
-- of the primary key (user_id, id, recorded_at) of each partition, a few buffers each.
-- params: $1 user_id uuid, $2 id uuid
-- uses: locations_pkey
-- replica: yes
-- sample: id from tooling/sample_location_points row 2
SELECT
    id,
    user_id,
    recorded_at,
    latitude,
    longitude,
    accuracy_m,
    altitude_m,
    activity,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM locations
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
