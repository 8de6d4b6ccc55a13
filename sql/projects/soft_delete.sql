-- Move one live project of one user to the trash. Its tasks stay live and keep naming it, so
-- that restoring it finds them all again.
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: projects_pkey
-- sample: id from tooling/sample_project_points row 2
-- sample: expected_updated_at = null
UPDATE projects
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
