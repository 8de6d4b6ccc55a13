-- Move one live record of one user to the trash.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: health_records_pkey
-- sample: id from tooling/sample_health_points row 2
-- sample: expected_updated_at = null
UPDATE health_records
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
