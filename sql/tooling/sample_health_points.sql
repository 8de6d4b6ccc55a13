-- A few live records of one user, newest first: ids that exist for the lookups by id.
-- params: $1 user_id uuid
-- uses: health_records_live_user_recorded_idx
SELECT
    id,
    recorded_at
FROM health_records
WHERE user_id = $1
    AND deleted_at IS NULL
ORDER BY recorded_at DESC, id DESC
LIMIT 3
