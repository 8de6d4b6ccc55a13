-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's tasks, in the caller's own
-- short transaction. Rows outside the batch that name one of the batch in parent_task_id
-- stop naming it in this same statement (the foreign key's check runs at its end), as the purge
-- does; they go in a later batch. Found in primary key order, deleted by ctid (a Tid Scan).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: tasks_pkey, tasks_user_parent_created_idx
-- sample user: heaviest owner of tasks
WITH doomed AS MATERIALIZED (
    SELECT
        ctid,
        id
    FROM tasks
    WHERE user_id = $1
    ORDER BY
        user_id,
        id
    LIMIT $2
),
orphaned AS (
    UPDATE tasks AS c
    SET parent_task_id = NULL
    FROM doomed AS d
    WHERE c.user_id = $1
        AND c.parent_task_id = d.id
        AND c.ctid <> ALL (ARRAY(SELECT ctid FROM doomed))
    RETURNING c.id
)
DELETE FROM tasks
WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed))
    AND user_id = $1
