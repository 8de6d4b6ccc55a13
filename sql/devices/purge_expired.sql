-- Hard-delete up to a batch of devices soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. The batch is
-- found and locked through the purge index, then deleted by ctid (a Tid Scan), as
-- notifications/purge_expired does.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: devices_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM devices
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM devices
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
