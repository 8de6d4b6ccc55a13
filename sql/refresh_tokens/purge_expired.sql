-- Hard-delete up to a batch of expired tokens of any user, oldest first, skipping rows another
-- transaction holds so the purge never waits on a refresh. The batch is found and locked through
-- the expiry index, then deleted by ctid (a Tid Scan, whatever the table's size): joining back
-- on (user_id, id) lets the planner read the whole table for one batch of a narrow table. The
-- locked rows cannot move before the DELETE of the same statement. Sharded, the purge runs on
-- each shard (row locks are per shard), where a ctid is local.
-- params: $1 batch_size integer
-- uses: refresh_tokens_purge_expires_idx
DELETE FROM refresh_tokens
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM refresh_tokens
    WHERE expires_at < now()
    ORDER BY expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
))
