-- Insert a batch of tasks for one user in one statement, each under the id given for it in the
-- same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) a live task already holds (or an earlier item of the batch); returns the
-- ids inserted. Done items are done at their completed_at, or now. The caller has checked the
-- projects and parents the items name, as for one task.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: tasks_live_source_key
-- sample: items = [{"title": "Water the plants", "status": "done", "priority": 0, "metadata": {}, "source_platform": "todoist", "source_object_id": "explain-import-1"}]
INSERT INTO tasks (
    user_id, id, title, notes, status, priority, due_at, completed_at, project_id,
    parent_task_id, metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.title,
    item.notes,
    coalesce(item.status, 'todo'),
    coalesce(item.priority, 0),
    item.due_at,
    CASE WHEN item.status = 'done' THEN coalesce(item.completed_at, now()) END,
    item.project_id,
    item.parent_task_id,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        title text,
        notes text,
        status text,
        priority smallint,
        due_at timestamptz,
        completed_at timestamptz,
        project_id uuid,
        parent_task_id uuid,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    title, notes, status, priority, due_at, completed_at, project_id, parent_task_id, metadata,
    source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
