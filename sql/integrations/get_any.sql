-- Whether one integration of one user exists and whether it is live; tells 404 from 412.
-- params: $1 user_id uuid, $2 id uuid
-- uses: integrations_pkey
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM integrations
WHERE user_id = $1
    AND id = $2
