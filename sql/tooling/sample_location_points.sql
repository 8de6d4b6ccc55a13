-- A few live points of one user, newest first: ids that exist for the lookups by id.
-- params: $1 user_id uuid
-- uses: locations_live_point_key
SELECT
    id,
    recorded_at
FROM locations
WHERE user_id = $1
    AND deleted_at IS NULL
ORDER BY recorded_at DESC
LIMIT 3
