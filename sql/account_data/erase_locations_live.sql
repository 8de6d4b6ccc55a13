-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's live locations, oldest first, in
-- the caller's own short transaction. The batch is the oldest $2 through the live index; exactly
-- those rows go (one live point per instant: locations_live_point_key is unique), found again
-- through that index by recorded_at = ANY of the batch's instants (an array the planner cannot see,
-- which it counts as a handful: an index probe in each month at any size, where a bound alone left
-- it guessing a third of the user's rows and, at a thousand times the size, reading every month in
-- full). The batch's first and last instants are InitPlans too: the months outside them are pruned
-- at run time, so the delete reads only the months the batch lies in (ctid, which would be cheaper,
-- is unique only within one partition).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: locations_live_point_key
-- sample user: heaviest owner of locations
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
WITH doomed AS MATERIALIZED (
    SELECT recorded_at
    FROM locations
    WHERE user_id = $1
        AND deleted_at IS NULL
    ORDER BY recorded_at
    LIMIT $2
)
DELETE FROM locations
WHERE user_id = $1
    AND deleted_at IS NULL
    AND recorded_at = ANY (ARRAY(SELECT d.recorded_at FROM doomed AS d))
    AND recorded_at >= (SELECT min(d.recorded_at) FROM doomed AS d)
    AND recorded_at <= (SELECT max(d.recorded_at) FROM doomed AS d)
