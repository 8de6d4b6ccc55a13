-- Export (GET /v1/me/export): the next batch of one user's sessions (when, from where, with
-- which user agent, how they ended), without the token hash, in primary key order after a
-- keyset cursor. An explicit column list, so a secret added later is not exported by default.
-- params: $1 user_id uuid, $2 after_id uuid, $3 lim integer
-- uses: refresh_tokens_pkey
-- sample user: heaviest owner of refresh_tokens
SELECT
    row_to_json(s)::text AS line,
    s.id
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
        AND id > $2
    ORDER BY id
    LIMIT $3
) AS s
ORDER BY s.id
