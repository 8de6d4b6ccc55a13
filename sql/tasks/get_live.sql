-- One live task of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: tasks_pkey
-- replica: yes
-- sample: id from tooling/sample_task_points row 2
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
FROM tasks
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
