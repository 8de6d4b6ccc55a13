-- Open tasks of one project of one user with a due date, soonest first, due before $3 (null:
-- any date), after a keyset cursor. Either index serves: the user's open dated tasks in order,
-- keeping the project's; or the project's tasks, keeping the open dated ones and sorting them
-- (bounded by the project's size). The planner picks by the sizes.
-- params: $1 user_id uuid, $2 project_id uuid, $3 due_before timestamptz, $4 after_due_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: tasks_live_user_open_due_idx | tasks_user_project_created_idx
-- replica: yes
-- sample: project_id from tooling/sample_task_project_point
-- sample: due_before = null
-- sample: after_due_at = null
-- sample: after_id = null
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
    AND due_at IS NOT NULL
    AND status IN ('todo', 'in_progress')
    AND due_at < coalesce($3::timestamptz, 'infinity')
    AND (due_at, id) > (coalesce($4::timestamptz, '-infinity'), coalesce($5::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY due_at, id
LIMIT $6
