-- Hard-delete up to a batch of AI interactions soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds so the purge never waits on a user's request.
-- The batch's keys go through arrays, which the planner takes for a handful of rows: each row is
-- then deleted by primary key. Planned as a join of the whole table against a thousand keys, the
-- delete would read every row of a table of this size to remove a few.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: ai_interactions_purge_deleted_idx, ai_interactions_pkey
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner expects a third of the interactions past it and plans a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
WITH batch AS (
    SELECT
        array_agg(doomed.user_id) AS user_ids,
        array_agg(doomed.id) AS ids
    FROM (
        SELECT
            user_id,
            id
        FROM ai_interactions
        WHERE deleted_at < $1
        ORDER BY deleted_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    ) AS doomed
)
DELETE FROM ai_interactions AS a
USING batch
CROSS JOIN LATERAL unnest(batch.user_ids, batch.ids) AS k (user_id, id)
WHERE a.user_id = k.user_id
    AND a.id = k.id
