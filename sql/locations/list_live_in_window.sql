-- "Where was I between A and B": the live points of one user recorded in [from, to), oldest
-- first, after a keyset cursor (the recorded_at of the last point shown: unique among live
-- points). Pruned to the window's months (and the DEFAULT partition where no month covers part
-- of it), each read by one walk of the natural key.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz, $4 after_recorded_at timestamptz, $5 lim integer
-- uses: locations_live_point_key
-- replica: yes
-- partitions: locations at most 2 (a window of a day reads its month, or two across a month's end)
-- sample: from_at = window_from, to_at = window_to, after_recorded_at = window_cursor from tooling/sample_location_window
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
    AND recorded_at > coalesce($4::timestamptz, '-infinity')
ORDER BY recorded_at
LIMIT $5
