-- Hard-delete up to a batch of revocations older than the given seconds (the longest access-token
-- lifetime allowed, and a margin): no access token they could refuse is unexpired. Oldest first,
-- skipping rows another transaction holds; found and locked through the revoked_at index, then
-- deleted by ctid, as refresh_tokens/purge_expired does.
-- params: $1 older_than_seconds integer, $2 batch_size integer
-- uses: revoked_sessions_revoked_at_idx
DELETE FROM revoked_sessions
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM revoked_sessions
    WHERE revoked_at < now() - $1 * interval '1 second'
    ORDER BY revoked_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
