-- One token of one user by its hash, whatever its state: why a refresh was refused.
-- params: $1 user_id uuid, $2 token_hash bytea
-- uses: refresh_tokens_user_hash_key
SELECT
    id,
    user_id,
    family_id,
    created_at,
    expires_at,
    rotated_at,
    replaced_by,
    revoked_at,
    revoke_reason,
    expires_at <= now() AS expired
FROM refresh_tokens
WHERE user_id = $1
    AND token_hash = $2
