-- Export (GET /v1/me/export): the account itself, as one JSON object, without its password
-- hash. An explicit column list here, unlike the other exports: a column added to users later
-- (a second secret, say) must be chosen for export, not exported by default.
-- params: $1 id uuid
-- uses: users_pkey
-- sample: id = user
SELECT row_to_json(t)::text AS line
FROM (
    SELECT
        id,
        email,
        display_name,
        storage_quota_bytes,
        created_at,
        updated_at,
        deleted_at,
        metadata
    FROM users
    WHERE id = $1
) AS t
