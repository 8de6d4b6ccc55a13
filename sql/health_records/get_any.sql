-- Whether one record of one user exists and whether it is live; tells 404 from 412.
-- params: $1 user_id uuid, $2 id uuid
-- uses: health_records_pkey
-- sample: id from tooling/sample_health_points row 2
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM health_records
WHERE user_id = $1
    AND id = $2
