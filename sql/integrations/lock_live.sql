-- Which of the given ids are live integrations of one user, share-locking them so that none can
-- be trashed before the caller's transaction (which is about to import through them) commits.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: integrations_pkey
-- generic plan: uses integrations_live_user_created_idx (not knowing the user, the planner reads the user's live integrations, a handful each, and filters them by id: as cheap as the primary key)
SELECT id
FROM integrations
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
