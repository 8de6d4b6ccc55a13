-- Hard-delete up to a batch of calendar events soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds so the purge never waits on a user's request. Found
-- and locked through the purge index, deleted by ctid (see bookmarks/purge_expired).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: calendar_events_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM calendar_events
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM calendar_events
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
