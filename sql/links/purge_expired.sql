-- Hard-delete up to a batch of links soft-deleted before a cut-off, oldest first, skipping rows
-- another transaction holds.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: links_purge_deleted_idx
DELETE FROM links
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM links
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
