-- One live task of one user and its live subtasks at every depth, depth first: each task before
-- its subtasks, subtasks in the order they were made (sort_key: the (created_at, id) of each
-- task on the path from the top, as bytes, compared byte-wise whatever the collation). Up to
-- $3 rows; the walk is bounded by the deepest a tree may be.
-- A generic plan, not knowing the user, expects a user's twenty or so tasks and may read the
-- user's subtasks from the same index once per level, matching them in a hash rather than
-- probing per task: bounded by one user's subtasks times the depth.
-- params: $1 user_id uuid, $2 id uuid, $3 lim integer
-- uses: tasks_pkey, tasks_user_parent_created_idx
-- replica: yes
-- sample: id = root_id from tooling/sample_task_tree
WITH RECURSIVE tree AS (
    SELECT
        0 AS depth,
        '\x'::bytea AS sort_key,
    t.id,
    t.user_id,
    t.title,
    t.notes,
    t.status,
    t.priority,
    t.due_at,
    t.completed_at,
    t.project_id,
    t.parent_task_id,
    t.created_at,
    t.updated_at,
    t.deleted_at,
    t.metadata,
    t.source_integration_id,
    t.source_platform,
    t.source_object_id
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.id = $2
        AND t.deleted_at IS NULL
    UNION ALL
    SELECT
        tree.depth + 1,
        tree.sort_key
        || int8send((extract(epoch FROM t.created_at) * 1000000)::bigint)
        || uuid_send(t.id),
    t.id,
    t.user_id,
    t.title,
    t.notes,
    t.status,
    t.priority,
    t.due_at,
    t.completed_at,
    t.project_id,
    t.parent_task_id,
    t.created_at,
    t.updated_at,
    t.deleted_at,
    t.metadata,
    t.source_integration_id,
    t.source_platform,
    t.source_object_id
    FROM tree
    JOIN tasks AS t
        ON t.user_id = $1
        AND t.parent_task_id = tree.id
    WHERE t.deleted_at IS NULL
        AND tree.depth < 10
)
SELECT
    depth,
    id,
    user_id,
    title,
    notes,
    status,
    priority,
    due_at,
    completed_at,
    project_id,
    parent_task_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM tree
ORDER BY sort_key
LIMIT $3
