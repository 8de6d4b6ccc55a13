-- The last known position: the live point of one user recorded last in [from, to), pruned to
-- the window's months. The mapper asks for the recent months first (the last point is nearly
-- always there) and the whole history only when they hold none.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz
-- uses: locations_live_point_key
-- replica: yes
-- partitions: locations at most 3 (the last point's month and the one before it, or the DEFAULT partition where no month covers the window)
-- sample: from_at = recent_from, to_at = recent_to from tooling/sample_location_window
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
    AND deleted_at IS NULL
    AND recorded_at >= $2
    AND recorded_at < $3
ORDER BY recorded_at DESC
LIMIT 1
