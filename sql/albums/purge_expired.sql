-- Hard-delete up to a batch of albums soft-deleted before a cut-off, oldest first, skipping rows
-- another transaction holds; their links go with them (trigger). The batch is found and locked
-- through the purge index, then deleted by ctid (a Tid Scan): joining back on (user_id, id) let
-- the planner read the whole table for one batch (as refresh_tokens/purge_expired found).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: albums_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM albums
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM albums
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
