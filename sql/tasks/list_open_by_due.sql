-- Open tasks (to do, in progress) of one user with a due date, soonest first, due before $2
-- (null: any date; now: what is overdue), after a keyset cursor. The conditions repeat the
-- partial index's predicate, so the planner can use it.
-- params: $1 user_id uuid, $2 due_before timestamptz, $3 after_due_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: tasks_live_user_open_due_idx
-- replica: yes
-- sample: due_before = null
-- sample: after_due_at = due_at, after_id = id from tooling/sample_task_due_point
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
    AND deleted_at IS NULL
    AND due_at IS NOT NULL
    AND status IN ('todo', 'in_progress')
    AND due_at < coalesce($2::timestamptz, 'infinity')
    AND (due_at, id) > (coalesce($3::timestamptz, '-infinity'), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY due_at, id
LIMIT $5
