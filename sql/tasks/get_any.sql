-- Whether one task of one user exists and whether it is live; tells 404 from 412 and 409.
-- params: $1 user_id uuid, $2 id uuid
-- uses: tasks_pkey
-- sample: id from tooling/sample_task_points row 2
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM tasks
WHERE user_id = $1
    AND id = $2
