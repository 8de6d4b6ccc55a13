-- Whether one album of one user exists and is live; tells 404 from 412.
-- params: $1 user_id uuid, $2 id uuid
-- uses: albums_pkey
-- sample: id from tooling/sample_largest_album
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM albums
WHERE user_id = $1
    AND id = $2
