-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's live locations, oldest first,
-- in the caller's own short transaction. The batch is the oldest $2 through the live index;
-- then every live row of the user up to the newest of them goes: one live point per instant (locations_live_point_key is unique), so the bound takes exactly the batch. The bound is an
-- InitPlan, so the months past it are pruned at run time and the delete reads only the
-- months the batch lies in, never every month (ctid, which the unpartitioned tables delete
-- by, is unique only within one partition).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: locations_live_point_key
-- sample user: heaviest owner of locations
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
DELETE FROM locations
WHERE user_id = $1
    AND deleted_at IS NULL
    AND recorded_at <= (
        SELECT max(b.recorded_at)
        FROM (
            SELECT recorded_at
            FROM locations
            WHERE user_id = $1
                AND deleted_at IS NULL
            ORDER BY recorded_at
            LIMIT $2
        ) AS b
    )
