-- Which of the given ids are live integrations of one user, share-locking them so that none can
-- be trashed before the caller's transaction (which is about to import through them) commits.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: integrations_pkey
SELECT id
FROM integrations
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
