-- Bring one trashed transaction of one user back, unless a live one now holds its import key.
-- params: $1 user_id uuid, $2 id uuid
-- uses: transactions_pkey
-- generic plan: uses transactions_trash_user_deleted_idx (not knowing the user, the planner rates the user's range of the small trash index as cheap as the primary key and checks id inside the index; it reads at most that user's trash, which the 30-day purge bounds)
-- sample: id from tooling/sample_transaction_trash_point
UPDATE transactions
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    account_name,
    amount,
    currency,
    occurred_at,
    merchant,
    category,
    description,
    pending,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
