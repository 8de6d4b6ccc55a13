-- Hard-delete up to a batch of projects soft-deleted before a cut-off, oldest first, skipping
-- rows another transaction holds. Their tasks, live or trashed, stay and stop naming them, in
-- this same statement (the foreign key's check runs at its end, when both are done). The batch
-- is found and locked through the purge index once, then deleted by ctid (a Tid Scan).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: projects_purge_deleted_idx, tasks_user_project_created_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner may expect much of the table past it and plan a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
WITH doomed AS MATERIALIZED (
    SELECT
        ctid,
        user_id,
        id
    FROM projects
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
),
detached AS (
    UPDATE tasks AS t
    SET project_id = NULL
    FROM doomed AS d
    WHERE t.user_id = d.user_id
        AND t.project_id = d.id
    RETURNING t.id
)
DELETE FROM projects
WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed))
