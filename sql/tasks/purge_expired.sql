-- Hard-delete up to a batch of tasks soft-deleted before a cut-off, oldest first, skipping rows
-- another transaction holds. A trashed task's subtasks went to the trash with it or before it,
-- so they expire with it or earlier; those the batch leaves (a tie at its edge, a row a request
-- holds) stay and stop naming it, in this same statement (the foreign key's check runs at its
-- end, when both are done): a subtask of a purged task comes back from the trash as a top-level
-- task. The batch is found and locked through the purge index once, then deleted by ctid.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: tasks_purge_deleted_idx, tasks_user_parent_created_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner may expect much of the table past it and plan a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
WITH doomed AS MATERIALIZED (
    SELECT
        ctid,
        user_id,
        id
    FROM tasks
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
),
orphaned AS (
    UPDATE tasks AS c
    SET parent_task_id = NULL
    FROM doomed AS d
    WHERE c.user_id = d.user_id
        AND c.parent_task_id = d.id
        AND c.ctid <> ALL (ARRAY(SELECT ctid FROM doomed))
    RETURNING c.id
)
DELETE FROM tasks
WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed))
