-- Start a session at login: a new family whose first token is the given hash.
-- params: $1 user_id uuid, $2 token_hash bytea, $3 ttl_seconds integer, $4 user_agent text, $5 client_addr inet
-- uses: none (plain insert)
INSERT INTO refresh_tokens (
    user_id, family_id, token_hash, expires_at, user_agent, client_addr
)
VALUES ($1, gen_random_uuid(), $2, now() + $3 * interval '1 second', $4, $5)
RETURNING
    id,
    family_id,
    expires_at
