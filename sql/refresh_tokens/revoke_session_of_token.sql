-- Log out: end the session (family) the presented token belongs to, whichever of its tokens it
-- is. Returns the family when a live session was ended, nothing when it had ended already.
-- params: $1 user_id uuid, $2 token_hash bytea, $3 reason text
-- uses: refresh_tokens_user_hash_key, refresh_tokens_live_family_key
UPDATE refresh_tokens
SET
    revoked_at = now(),
    revoke_reason = $3
WHERE user_id = $1
    AND rotated_at IS NULL
    AND revoked_at IS NULL
    AND family_id = (
        SELECT family_id
        FROM refresh_tokens
        WHERE user_id = $1
            AND token_hash = $2
    )
RETURNING family_id
