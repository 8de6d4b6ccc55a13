-- What moving one task of one user under another (its new parent) would do, in one statement:
-- whether the task and the parent are live, whether the task is the parent or one of its
-- ancestors (a cycle), the parent's depth, and the height of the task's subtree (trashed
-- subtasks count: a restore brings them back). Run under the user's tree lock
-- (tasks/lock_tree), so nothing it read changes before the move commits. Both walks are
-- bounded by the deepest a tree may be, plus one.
-- A generic plan, not knowing the user, expects a user's twenty or so tasks and may read the
-- user's subtasks from the same index once per level, matching them in a hash rather than
-- probing per task: bounded by one user's subtasks times the depth.
-- params: $1 user_id uuid, $2 id uuid, $3 parent_id uuid
-- uses: tasks_pkey, tasks_user_parent_created_idx
-- sample: id = root_id from tooling/sample_task_tree
-- sample: parent_id = deepest_id from tooling/sample_task_tree
WITH RECURSIVE ancestors AS (
    -- The new parent (depth 0) and its ancestors up to its top-level task.
    SELECT
        p.id,
        p.parent_task_id,
        p.deleted_at IS NULL AS live,
        0 AS depth
    FROM tasks AS p
    WHERE p.user_id = $1
        AND p.id = $3
    UNION ALL
    SELECT
        t.id,
        t.parent_task_id,
        t.deleted_at IS NULL,
        a.depth + 1
    FROM ancestors AS a
    JOIN tasks AS t
        ON t.user_id = $1
        AND t.id = a.parent_task_id
    WHERE a.depth <= 10
),
below AS (
    -- The task's subtasks at every depth, trashed ones included.
    SELECT
        c.id,
        1 AS depth
    FROM tasks AS c
    WHERE c.user_id = $1
        AND c.parent_task_id = $2
    UNION ALL
    SELECT
        c.id,
        b.depth + 1
    FROM below AS b
    JOIN tasks AS c
        ON c.user_id = $1
        AND c.parent_task_id = b.id
    WHERE b.depth <= 10
)
SELECT
    (SELECT t.deleted_at IS NULL FROM tasks AS t WHERE t.user_id = $1 AND t.id = $2) AS task_live,
    (SELECT a.live FROM ancestors AS a WHERE a.depth = 0) AS parent_live,
    EXISTS (SELECT 1 FROM ancestors AS a WHERE a.id = $2) AS creates_cycle,
    (SELECT max(a.depth) FROM ancestors AS a) AS parent_depth,
    coalesce((SELECT max(b.depth) FROM below AS b), 0) AS height
