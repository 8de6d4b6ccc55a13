-- Hard-delete up to a batch of documents soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. The batch is
-- found and locked through the purge index, then deleted by ctid (a Tid Scan), as
-- bookmarks/purge_expired. The media items they name stay (they are media's to purge).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: documents_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM documents
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM documents
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
