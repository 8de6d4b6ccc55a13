-- Whether one point of one user exists and whether it is live; tells 404 from 412. Probes the
-- primary key of each partition (see get_live).
-- params: $1 user_id uuid, $2 id uuid
-- uses: locations_pkey
-- sample: id from tooling/sample_location_points row 2
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM locations
WHERE user_id = $1
    AND id = $2
