-- Live tasks of one project of one user, newest first, of one status when $3 is not null,
-- after a keyset cursor. The project's index holds its trashed tasks too (the foreign key needs
-- them); they are a few percent, filtered out, as are the other statuses: a read bounded by the
-- project's size.
-- params: $1 user_id uuid, $2 project_id uuid, $3 status text, $4 after_created_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: tasks_user_project_created_idx
-- replica: yes
-- sample: project_id, after_created_at = created_at, after_id = id from tooling/sample_task_project_point
-- sample: status = null
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
    AND project_id = $2
    AND deleted_at IS NULL
    AND ($3::text IS NULL OR status = $3)
    AND (created_at, id) < (coalesce($4::timestamptz, 'infinity'), coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $6
