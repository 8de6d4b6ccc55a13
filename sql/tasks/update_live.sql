-- Change the fields named in a JSON patch of one live task, if its version still matches. A key
-- absent from the patch keeps its value; a key present with null clears it. A status of done
-- sets completed_at to now unless the task was done already (then it keeps it); any other
-- status clears it. A new parent_task_id was checked by the caller (tasks/check_move, under the
-- user's tree lock).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: tasks_pkey
-- sample: id from tooling/sample_task_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE tasks
SET
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    notes = CASE WHEN $3 ? 'notes' THEN $3 ->> 'notes' ELSE notes END,
    status = CASE WHEN $3 ? 'status' THEN $3 ->> 'status' ELSE status END,
    completed_at = CASE
        WHEN NOT ($3 ? 'status') THEN completed_at
        WHEN $3 ->> 'status' <> 'done' THEN NULL
        ELSE coalesce(completed_at, now())
    END,
    priority = CASE WHEN $3 ? 'priority' THEN ($3 ->> 'priority')::smallint ELSE priority END,
    due_at = CASE WHEN $3 ? 'due_at' THEN ($3 ->> 'due_at')::timestamptz ELSE due_at END,
    project_id = CASE WHEN $3 ? 'project_id' THEN ($3 ->> 'project_id')::uuid ELSE project_id END,
    parent_task_id = CASE
        WHEN $3 ? 'parent_task_id' THEN ($3 ->> 'parent_task_id')::uuid
        ELSE parent_task_id
    END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
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
