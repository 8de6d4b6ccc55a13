-- One live transaction of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: transactions_pkey
-- replica: yes
-- sample: id from tooling/sample_transaction_points row 2
SELECT
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
FROM transactions
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
