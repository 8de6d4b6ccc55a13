-- The depth (how many ancestors it has) of each of the given tasks of one user that is live: a
-- task put under one of them is one deeper. Walks up the parent chain of each, bounded by the
-- deepest a tree may be (10 ancestors) plus one, should the data ever hold a cycle.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: tasks_pkey
-- sample: ids = deepest_id from tooling/sample_task_tree every row
WITH RECURSIVE chain AS (
    -- Liveness is carried, not filtered on here, so that even a generic plan looks the ids up
    -- in the primary key rather than in a live-row index over the user's whole list.
    SELECT
        t.id AS task_id,
        t.deleted_at IS NULL AS live,
        t.parent_task_id,
        0 AS depth
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.id = ANY($2::uuid[])
    UNION ALL
    SELECT
        c.task_id,
        c.live,
        p.parent_task_id,
        c.depth + 1
    FROM chain AS c
    JOIN tasks AS p
        ON p.user_id = $1
        AND p.id = c.parent_task_id
    WHERE c.live
        AND c.depth <= 10
)
SELECT
    task_id AS id,
    max(depth) AS depth
FROM chain
WHERE live
GROUP BY task_id
