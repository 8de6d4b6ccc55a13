-- Hard-delete up to a batch of media soft-deleted before a cut-off, oldest first, skipping rows
-- another transaction holds so the purge never waits on a user's request.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: media_purge_deleted_idx
-- generic plan: not checked (not knowing the cut-off, the planner expects a third of media past it and plans a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
-- trigger uses: links_user_from_idx, links_user_to_idx, documents_user_media_idx (delete_links_of_object: the links from or to each deleted row go too; clear_media_from_documents: the documents naming a deleted row stay and stop naming it)
DELETE FROM media
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM media
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
