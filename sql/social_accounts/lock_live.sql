-- Which of the given ids are live social accounts of one user, with their platform,
-- share-locking them so that none can be trashed before the caller's transaction (which is
-- about to store posts under them) commits.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: social_accounts_pkey
-- generic plan: uses social_accounts_live_handle_key (not knowing the user, the planner reads the user's live accounts, a handful each, and filters them by id: as cheap as the primary key)
-- sample: ids = id from tooling/sample_social_account_points every row
SELECT
    id,
    platform
FROM social_accounts
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
