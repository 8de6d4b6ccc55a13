-- Hard-delete up to a batch of expired tokens of any user, oldest first, skipping rows another
-- transaction holds so the purge never waits on a refresh.
-- params: $1 batch_size integer
-- uses: refresh_tokens_purge_expires_idx
DELETE FROM refresh_tokens
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM refresh_tokens
    WHERE expires_at < now()
    ORDER BY expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
