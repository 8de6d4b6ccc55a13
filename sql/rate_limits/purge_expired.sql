-- Hard-delete up to a batch of rate-limit rows whose window (or cooling-off period) has ended,
-- oldest first, skipping rows an attempt holds so the purge never waits on a login. Found and
-- locked through the window_end index, deleted by ctid (as sql/refresh_tokens/purge_expired.sql;
-- the rows cannot move before the DELETE of the same statement).
-- params: $1 batch_size integer
-- uses: rate_limits_window_end_idx
DELETE FROM rate_limits
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM rate_limits
    WHERE window_end < now()
    ORDER BY window_end
    LIMIT $1
    FOR UPDATE SKIP LOCKED
))
