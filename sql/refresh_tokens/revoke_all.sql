-- End every live session of one user (logout-all, password change), except, when a token hash
-- is given, the session that token belongs to. Returns the family of each session ended.
-- params: $1 user_id uuid, $2 reason text, $3 keep_token_hash bytea
-- uses: refresh_tokens_live_family_key
UPDATE refresh_tokens
SET
    revoked_at = now(),
    revoke_reason = $2
WHERE user_id = $1
    AND rotated_at IS NULL
    AND revoked_at IS NULL
    AND family_id IS DISTINCT FROM (
        SELECT family_id
        FROM refresh_tokens
        WHERE user_id = $1
            AND token_hash = $3
    )
RETURNING family_id
