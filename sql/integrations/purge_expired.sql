-- Hard-delete up to a batch of integrations soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds. Their secrets go with them (ON DELETE CASCADE); media imported
-- through them stay and stop naming them (trigger integrations_clear_references).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: integrations_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM integrations
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM integrations
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
