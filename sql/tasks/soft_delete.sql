-- Move one live task of one user to the trash, if its version still matches, and its live
-- subtasks at every depth with it, at the same instant (so that a restore brings back exactly
-- these). Run under the user's tree lock, so no subtask is added or moved in meanwhile.
-- Answers the ids trashed: none when the task is not live or its version moved on. The ids
-- are handed to the update as one array, so that even a generic plan probes the primary key
-- (the walk kept live rows only, and under the tree lock no other trash or restore of the user
-- runs: saying deleted_at IS NULL again would let a live-row index look like the cheaper way).
-- A generic plan, not knowing the user, expects a user's twenty or so tasks and may read the
-- user's subtasks from the same index once per level, matching them in a hash rather than
-- probing per task: bounded by one user's subtasks times the depth.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: tasks_pkey, tasks_user_parent_created_idx
-- sample: id = root_id from tooling/sample_task_tree
-- sample: expected_updated_at = null
WITH RECURSIVE root AS (
    -- Locked, so that a change committed meanwhile is seen (its version checked again).
    SELECT t.id
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.id = $2
        AND t.deleted_at IS NULL
        AND ($3::timestamptz IS NULL OR t.updated_at = $3)
    FOR UPDATE
),
subtree AS (
    SELECT
        r.id,
        0 AS depth
    FROM root AS r
    UNION ALL
    SELECT
        c.id,
        s.depth + 1
    FROM subtree AS s
    JOIN tasks AS c
        ON c.user_id = $1
        AND c.parent_task_id = s.id
    WHERE c.deleted_at IS NULL
        AND s.depth < 10
)
UPDATE tasks AS t
SET deleted_at = now()
WHERE t.user_id = $1
    AND t.id = ANY (ARRAY(SELECT s.id FROM subtree AS s))
RETURNING t.id
