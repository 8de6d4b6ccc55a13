-- Export (GET /v1/me/export): one user's sessions (when, from where, with which user agent, how
-- they ended), without the token hash, in primary key order. An explicit column list, so a
-- secret added later is not exported by default.
-- params: $1 user_id uuid
-- uses: refresh_tokens_pkey
-- sample user: heaviest owner of refresh_tokens
SELECT row_to_json(t)::text AS line
FROM (
    SELECT
        user_id,
        id,
        family_id,
        created_at,
        expires_at,
        rotated_at,
        replaced_by,
        revoked_at,
        revoke_reason,
        user_agent,
        client_addr
    FROM refresh_tokens
    WHERE user_id = $1
    ORDER BY
        user_id,
        id
) AS t
