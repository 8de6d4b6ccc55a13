-- Hard-delete up to a batch of messages soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. Trashed rows
-- count in no thread, so the threads' summaries stay as they are.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: emails_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner expects a third of the messages past it and plans a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
DELETE FROM emails
WHERE (user_id, id) IN (
    SELECT
        user_id,
        id
    FROM emails
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
