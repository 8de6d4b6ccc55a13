-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's live health records, oldest first,
-- in the caller's own short transaction. The batch is the oldest $2 through the live index;
-- then every live row of the user up to the newest of them goes: records of the same instant at the bound's edge go with it (a few more than the batch at most). The bound is an
-- InitPlan, so the months past it are pruned at run time and the delete reads only the
-- months the batch lies in, never every month (ctid, which the unpartitioned tables delete
-- by, is unique only within one partition).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: health_records_live_user_recorded_idx
-- sample user: heaviest owner of health_records
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
DELETE FROM health_records
WHERE user_id = $1
    AND deleted_at IS NULL
    AND recorded_at <= (
        SELECT max(b.recorded_at)
        FROM (
            SELECT recorded_at
            FROM health_records
            WHERE user_id = $1
                AND deleted_at IS NULL
            ORDER BY recorded_at
            LIMIT $2
        ) AS b
    )
