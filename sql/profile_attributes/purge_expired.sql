-- Hard-delete up to a batch of profile attributes soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds so the purge never waits on a user's request. The
-- batch is found and locked through the purge index, then deleted by ctid (a Tid Scan), as
-- notifications/purge_expired does.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: profile_attributes_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
DELETE FROM profile_attributes
WHERE ctid = ANY (ARRAY(
    SELECT ctid
    FROM profile_attributes
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
))
