-- Which of the given ids are live projects of one user, share-locking them so that none can be
-- trashed before the caller's transaction (which is about to put tasks in them) commits.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: projects_pkey
-- sample: ids = id from tooling/sample_project_points every row
SELECT id
FROM projects
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
