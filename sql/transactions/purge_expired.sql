-- Hard-delete up to a batch of transactions soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds so the purge never waits on a user's request.
-- The batch's keys go through arrays, which the planner takes for a handful of rows: each row is
-- then deleted by primary key (as ai_interactions/purge_expired does).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: transactions_purge_deleted_idx, transactions_pkey
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
WITH batch AS (
    SELECT
        array_agg(doomed.user_id) AS user_ids,
        array_agg(doomed.id) AS ids
    FROM (
        SELECT
            user_id,
            id
        FROM transactions
        WHERE deleted_at < $1
        ORDER BY deleted_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    ) AS doomed
)
DELETE FROM transactions AS t
USING batch
CROSS JOIN LATERAL unnest(batch.user_ids, batch.ids) AS k (user_id, id)
WHERE t.user_id = k.user_id
    AND t.id = k.id
