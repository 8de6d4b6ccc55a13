-- Bring one trashed task of one user back with the subtasks trashed with it (same deleted_at,
-- found down the tree through such subtasks only: one trashed on its own earlier stays in the
-- trash, with its own subtree). Not while its parent is in the trash (no row: the caller answers
-- 409); a live task now holding an import key of the subtree makes it fail with a unique
-- violation (409, nothing restored). Run under the user's tree lock. Answers the task. The
-- subtasks trashed with it are found through the trash index, by the user and that deleted_at
-- (exactly the rows trashed by that one request), through the subtasks index, or through the
-- purge index by that deleted_at alone (the rows of every user trashed at that same instant: a
-- request's, a handful); the planner picks by the sizes.
-- params: $1 user_id uuid, $2 id uuid
-- uses: tasks_pkey, tasks_trash_user_deleted_idx | tasks_user_parent_created_idx | tasks_purge_deleted_idx
-- sample: id from tooling/sample_task_trash_point
WITH RECURSIVE subtree AS (
    SELECT
        t.id,
        t.deleted_at,
        0 AS depth
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.id = $2
        AND t.deleted_at IS NOT NULL
        -- Its parent, if any, is live (a correlated probe of the primary key).
        AND coalesce((
            SELECT p.deleted_at IS NULL
            FROM tasks AS p
            WHERE p.user_id = $1
                AND p.id = t.parent_task_id
        ), true)
    UNION ALL
    SELECT
        c.id,
        c.deleted_at,
        s.depth + 1
    FROM subtree AS s
    JOIN tasks AS c
        ON c.user_id = $1
        AND c.parent_task_id = s.id
    WHERE c.deleted_at = s.deleted_at
        AND s.depth < 10
),
restored AS (
    UPDATE tasks AS t
    SET deleted_at = NULL
    WHERE t.user_id = $1
        AND t.id = ANY (ARRAY(SELECT s.id FROM subtree AS s))
    RETURNING
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
)
SELECT
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
FROM restored
WHERE id = $2
