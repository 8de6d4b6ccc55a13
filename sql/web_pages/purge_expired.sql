-- Hard-delete up to a batch of web pages soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. Bookmarks
-- naming a purged page stay and stop naming it (trigger web_pages_clear_bookmarks). The batch
-- is found and locked through the purge index, then deleted by ctid (a Tid Scan), as
-- links/purge_expired does: joining back on (user_id, id) read the whole table for one batch.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: web_pages_purge_deleted_idx
-- trigger uses: bookmarks_user_web_page_idx, links_user_from_idx, links_user_to_idx (clear_web_page_from_bookmarks and delete_links_of_object: the bookmarks of each purged page, and the links from or to it)
DELETE FROM web_pages
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM web_pages
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
