-- Move one live point of one user to the trash.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: locations_pkey
-- sample: id from tooling/sample_location_points row 2
-- sample: expected_updated_at = null
UPDATE locations
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
