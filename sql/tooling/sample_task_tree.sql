-- One user's top-level live task with the largest live subtree, and the deepest task in it: a
-- subtree to walk, and a deep task to put a subtask under or to move the tree beneath.
-- params: $1 user_id uuid
-- uses: none (walks one user's whole live task forest once)
WITH RECURSIVE walk AS (
    SELECT
        t.id AS root_id,
        t.id,
        0 AS depth
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.parent_task_id IS NULL
        AND t.deleted_at IS NULL
    UNION ALL
    SELECT
        w.root_id,
        c.id,
        w.depth + 1
    FROM walk AS w
    JOIN tasks AS c
        ON c.user_id = $1
        AND c.parent_task_id = w.id
    WHERE c.deleted_at IS NULL
        AND w.depth < 10
)
SELECT
    w.root_id,
    (array_agg(w.id ORDER BY w.depth DESC, w.id))[1] AS deepest_id,
    count(*) AS size,
    max(w.depth) AS height
FROM walk AS w
GROUP BY w.root_id
ORDER BY count(*) DESC, w.root_id
LIMIT 1
