-- Move one live album of one user to the trash; its memberships stay for a restore.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: albums_pkey
-- sample: id from tooling/sample_largest_album
-- sample: expected_updated_at = null
UPDATE albums
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
