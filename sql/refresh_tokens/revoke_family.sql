-- End one session of one user: revoke the current token of the family (its older tokens are
-- rotated already and count as reuse when presented). Returns the family of each revoked token.
-- params: $1 user_id uuid, $2 family_id uuid, $3 reason text
-- uses: refresh_tokens_live_family_key
UPDATE refresh_tokens
SET
    revoked_at = now(),
    revoke_reason = $3
WHERE user_id = $1
    AND family_id = $2
    AND rotated_at IS NULL
    AND revoked_at IS NULL
RETURNING family_id
