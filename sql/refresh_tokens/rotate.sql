-- Rotate a session in one statement: mark the presented token rotated if it is still current,
-- unexpired and its user live, and insert its successor in the same family. The conditional
-- UPDATE is the arbiter: of two concurrent refreshes with one token, the second waits on the
-- row lock, re-checks rotated_at and finds nothing, so exactly one rotation happens.
-- The session's age limit: a session older than max_age_seconds (since its login) is not
-- rotated, and a successor never expires after the session does.
-- params: $1 user_id uuid, $2 token_hash bytea, $3 new_token_hash bytea, $4 ttl_seconds integer, $5 user_agent text, $6 client_addr inet, $7 max_age_seconds integer
-- uses: refresh_tokens_user_hash_key, users_pkey
WITH old AS (
    UPDATE refresh_tokens
    SET
        rotated_at = now(),
        replaced_by = gen_random_uuid()
    WHERE user_id = $1
        AND token_hash = $2
        AND rotated_at IS NULL
        AND revoked_at IS NULL
        -- Time left, not `expires_at > now()`: expiry is checked on the one row the hash finds,
        -- and must never tempt the planner into walking the purge index instead.
        AND expires_at - now() > interval '0'
        AND session_started_at + $7 * interval '1 second' > now()
        AND EXISTS (
            SELECT 1
            FROM users
            WHERE id = $1
                AND deleted_at IS NULL
        )
    RETURNING
        user_id,
        family_id,
        replaced_by,
        session_started_at
)
INSERT INTO refresh_tokens (
    user_id, id, family_id, token_hash, expires_at, user_agent, client_addr, session_started_at
)
SELECT
    user_id,
    replaced_by,
    family_id,
    $3,
    least(
        now() + $4 * interval '1 second',
        session_started_at + $7 * interval '1 second'
    ),
    $5,
    $6,
    session_started_at
FROM old
RETURNING
    id,
    family_id,
    expires_at
