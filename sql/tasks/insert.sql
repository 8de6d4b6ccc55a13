-- Store one new task for one user and return it. Done, it is done at completed_at (an import
-- of earlier work) or now. The caller has checked its project and parent (live, share-locked;
-- the parent under the user's tree lock, not too deep). A live task with the same import key is
-- a unique violation (409).
-- params: $1 user_id uuid, $2 title text, $3 notes text, $4 status text, $5 priority smallint, $6 due_at timestamptz, $7 completed_at timestamptz, $8 project_id uuid, $9 parent_task_id uuid, $10 metadata jsonb, $11 source_integration_id uuid, $12 source_platform text, $13 source_object_id text
-- uses: none (plain insert)
-- sample: title = "Explain"
-- sample: status = "todo"
-- sample: priority = 1
-- sample: project_id = null
-- sample: parent_task_id = null
INSERT INTO tasks (
    user_id, title, notes, status, priority, due_at, completed_at, project_id, parent_task_id,
    metadata, source_integration_id, source_platform, source_object_id
)
VALUES (
    $1, $2, $3, $4, $5, $6,
    CASE WHEN $4 = 'done' THEN coalesce($7, now()) END,
    $8, $9, $10, $11, $12, $13
)
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
