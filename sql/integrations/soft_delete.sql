-- Move one live integration of one user to the trash. Its tokens stay (encrypted) so that a
-- restore within the retention period brings the connection back whole; media imported through
-- it stay and keep naming it.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: integrations_pkey
-- sample: expected_updated_at = null
UPDATE integrations
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
