-- The sessions revoked within the last given seconds (the access-token lifetime and a margin):
-- what a service process loads at start-up, and again after its LISTEN connection came back,
-- into its in-memory revocation set. Older rows can refuse no unexpired access token.
-- params: $1 within_seconds integer
-- uses: revoked_sessions_revoked_at_idx
SELECT
    session_id,
    revoked_at
FROM revoked_sessions
WHERE revoked_at > now() - $1 * interval '1 second'
