-- Which of the given ids are live projects of one user, share-locking them so that none can be
-- trashed before the caller's transaction (which is about to put tasks in them) commits. A
-- user's live projects are few (a few dozen for the heaviest user of the default data): the
-- planner may read them all from the list index and keep the ids asked for, as cheap as probing
-- the primary key for each.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: projects_pkey | projects_live_user_status_name_idx
-- sample: ids = id from tooling/sample_project_points every row
SELECT id
FROM projects
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
