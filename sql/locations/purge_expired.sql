-- Hard-delete up to a batch of points soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds so the purge never waits on a user's request. The batch is
-- found and locked through the purge index of each partition; the rows are then deleted by
-- their full primary key, found again through each partition's trash (deleted_at no later than
-- the batch's newest: about a batch of index entries in all). ctid is unique only within one
-- partition, so the Tid Scan the other purges use cannot serve; and without the deleted_at
-- bound the join back read every partition whole.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: locations_purge_deleted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
WITH expired AS MATERIALIZED (
    SELECT
        user_id,
        id,
        recorded_at,
        deleted_at
    FROM locations
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
DELETE FROM locations AS l
USING expired
WHERE l.deleted_at <= (SELECT max(e.deleted_at) FROM expired AS e)
    AND l.user_id = expired.user_id
    AND l.id = expired.id
    AND l.recorded_at = expired.recorded_at
