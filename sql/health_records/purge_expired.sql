-- Hard-delete up to a batch of records soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. The batch is
-- found and locked through the purge index of each partition; the rows are then deleted by
-- their full primary key, found again through each partition's trash (deleted_at no later than
-- the batch's newest: about a batch of index entries in all). ctid is unique only within one
-- partition, so the Tid Scan the other purges use cannot serve; and without the deleted_at
-- bound the join back read every partition whole.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: health_records_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
WITH expired AS MATERIALIZED (
    SELECT
        user_id,
        id,
        recorded_at,
        deleted_at
    FROM health_records
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
DELETE FROM health_records AS h
USING expired
WHERE h.deleted_at <= (SELECT max(e.deleted_at) FROM expired AS e)
    AND h.user_id = expired.user_id
    AND h.id = expired.id
    AND h.recorded_at = expired.recorded_at
