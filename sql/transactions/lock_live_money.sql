-- The amount and currency of one live transaction of one user, locked until the transaction
-- ends: a PATCH that changes one of the two checks it against the other before writing it, and
-- no concurrent PATCH changes the other in between.
-- params: $1 user_id uuid, $2 id uuid
-- uses: transactions_pkey
-- sample: id from tooling/sample_transaction_points row 2
SELECT
    amount,
    currency
FROM transactions
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
FOR UPDATE
