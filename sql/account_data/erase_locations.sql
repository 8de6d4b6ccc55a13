-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's locations, in the caller's own
-- short transaction. The batch is found in primary key order through each month's primary key,
-- then each row is deleted by its full primary key: the partition key is in it, so each probe
-- reads one month's index (run-time pruning), never every month. ctid is unique only within one
-- partition, so the Tid Scan of the unpartitioned tables cannot serve.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: locations_pkey
-- sample user: heaviest owner of locations
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
WITH doomed AS MATERIALIZED (
    SELECT
        id,
        recorded_at
    FROM locations
    WHERE user_id = $1
    ORDER BY
        user_id,
        id
    LIMIT $2
)
DELETE FROM locations AS t
USING doomed AS d
WHERE t.user_id = $1
    AND t.id = d.id
    AND t.recorded_at = d.recorded_at
