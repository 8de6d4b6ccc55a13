-- Live tasks of one user in one status, newest first, after a keyset cursor.
-- params: $1 user_id uuid, $2 status text, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: tasks_live_user_status_created_idx
-- replica: yes
-- sample: status = "in_progress"
-- sample: after_created_at = created_at, after_id = id from tooling/sample_task_points row 2
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
    AND status = $2
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $5
