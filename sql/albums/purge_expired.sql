-- Hard-delete up to a batch of albums soft-deleted before a cut-off, oldest first, skipping rows
-- another transaction holds; their links go with them (trigger).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: albums_purge_deleted_idx
DELETE FROM albums
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM albums
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
